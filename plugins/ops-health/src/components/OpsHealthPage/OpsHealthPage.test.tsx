import { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { OpsHealthCheckResult } from '@ops-health/backstage-plugin-ops-health-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  OpsHealthApi,
  OpsHealthHealthListOptions,
  opsHealthApiRef,
  OpsHealthCheckSummary,
  OpsHealthIncident,
  OpsHealthSchedule,
} from '../../api';
import {
  minutesAgo,
  onAFixedDate,
  responseError,
} from '../../__testUtils__/fixtures';
import { formatHandoff } from '../common/format';
import { OpsHealthPage } from './OpsHealthPage';

/** When the fixtures below were made: each test's clock stands still at it. */
const FIXTURES_AT = new Date().toISOString();

function result(
  entityRef: string,
  overrides: Partial<OpsHealthCheckResult>,
): OpsHealthCheckResult {
  return {
    entityRef,
    checkId: 'cost',
    subject: '',
    status: 'warning',
    headline: '',
    message: '',
    measuredAt: minutesAgo(10),
    stale: false,
    ...overrides,
  };
}

const RESULTS: OpsHealthCheckResult[] = [
  result('component:default/checkout-service', {
    checkId: 'cost',
    status: 'critical',
    headline: 'USD 420.00 today, over USD 150',
    message: 'USD 420.00 today, over USD 150',
    measuredAt: minutesAgo(5),
  }),
  result('component:default/checkout-service', {
    checkId: 'replication',
    subject: 'checkout-data',
    status: 'warning',
    headline: 'Replication lags 30 min',
    message: 'Replication lags 30 min',
  }),
  result('component:default/billing-api', {
    checkId: 'backup',
    status: 'critical',
    headline: 'Last backup 30 h ago',
    message: 'Last backup 30 h ago',
    stale: true,
    error: 'Lambda timed out',
    errorAt: minutesAgo(20),
  }),
  result('component:default/orphan', {
    checkId: 'cost',
    status: 'misconfigured',
    headline: 'Malformed ops-health/cost-tags',
    message: 'Malformed ops-health/cost-tags',
  }),
];

function component(name: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: owner ? { owner } : {},
  };
}

const CATALOG: Record<string, Entity | undefined> = {
  'component:default/checkout-service': component(
    'checkout-service',
    'payments',
  ),
  'component:default/billing-api': component('billing-api', 'group:finance'),
  'component:default/orphan': component('orphan'),
};

function incident(
  id: string,
  entityRef: string,
  title: string,
  overrides: Partial<OpsHealthIncident> = {},
): OpsHealthIncident {
  return {
    id,
    entityRef,
    title,
    severity: 'SEV2',
    phase: 'detection',
    version: 1,
    createdBy: 'user:default/alice',
    createdAt: minutesAgo(45),
    updatedAt: minutesAgo(5),
    phaseReachedAt: {},
    escalationLevel: 0,
    ...overrides,
  };
}

const CHECK_SUMMARY: OpsHealthCheckSummary[] = [
  {
    checkId: 'cost',
    lastMeasuredAt: minutesAgo(30),
    entityCount: 12,
    staleCount: 0,
    statusCounts: { ok: 10, critical: 1, misconfigured: 1 },
  },
  {
    checkId: 'backup',
    lastMeasuredAt: minutesAgo(300),
    lastError: 'AccessDenied: not authorized to perform lambda:Invoke',
    lastErrorAt: minutesAgo(15),
    entityCount: 3,
    staleCount: 2,
    statusCounts: { critical: 1, ok: 2 },
  },
];

const SCHEDULE: OpsHealthSchedule = {
  name: 'platform-ops',
  title: 'Platform Operations on call',
  team: 'group:default/platform-ops',
  timeZone: 'Europe/Berlin',
  layers: [],
  current: {
    from: '2026-12-02T10:00:00.000Z',
    to: '2026-12-07T08:00:00.000Z',
    person: { entityRef: 'user:default/alice', displayName: 'Alice' },
    skipped: [],
  },
  next: {
    from: '2026-12-07T08:00:00.000Z',
    to: '2026-12-14T08:00:00.000Z',
    person: { entityRef: 'user:default/dave', displayName: 'Dave' },
    skipped: [],
  },
  shifts: [],
  overrides: [],
  missing: ['user:default/erin'],
};

