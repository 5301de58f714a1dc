import { ConfigReader } from '@backstage/config';
import { DEFAULT_RUNBOOK_SECTIONS, readRunbookConfig } from './config';

const root = (opsHealth: unknown) =>
  new ConfigReader({ opsHealth: opsHealth as any });

describe('readRunbookConfig', () => {
  it('defaults to the runbook sections and no URL', () => {
    expect(readRunbookConfig(new ConfigReader({}))).toEqual({
      sections: {
        cost: 'cost-overrun-alert',
        replication: 's3-replication-failure',
        backup: 'disaster-recovery-backup-failure',
        incident: 'incident-response-workflow',
      },
    });
  });

  it('merges configured sections over the defaults', () => {
    expect(
      readRunbookConfig(
        root({
          runbook: {
            defaultUrl: '/docs/default/component/ops-runbook/',
            sections: { cost: '#spend', canary: 'canary-test' },
          },
        }),
      ),
    ).toEqual({
      defaultUrl: '/docs/default/component/ops-runbook/',
      sections: {
        ...DEFAULT_RUNBOOK_SECTIONS,
        cost: 'spend',
        canary: 'canary-test',
      },
    });
    expect(
      readRunbookConfig(
        root({ runbook: { defaultUrl: 'https://wiki.example.com/runbook' } }),
      ).defaultUrl,
    ).toBe('https://wiki.example.com/runbook');
  });

  it.each([
    [
      // eslint-disable-next-line no-script-url -- the unsafe link under test
      { defaultUrl: 'javascript:alert(1)' },
      "Invalid config at 'opsHealth.runbook.defaultUrl': expected an http(s) URL or a portal path",
    ],
    [
      { defaultUrl: '//evil.example.com/x' },
      "Invalid config at 'opsHealth.runbook.defaultUrl':",
    ],
    [
      { sections: { cost: 'two words' } },
      "Invalid config at 'opsHealth.runbook.sections.cost': expected a section anchor",
    ],
    [
      { sections: { cost: '#' } },
      "Invalid config at 'opsHealth.runbook.sections.cost': expected a section anchor",
    ],
    [
      { sections: ['cost-overrun-alert'] },
      "Invalid config at 'opsHealth.runbook.sections':",
    ],
  ])('rejects %j', (runbook, message) => {
    expect(() => readRunbookConfig(root({ runbook }))).toThrow(message);
  });
});
