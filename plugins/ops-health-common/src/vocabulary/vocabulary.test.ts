import { CHECK_HEADLINE_MAX_LENGTH, toHeadline } from '../headline';
import { checkFailureTitle, checkTitle } from './checks';
import {
  entityNameOf,
  ownerRefOf,
  scheduleNameOf,
  scheduleTarget,
} from './entityRefs';
import {
  incidentPagePath,
  entityPagePath,
  isSafeLink,
  safeLink,
} from './links';
import { statusRank, worstStatus } from './statuses';

describe('isSafeLink', () => {
  it.each([
    'https://wiki.example.com/runbook#cost',
    'http://localhost:3000/docs/default/component/ops-runbook',
    '/docs/default/component/ops-runbook/',
  ])('accepts %s', link => expect(isSafeLink(link)).toBe(true));

  it.each([
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
    // eslint-disable-next-line no-script-url
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example.com',
    '/\\evil.example.com',
    'ftp://files.example.com/runbook',
    'mailto:ops@example.com',
    'docs/relative',
    '',
  ])('refuses %j', link => expect(isSafeLink(link)).toBe(false));

  it('gives the trimmed link or nothing', () => {
    expect(safeLink(' https://x.example.com ')).toBe('https://x.example.com');
    expect(safeLink(42)).toBeUndefined();
  });
});

describe('links to the portal', () => {
  it('builds entity and incident paths, lower-casing kind and namespace', () => {
    expect(entityPagePath('Component:Default/checkout-service')).toBe(
      '/catalog/default/component/checkout-service',
    );
    expect(
      incidentPagePath({ id: 'a b', entityRef: 'component:default/x' }),
    ).toBe('/catalog/default/component/x/ops-health/incidents/a%20b');
    expect(entityPagePath('not a ref:')).toBe('/catalog');
  });
});

describe('entity refs', () => {
  it('resolves the owner as a group of the entity namespace by default', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', namespace: 'payments' },
      spec: { owner: 'team-a' },
    };
    expect(ownerRefOf(entity)).toBe('group:payments/team-a');
    expect(
      ownerRefOf({ ...entity, spec: { owner: 'user:default/alice' } }),
    ).toBe('user:default/alice');
    expect(ownerRefOf({ ...entity, spec: {} })).toBeUndefined();
    expect(entityNameOf('component:default/checkout-service')).toBe(
      'checkout-service',
    );
  });

  it('tells on-call schedule targets from user and group refs', () => {
    expect(scheduleTarget('payments-primary')).toBe(
      'schedule:payments-primary',
    );
    expect(scheduleNameOf(scheduleTarget('payments-primary'))).toBe(
      'payments-primary',
    );
    expect(scheduleNameOf('user:default/alice')).toBeUndefined();
    expect(scheduleNameOf('group:default/schedule')).toBeUndefined();
  });
});

describe('check titles and statuses', () => {
  it('names built-in checks and puts a module check id in words', () => {
    expect(checkTitle('cost')).toBe('AWS cost');
    expect(checkTitle('replication-canary')).toBe('Replication test');
    expect(checkTitle('disk-usage')).toBe('Disk usage');
    expect(checkFailureTitle('backup')).toBe('Backup failure');
  });

  it('orders statuses from ok to critical', () => {
    expect(worstStatus(['ok', 'critical', 'warning'])).toBe('critical');
    expect(worstStatus(['unknown', 'ok'])).toBe('unknown');
    expect(worstStatus([])).toBeUndefined();
    expect(statusRank('misconfigured')).toBeGreaterThan(statusRank('warning'));
  });
});

describe('toHeadline', () => {
  it('keeps the first sentence, capitalized, within the maximum', () => {
    expect(toHeadline('no backup found; the function logged 2 errors')).toBe(
      'No backup found',
    );
    const long = toHeadline('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(CHECK_HEADLINE_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });
});
