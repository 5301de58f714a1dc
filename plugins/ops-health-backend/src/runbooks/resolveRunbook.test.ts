import { Entity } from '@backstage/catalog-model';
import { RunbookConfig } from './config';
import { resolveRunbook } from './resolveRunbook';

const sections = {
  cost: 'cost-overrun-alert',
  replication: 's3-replication-failure',
  backup: 'disaster-recovery-backup-failure',
  incident: 'incident-response-workflow',
};
const config: RunbookConfig = { sections };
const withDefault: RunbookConfig = {
  sections,
  defaultUrl: 'https://wiki.example.com/ops#top',
};

function entity(
  options: {
    runbook?: string;
    links?: Entity['metadata']['links'];
    namespace?: string;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.runbook
        ? { annotations: { 'ops-health/runbook': options.runbook } }
        : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    spec: { owner: 'group:default/platform-ops' },
  };
}

describe('resolveRunbook', () => {
  it("points a check's part at its check's section unless it has its own", () => {
    const runbook = entity({ runbook: 'https://wiki.example.com/runbook' });
    expect(resolveRunbook(runbook, 'replication-canary', config)).toEqual({
      url: 'https://wiki.example.com/runbook#s3-replication-failure',
      source: 'annotation',
      section: 's3-replication-failure',
    });
    expect(
      resolveRunbook(runbook, 'replication-canary', {
        sections: { ...sections, 'replication-canary': 'canary' },
      }),
    ).toMatchObject({ section: 'canary' });
    // A check without a section of its own: no fragment.
    expect(resolveRunbook(runbook, 'posture', config)).toEqual({
      url: 'https://wiki.example.com/runbook',
      source: 'annotation',
    });
  });

  it('turns a TechDocs entity ref into the portal docs path', () => {
    expect(
      resolveRunbook(
        entity({ runbook: 'Component:default/ops-runbook' }),
        'cost',
        config,
      ),
    ).toEqual({
      url: '/docs/default/component/ops-runbook/#cost-overrun-alert',
      source: 'annotation',
      section: 'cost-overrun-alert',
    });
  });

  it("reads a ref without kind as a Component in the entity's namespace", () => {
    expect(
      resolveRunbook(
        entity({ runbook: 'ops-runbook', namespace: 'payments' }),
        undefined,
        config,
      ),
    ).toEqual({
      url: '/docs/payments/component/ops-runbook/',
      source: 'annotation',
    });
  });

  it('uses a URL annotation as is, replacing its fragment with the section', () => {
    expect(
      resolveRunbook(
        entity({ runbook: 'https://wiki.example.com/runbook?v=2#intro' }),
        'replication',
        config,
      ),
    ).toEqual({
      url: 'https://wiki.example.com/runbook?v=2#s3-replication-failure',
      source: 'annotation',
      section: 's3-replication-failure',
    });
    // no check: the URL keeps its own fragment
    expect(
      resolveRunbook(
        entity({ runbook: 'https://wiki.example.com/runbook#intro' }),
        undefined,
        config,
      ),
    ).toEqual({
      url: 'https://wiki.example.com/runbook#intro',
      source: 'annotation',
    });
  });

  it('prefers the annotation over links and config', () => {
    const e = entity({
      runbook: 'component:default/ops-runbook',
      links: [{ url: 'https://other.example.com/rb', type: 'runbook' }],
    });
    expect(resolveRunbook(e, 'backup', withDefault)).toMatchObject({
      source: 'annotation',
      url: '/docs/default/component/ops-runbook/#disaster-recovery-backup-failure',
    });
  });

  it('falls back to a link of type runbook, then to the configured URL', () => {
    const linked = entity({
      links: [
        { url: 'https://chat.example.com/x', type: 'chat' },
        {
          url: 'http://localhost:3000/docs/default/component/ops-runbook',
          type: 'runbook',
        },
      ],
    });
    expect(resolveRunbook(linked, 'incident', withDefault)).toEqual({
      url: 'http://localhost:3000/docs/default/component/ops-runbook#incident-response-workflow',
      source: 'link',
      section: 'incident-response-workflow',
    });
    expect(resolveRunbook(entity(), 'cost', withDefault)).toEqual({
      url: 'https://wiki.example.com/ops#cost-overrun-alert',
      source: 'config',
      section: 'cost-overrun-alert',
    });
  });

  it('adds no section for a check without one', () => {
    expect(resolveRunbook(entity(), 'canary', withDefault)).toEqual({
      url: 'https://wiki.example.com/ops#top',
      source: 'config',
    });
  });

  it('is undefined when no runbook is set anywhere', () => {
    expect(resolveRunbook(entity(), 'cost', config)).toBeUndefined();
  });

  it('reports a malformed annotation and goes on to the next source', () => {
    const bad = entity({ runbook: 'not a ref:/x/y' });
    expect(resolveRunbook(bad, 'cost', config)).toEqual({
      error: expect.stringContaining(
        "Annotation ops-health/runbook 'not a ref:/x/y'",
      ),
    });
    expect(resolveRunbook(bad, 'cost', withDefault)).toEqual({
      url: 'https://wiki.example.com/ops#cost-overrun-alert',
      source: 'config',
      section: 'cost-overrun-alert',
      error: expect.stringContaining('ops-health/runbook'),
    });
  });

  it('never returns a link that is not http(s) or a portal path', () => {
    const e = entity({
      links: [
        // eslint-disable-next-line no-script-url -- the unsafe link under test
        { url: 'javascript:alert(1)', type: 'runbook' },
        { url: 'https://wiki.example.com/rb', type: 'Runbook' },
      ],
    });
    expect(resolveRunbook(e, undefined, config)).toEqual({
      url: 'https://wiki.example.com/rb',
      source: 'link',
      error:
        "Runbook link 'javascript:alert(1)': expected an http(s) URL or a portal path",
    });
  });
});