function api(overrides: Partial<OpsHealthApi> = {}): Partial<OpsHealthApi> {
  return {
    listHealth: jest.fn(async () => ({
      items: RESULTS,
      totalCount: RESULTS.length,
      limit: 500,
      offset: 0,
    })),
    listIncidents: jest.fn(async () => ({
      items: [
        incident(
          'inc-7',
          'component:default/checkout-service',
          'Checkout cost spike',
          {
            severity: 'SEV1',
            escalationLevel: 2,
            escalationLevelName: 'DevOps manager',
            commander: 'user:default/alice',
          },
        ),
      ],
    })),
    getIncidentMetrics: jest.fn(async () => ({
      from: minutesAgo(30 * 24 * 60),
      to: minutesAgo(0),
      mttaMs: 12 * 60_000,
      mttrMs: 3 * 3_600_000,
      acknowledgedCount: 4,
      recoveredCount: 3,
      incidentCount: 5,
    })),
    getCheckSummary: jest.fn(async () => ({ items: CHECK_SUMMARY })),
    listAlerts: jest.fn(async () => ({
      items: [
        {
          id: 'a-orphan',
          dedupKey: 'component:default/orphan|cost|',
          entityRef: 'component:default/orphan',
          checkId: 'cost',
          subject: '',
          state: 'firing' as const,
          severity: 'critical' as const,
          headline: 'Malformed ops-health/cost-tags',
          message: 'Malformed ops-health/cost-tags',
          firstSeen: minutesAgo(60),
          lastSeen: minutesAgo(1),
          notifyCount: 1,
          silenced: true,
        },
      ],
    })),
    listSilences: jest.fn(async () => ({
      items: [
        {
          id: 's1',
          dedupKey: 'component:default/orphan|cost|',
          reason: 'Known, fixing',
          createdBy: 'user:default/alice',
          createdAt: minutesAgo(60),
          expiresAt: minutesAgo(-60),
        },
      ],
      totalCount: 1,
    })),
    listSchedules: jest.fn(async () => ({ items: [SCHEDULE] })),
    listChannels: jest.fn(async () => ({
      channels: [
        { name: 'ops-email', type: 'email', minSeverity: 'warning' },
        {
          name: 'ops-webhook',
          type: 'webhook',
          minSeverity: 'critical',
          checks: ['backup'],
        },
      ],
    })),
    testChannel: jest.fn(async (name: string) =>
      name === 'ops-email'
        ? {
            channel: name,
            ok: true,
            recipients: ['user:default/guest'],
            destination: 'email to user:default/guest, group:default/ops',
            durationMs: 142,
          }
        : {
            channel: name,
            ok: false,
            error: 'Webhook answered 502 Bad Gateway',
            recipients: [],
            destination: 'the webhook at hooks.example.com',
            durationMs: 1030,
          },
    ),
    ...overrides,
  };
}

/** The catalog's display names: the payments group has one. */
const presentation = {
  forEntity: (ref: string) => {
    const primaryTitle =
      ref === 'group:default/payments'
        ? 'Payments team'
        : ref.replace(/^.*\//, '');
    const snapshot = { entityRef: ref, primaryTitle };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

async function render(
  opsHealth: Partial<OpsHealthApi>,
  options: {
    permission?: 'ALLOW' | 'DENY';
    catalogError?: Error;
    routeEntries?: string[];
    accounts?: OpsHealthCheckResult[];
  } = {},
) {
  const getEntitiesByRefs = jest.fn(
    async ({ entityRefs }: { entityRefs: string[] }) => {
      if (options.catalogError) throw options.catalogError;
      return { items: entityRefs.map(ref => CATALOG[ref]) };
    },
  );
  // The AWS accounts card asks for the posture results: none here, unless a
  // test gives its own.
  const pageApi: Partial<OpsHealthApi> = {
    ...opsHealth,
    listHealth: async (query?: OpsHealthHealthListOptions) => {
      if (!query?.check?.includes('posture'))
        return opsHealth.listHealth!(query);
      const items = options.accounts ?? [];
      return { items, totalCount: items.length, limit: 100, offset: 0 };
    },
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [opsHealthApiRef, pageApi],
        [catalogApiRef, { getEntitiesByRefs }],
        [entityPresentationApiRef, presentation],
        [
          permissionApiRef,
          mockApis.permission({ authorize: options.permission ?? 'ALLOW' }),
        ],
      ]}
    >
      <OpsHealthPage />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: options.routeEntries,
    },
  );
  return { getEntitiesByRefs };
}

/** The body rows of the table whose title is `title`. */
function tableRows(title: string): HTMLElement[] {
  let element: HTMLElement | null = screen.getByText(title);
  while (element && !element.querySelector('table')) {
    element = element.parentElement;
  }
  return within(element!.querySelector('tbody')!).getAllByRole('row');
}

function unhealthyRows() {
  return tableRows('Unhealthy entities').map(row => row.textContent ?? '');
}

describe('OpsHealthPage', () => {
  // The page renders five tables; under Jest that takes a few seconds, and
  // the longest test here (filters walked through the URL) takes over 20 s
  // on a loaded two-core machine. A limit on time, not a verdict.
  jest.setTimeout(90_000);
  // "30 min ago" is measured from the fixtures' now: a loaded machine that
  // renders for 30 s must not make it "31 min ago".
  onAFixedDate(FIXTURES_AT);

  it('lists unhealthy results, the most severe first, with owners, and filters them by check, status and owner in the URL', async () => {
    const opsHealth = api();
    const { getEntitiesByRefs } = await render(opsHealth);

    expect(
      await screen.findByText('4 of 4 results, the most severe first'),
    ).toBeInTheDocument();
    expect(opsHealth.listHealth).toHaveBeenCalledWith({
      status: ['critical', 'warning', 'misconfigured', 'unknown'],
      limit: 500,
      offset: 0,
    });
    expect(getEntitiesByRefs).toHaveBeenCalledWith({
      entityRefs: [
        'component:default/checkout-service',
        'component:default/billing-api',
        'component:default/orphan',
      ],
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'spec.owner'],
    });
    // Critical first (the newer measurement first among them), then
    // misconfigured, then warning.
    expect(
      unhealthyRows().map(
        r => r.match(/^(critical|misconfigured|warning|unknown)/)![0],
      ),
    ).toEqual(['critical', 'critical', 'misconfigured', 'warning']);
    expect(unhealthyRows()[0]).toContain('USD 420.00 today, over USD 150');
    expect(
      screen.getAllByRole('link', { name: /checkout-service/ })[0],
    ).toHaveAttribute('href', '/catalog/default/component/checkout-service');
    expect(
      screen.getByLabelText(
        'stale: Last collection failed 20 min ago: Lambda timed out',
      ),
    ).toBeInTheDocument();
    // The silenced alert is marked.
    expect(unhealthyRows()[2]).toContain('silenced');
    expect(unhealthyRows()[3]).not.toContain('silenced');

    // The summary counts by status and owner; a click filters.
    const summary = screen.getByText('By status').parentElement!;
    expect(summary).toHaveTextContent('2 critical');
    expect(summary).toHaveTextContent('1 misconfigured');
    expect(summary).toHaveTextContent('1 warning');
    expect(summary).toHaveTextContent('0 unknown');
    const byOwner = screen.getByText('By owner').parentElement!;
    // By the owner's display name, once the catalog has answered.
    await waitFor(() => expect(byOwner).toHaveTextContent('Payments team: 2'));

    const choose = async (filter: string, option: string) => {
      await userEvent.click(
        within(screen.getByRole('group', { name: 'Filters' })).getByRole(
          'button',
          { name: new RegExp(`^${filter}`) },
        ),
      );
      await userEvent.click(
        await screen.findByRole('option', { name: option }),
      );
      await userEvent.keyboard('{Escape}');
    };

    await choose('Check', 'AWS cost');
    expect(
      screen.getByText('2 of 4 results, the most severe first'),
    ).toBeInTheDocument();
    expect(unhealthyRows()).toHaveLength(2);
    expect(screen.queryByText('Replication lags 30 min')).toBeNull();
    // Several values of one filter.
    await choose('Check', 'S3 replication');
    expect(unhealthyRows()).toHaveLength(3);

    await choose('Status', 'critical');
    let rows = unhealthyRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('USD 420.00 today, over USD 150');
    expect(rows[0]).toContain('Payments team');

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(unhealthyRows()).toHaveLength(4);

    await userEvent.click(
      within(byOwner).getByRole('button', { name: 'finance: 1' }),
    );
    rows = unhealthyRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Last backup 30 h ago');
    // The owner filter also asks the backend for those owners' incidents
    // and metrics.
    await waitFor(() =>
      expect(opsHealth.listIncidents).toHaveBeenLastCalledWith({
        open: true,
        limit: 1000,
        owner: ['group:default/finance'],
      }),
    );
    expect(
      (opsHealth.getIncidentMetrics as jest.Mock).mock.calls.at(-1)[0].owner,
    ).toEqual(['group:default/finance']);

    await userEvent.click(
      within(byOwner).getByRole('button', { name: 'finance: 1' }),
    );
    await choose('Owner', 'No owner');
    rows = unhealthyRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Malformed ops-health/cost-tags');
    expect(rows[0]).toContain('unknown');

    await choose('Status', 'warning');
    expect(
      screen.getByText('No results match these filters.'),
    ).toBeInTheDocument();
  });

  it('says a result never measured was first tried then, not measured then', async () => {
    const neverMeasured = result('component:default/billing-api', {
      checkId: 'cost',
      status: 'unknown',
      headline: 'Not measured yet: GetCostAndUsage failed',
      message: 'Not measured yet: GetCostAndUsage failed: AccessDenied',
      measuredAt: minutesAgo(4),
      stale: true,
      error: 'AccessDenied',
      errorAt: minutesAgo(4),
    });
    await render(
      api({
        listHealth: jest.fn(async () => ({
          items: [neverMeasured],
          totalCount: 1,
          limit: 500,
          offset: 0,
        })),
      }),
    );
    await waitFor(() => expect(unhealthyRows()).toHaveLength(1));
    expect(unhealthyRows()[0]).toContain('never (first tried 4 min ago)');
    expect(screen.queryByLabelText(/^stale:/)).not.toBeInTheDocument();
  });

  it('takes its filters from the URL', async () => {
    await render(api(), {
      routeEntries: [
        '/ops-health?status=critical&owner=group:default/payments',
      ],
    });
    expect(
      await screen.findByText('1 of 4 results, the most severe first'),
    ).toBeInTheDocument();
    expect(unhealthyRows()[0]).toContain('USD 420.00 today');
    expect(
      within(screen.getByRole('group', { name: 'Filters' })).getByRole(
        'button',
        { name: /^Status/ },
      ),
    ).toHaveTextContent('critical');
  });

  it('says which filters the open incidents do not apply', async () => {
    await render(api(), {
      routeEntries: ['/ops-health?status=critical&owner=none'],
    });
    expect(
      await screen.findByText(
        '1 open incident (the status and "No owner" filters apply to the unhealthy entities only)',
      ),
    ).toBeInTheDocument();
  });

  it('lists the open incidents linked to their page on the entity', async () => {
    const opsHealth = api();
    await render(opsHealth);
    const link = await screen.findByRole('link', {
      name: 'Checkout cost spike',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/checkout-service/ops-health/incidents/inc-7',
    );
    // A long title is cut to a few lines; the whole of it is its tooltip.
    expect(link).toHaveAttribute('title', 'Checkout cost spike');
    expect(link).toHaveStyle({ overflow: 'hidden' });
    expect(opsHealth.listIncidents).toHaveBeenCalledWith({
      open: true,
      limit: 1000,
    });
    expect(screen.getByText('1 open incident')).toBeInTheDocument();
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('SEV1')).toBeInTheDocument();
    expect(within(row).getByText('Detection')).toBeInTheDocument();
    expect(
      within(row).getByText('Level 2 · DevOps manager'),
    ).toBeInTheDocument();
    expect(within(row).getByRole('link', { name: /alice/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/alice',
    );
    expect(within(row).getByText('45 min ago')).toBeInTheDocument();
  });

  it('shows MTTA and MTTR for the chosen period', async () => {
    const opsHealth = api();
    await render(opsHealth);
    expect(await screen.findByText('12 min')).toBeInTheDocument();
    expect(screen.getByText('3 h')).toBeInTheDocument();
    expect(
      screen.getByText('over 4 of 5 incidents acknowledged'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('over 3 of 5 incidents recovered'),
    ).toBeInTheDocument();

    const getIncidentMetrics = opsHealth.getIncidentMetrics as jest.Mock;
    const spanDays = (call: any[]) =>
      Math.round(
        (Date.parse(call[0].to) - Date.parse(call[0].from)) / 86_400_000,
      );
    expect(spanDays(getIncidentMetrics.mock.calls[0])).toBe(30);

    getIncidentMetrics.mockResolvedValueOnce({
      from: minutesAgo(7 * 24 * 60),
      to: minutesAgo(0),
      acknowledgedCount: 0,
      recoveredCount: 0,
      incidentCount: 0,
    });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Period' }),
      '7',
    );
    expect(
      await screen.findByText('No incident acknowledged in this period'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No incident recovered in this period'),
    ).toBeInTheDocument();
    expect(spanDays(getIncidentMetrics.mock.calls[1])).toBe(7);
  });

  it('shows the collection status per check', async () => {
    await render(api());
    await screen.findByText('Collection');
    const rows = tableRows('Collection');
    expect(rows).toHaveLength(2);
    const cost = rows.find(r => r.textContent?.includes('AWS cost'))!;
    expect(cost).toHaveTextContent('30 min ago');
    expect(cost).toHaveTextContent('12');
    expect(cost).toHaveTextContent('1 critical, 1 misconfigured, 10 ok');
    expect(cost).toHaveTextContent('none');
    const backup = rows.find(r =>
      r.textContent?.includes('Disaster-recovery backup'),
    )!;
    expect(backup).toHaveTextContent('5 h ago');
    expect(backup).toHaveTextContent(
      'AccessDenied: not authorized to perform lambda:Invoke',
    );
    expect(backup).toHaveTextContent('15 min ago');
    expect(within(backup).getAllByRole('cell')[3]).toHaveTextContent('2');
  });

  it('sends a test message and shows success and failure per channel', async () => {
    const opsHealth = api();
    await render(opsHealth);
    const email = await screen.findByRole('button', {
      name: 'Send test to ops-email',
    });
    const webhook = screen.getByRole('button', {
      name: 'Send test to ops-webhook',
    });
    expect(email).toBeEnabled();
    expect(screen.getByText('backup')).toBeInTheDocument();

    await userEvent.click(email);
    expect(
      await screen.findByText(
        /^Delivered to email to user:default\/guest, group:default\/ops in 142 ms at \d{2}:\d{2}$/,
      ),
    ).toBeInTheDocument();
    expect(opsHealth.testChannel).toHaveBeenCalledWith('ops-email');

    await userEvent.click(webhook);
    expect(
      await screen.findByText(
        /^Could not deliver to the webhook at hooks\.example\.com \(after 1030 ms at \d{2}:\d{2}\): Webhook answered 502 Bad Gateway$/,
      ),
    ).toBeInTheDocument();
    expect(opsHealth.testChannel).toHaveBeenCalledWith('ops-webhook');
  });

  it('shows a test refused as too soon (429) as waiting, not as a failure', async () => {
    const message =
      'Channel ops-email takes at most 3 test messages a minute, and had them; try again in 53 s';
    const error = await responseError(429, message);
    await render(
      api({
        testChannel: async () => {
          throw error;
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Send test to ops-email' }),
    );
    const shown = await screen.findByText(message);
    expect(shown.closest('[aria-label="Status pending"]')).not.toBeNull();
  });

  it("shows the backend's message when a test is refused", async () => {
    const error = await responseError(
      403,
      'You are not allowed to test notification channels (ops-health.channel.test)',
    );
    await render(
      api({
        testChannel: async () => {
          throw error;
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Send test to ops-email' }),
    );
    expect(
      await screen.findByText(
        'You are not allowed to test notification channels (ops-health.channel.test)',
      ),
    ).toBeInTheDocument();
  });

  it('shows each section’s error on its own', async () => {
    const healthError = await responseError(
      500,
      'Database connection lost',
      'Error',
    );
    const channelsError = await responseError(
      401,
      'Missing credentials',
      'AuthenticationError',
    );
    await render(
      api({
        listHealth: async () => {
          throw healthError;
        },
        listChannels: async () => {
          throw channelsError;
        },
        getIncidentMetrics: async () => {
          throw new Error('Metrics unavailable');
        },
      }),
    );
    expect(
      await screen.findByText(
        'Error: Could not load the unhealthy entities: Database connection lost',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Error: Could not load the notification channels: Missing credentials',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Error: Could not load the incident metrics: Metrics unavailable',
      ),
    ).toBeInTheDocument();
    // The sections that loaded are still shown.
    expect(
      await screen.findByRole('link', { name: 'Checkout cost spike' }),
    ).toBeInTheDocument();
  });

  it('shows empty states and the owner lookup failure', async () => {
    await render(
      api({
        listHealth: async () => ({
          items: RESULTS.slice(0, 1),
          totalCount: 1,
          limit: 500,
          offset: 0,
        }),
        listIncidents: async () => ({ items: [] }),
        getCheckSummary: async () => ({ items: [] }),
        listChannels: async () => ({ channels: [] }),
      }),
      { catalogError: new Error('Catalog is down') },
    );
    expect(
      await screen.findByText(
        'Could not read the owners from the catalog: Catalog is down',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 of 1 results, the most severe first'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No open incidents.')).toBeInTheDocument();
    expect(
      await screen.findByText('No check has measured anything yet.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No notification channels are configured (opsHealth.notifications).',
      ),
    ).toBeInTheDocument();
  });

  it('says when every check is healthy', async () => {
    await render(
      api({
        listHealth: async () => ({
          items: [],
          totalCount: 0,
          limit: 500,
          offset: 0,
        }),
      }),
    );
    expect(
      await screen.findByText(
        'All checks of the entities you can see are healthy.',
      ),
    ).toBeInTheDocument();
  });

  it('lists the AWS accounts with their posture findings', async () => {
    const account: OpsHealthCheckResult = {
      ...RESULTS[0],
      entityRef: 'resource:default/aws-demo-account',
      checkId: 'posture',
      subject: '',
      status: 'warning',
      headline: '1 posture finding',
      message: 'Account 123456789012: no alarm',
      details: {
        accountId: '123456789012',
        findings: [
          {
            control: 'cloudtrail',
            status: 'ok',
            message: 'multi-region trail org is logging',
          },
          {
            control: 'iam-change-alarm',
            status: 'warning',
            message:
              'metric filter iam-policy-changes watches IAM policy changes but no alarm watches its metric',
          },
        ],
        accessKeys: [],
        accessKeysChecked: 2,
        maxAccessKeyAgeDays: 90,
      },
    };
    await render(api(), { accounts: [account] });
    const table = await screen.findByRole('table', {
      name: 'AWS accounts and their posture',
    });
    expect(table).toHaveTextContent('aws-demo-account');
    expect(table).toHaveTextContent('123456789012');
    expect(table).toHaveTextContent(
      'metric filter iam-policy-changes watches IAM policy changes but no alarm watches its metric',
    );
    // Only what needs attention is listed.
    expect(table).not.toHaveTextContent('multi-region trail org is logging');
  });

  it('reads every page of results', async () => {
    const listHealth = jest.fn(
      async ({ offset = 0 }: { offset?: number } = {}) => ({
        items: offset === 0 ? RESULTS.slice(0, 2) : RESULTS.slice(2),
        totalCount: RESULTS.length,
        limit: 2,
        offset,
      }),
    );
    await render(api({ listHealth }));
    expect(
      await screen.findByText('4 of 4 results, the most severe first'),
    ).toBeInTheDocument();
    await waitFor(() => expect(listHealth).toHaveBeenCalledTimes(2));
    expect(listHealth.mock.calls[1][0]).toMatchObject({ offset: 2 });
  });

  it('shows who is on call now and next on each schedule, with the hand-off in the viewer’s time zone', async () => {
    await render(api());
    const card = await screen.findByRole('region', {
      name: 'On call: Platform Operations on call',
    });
    expect(card).toHaveTextContent(
      `On call now: Alice until ${formatHandoff('2026-12-07T08:00:00.000Z')}`,
    );
    expect(card).toHaveTextContent(
      `Next: Dave from ${formatHandoff('2026-12-07T08:00:00.000Z')}`,
    );
    expect(card).toHaveTextContent(
      'Skipped, not in the catalog: user:default/erin',
    );
    expect(
      within(card).getByRole('link', { name: 'Shifts and overrides' }),
    ).toHaveAttribute('href', '/ops-health/schedules/platform-ops');
  });
});
