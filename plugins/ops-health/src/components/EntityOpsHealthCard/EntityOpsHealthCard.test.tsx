import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  buildSetupReport,
  OpsHealthCheckResult,
  OpsHealthEntityHealth,
} from '@ops-health/backstage-plugin-ops-health-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpsHealthApi, opsHealthApiRef, OpsHealthIncident } from '../../api';
import { responseError, onAFixedDate } from '../../__testUtils__/fixtures';
import { EntityOpsHealthCard } from './EntityOpsHealthCard';
import { formatTime } from '../common/format';

// Each test's clock stands still when the fixtures were made: "10 min ago"
// does not turn into "11 min ago" on a machine slow to render it.
onAFixedDate(new Date().toISOString());

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', annotations },
    spec: { type: 'service' },
  };
}

function health(
  subject: Entity,
  status: OpsHealthEntityHealth['status'],
  checks: Partial<OpsHealthCheckResult>[] = [],
): OpsHealthEntityHealth {
  return {
    entityRef: 'component:default/checkout-service',
    status,
    // As the summary carries it: each annotation's state, not its docs.
    setup: (report => ({
      ...report,
      annotations: report.annotations.map(
        ({ description: _d, example: _e, ...state }) => state,
      ),
    }))(buildSetupReport(subject)),
    checks: checks.map(c => ({
      entityRef: 'component:default/checkout-service',
      checkId: 'cost',
      subject: '',
      status: 'ok',
      headline: '',
      message: '',
      measuredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      stale: false,
      ...c,
    })),
    pending: [],
  };
}

async function render(subject: Entity, api: Partial<OpsHealthApi>) {
  const fullApi: Partial<OpsHealthApi> = {
    listIncidents: async () => ({ items: [] }),
    getEntityRunbook: async () => undefined,
    ...api,
  };
  await renderInTestApp(
    <TestApiProvider apis={[[opsHealthApiRef, fullApi]]}>
      <EntityProvider entity={subject}>
        <EntityOpsHealthCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityOpsHealthCard', () => {
  it('shows a light per check with its reason and the time of measurement', async () => {
    const subject = entity({
      'ops-health/cost-tags': 'service=checkout',
      'ops-health/s3-replication': 'checkout-data,checkout-logs',
    });
    const getEntityHealth = jest.fn(async () =>
      health(subject, 'critical', [
        {
          checkId: 'cost',
          status: 'critical',
          headline: 'USD 420 yesterday, over USD 150/day',
          message: 'USD 420.00 yesterday, over the daily threshold of USD 150',
        },
        {
          checkId: 'replication',
          subject: 'checkout-data',
          status: 'ok',
          headline: 'Replicating',
          message: 'Replicating',
        },
        {
          checkId: 'replication',
          subject: 'checkout-logs',
          status: 'warning',
          headline: 'Rule logs is disabled',
          message: 'Rule logs is disabled',
          stale: true,
          error: 'AccessDenied',
          errorAt: new Date().toISOString(),
        },
      ]),
    );
    await render(subject, { getEntityHealth });

    // The worst check's headline comes first, above the fold.
    expect(
      await screen.findByText('AWS cost: USD 420 yesterday, over USD 150/day'),
    ).toBeInTheDocument();
    expect(screen.getByText('AWS cost: critical')).toBeInTheDocument();
    // Said once: its light below gives the time, not the headline again.
    expect(
      screen.getAllByText(/USD 420 yesterday, over USD 150\/day/),
    ).toHaveLength(1);
    expect(
      within(screen.getByRole('list', { name: 'Ops Health checks' }))
        .getByText('AWS cost: critical')
        .closest('li'),
    ).toHaveTextContent(/^AWS cost: criticallast measured 10 min ago$/);
    expect(screen.getByText('S3 replication: warning')).toBeInTheDocument();
    expect(
      screen.getByText(/Rule logs is disabled \(worst of 2\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('stale')).toBeInTheDocument();
    expect(screen.getAllByText('10 min ago')).toHaveLength(2);
    expect(screen.getByText('No open incidents')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Runbook/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('Disaster-recovery backup: not set up'),
    ).toBeInTheDocument();
    expect(getEntityHealth).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });
  });

  it('says when a configured check has no measurement yet', async () => {
    const subject = entity({ 'ops-health/cost-tags': 'service=checkout' });
    const dueBy = '2026-12-01T10:02:00.000Z';
    await render(subject, {
      getEntityHealth: async () => ({
        ...health(subject, 'unknown'),
        pending: [{ checkId: 'cost', dueBy }],
      }),
    });
    expect(
      await screen.findByText('AWS cost: waiting for the first measurement'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Due by', { exact: false }).querySelector('time'),
    ).toHaveAttribute('dateTime', dueBy);
  });

  it('says a first measurement waits for a catch-up run someone triggers', async () => {
    const subject = entity({ 'ops-health/cost-tags': 'service=checkout' });
    await render(subject, {
      getEntityHealth: async () => ({
        ...health(subject, 'unknown'),
        // No dueBy: opsHealth.catchUp.schedule is a manual trigger.
        pending: [{ checkId: 'cost' }],
      }),
    });
    expect(
      await screen.findByText(
        'Measured when the next catch-up run is triggered',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('Due by', { exact: false })).toBeNull();
  });

  it('shows how to set up an entity without annotations, with a copyable snippet', async () => {
    const subject = entity({
      'backstage.io/edit-url':
        'https://github.com/acme/svc/edit/main/catalog-info.yaml',
    });
    await render(subject, {
      getEntityHealth: async () => health(subject, 'not-configured'),
    });
    expect(
      await screen.findByText('This entity has no Ops Health annotations yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^To set it up, add these annotations to catalog-info.yaml, replacing each <placeholder> with this entity's own value:$/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ops-health\/cost-tags/, { selector: 'span' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
    // What each annotation means, and where to edit the file.
    expect(screen.getByText('What each annotation means')).toBeInTheDocument();
    expect(
      screen.getByText(/^Cost allocation tags that select this entity/),
    ).toHaveTextContent('key=value[,key=value], e.g. service=<tag-value>');
    expect(
      screen.getByRole('link', { name: /^Edit catalog-info.yaml/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/svc/edit/main/catalog-info.yaml',
    );
  });

  it("shows an AWS account's posture, not the services' annotation setup", async () => {
    const account: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'aws-main',
        annotations: { 'ops-health/aws-account-id': '123456789012' },
      },
      spec: { type: 'aws-account', owner: 'group:default/platform-ops' },
    };
    await render(account, {
      getEntityHealth: async () => ({
        ...health(account, 'not-configured'),
        status: 'critical',
        checks: [
          {
            entityRef: 'resource:default/aws-main',
            checkId: 'posture',
            subject: '',
            status: 'critical',
            headline:
              '1 posture finding: multi-region trail org is not logging',
            message:
              'Account 123456789012: multi-region trail org is not logging',
            measuredAt: new Date().toISOString(),
            stale: false,
          },
        ],
      }),
    });
    const lights = await screen.findByRole('list', {
      name: 'Ops Health checks',
    });
    expect(lights).toHaveTextContent('Compliance and access posture: critical');
    expect(lights).not.toHaveTextContent('not set up');
    expect(
      screen.getByText('Compliance and access posture of the AWS account'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/To set it up/)).not.toBeInTheDocument();
  });

  it('names malformed annotations and what is wrong', async () => {
    const subject = entity({ 'ops-health/backup-max-age': 'soon' });
    await render(subject, {
      getEntityHealth: async () => health(subject, 'misconfigured'),
    });
    expect(
      await screen.findByText(
        'Some Ops Health annotations of this entity are malformed.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ops-health/backup-max-age: "soon"'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('expected a duration such as 26h, 90m or 2d'),
    ).toBeInTheDocument();
  });

  it('shows the backend error message instead of a blank card', async () => {
    const subject = entity({});
    await render(subject, {
      getEntityHealth: async () => {
        throw new Error('Entity component:default/checkout-service not found');
      },
    });
    expect(
      (
        await screen.findAllByText(
          /Entity component:default\/checkout-service not found/,
        )
      )[0],
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Ops Health annotations/),
    ).not.toBeInTheDocument();
  });

  describe('open incidents, runbook and last measurement', () => {
    function incident(
      id: string,
      title: string,
      overrides: Partial<OpsHealthIncident> = {},
    ): OpsHealthIncident {
      return {
        id,
        entityRef: 'component:default/checkout-service',
        title,
        severity: 'SEV2',
        phase: 'detection',
        version: 1,
        createdBy: 'user:default/alice',
        createdAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        updatedAt: new Date().toISOString(),
        phaseReachedAt: {},
        escalationLevel: 0,
        ...overrides,
      };
    }

    it('lists the open incidents linked to the Operations tab, the runbook and the stale light', async () => {
      const subject = entity({
        'ops-health/backup-s3': 's3://checkout-backups/db/',
        'ops-health/backup-lambda': 'checkout-backup',
      });
      const measuredAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const listIncidents = jest.fn(async () => ({
        items: [
          incident('inc-4', 'Checkout errors spike', { severity: 'SEV1' }),
          incident('inc-3', 'Backup stale', { phase: 'assessment' }),
          incident('inc-2', 'Replication lag'),
          incident('inc-1', 'Cost over threshold'),
        ],
      }));
      const getEntityRunbook = jest.fn(async () => ({
        url: 'https://docs.example.com/runbooks/checkout',
        source: 'annotation' as const,
      }));
      await render(subject, {
        getEntityHealth: async () =>
          health(subject, 'warning', [
            {
              checkId: 'backup',
              status: 'warning',
              headline: 'Last backup 30 h ago',
              message: 'Last backup 30 h ago',
              measuredAt,
              stale: true,
              error: 'Lambda timed out',
              errorAt: new Date(Date.now() - 20 * 60_000).toISOString(),
            },
          ]),
        listIncidents,
        getEntityRunbook,
      });

      expect(await screen.findByText('4 open incidents')).toBeInTheDocument();
      expect(listIncidents).toHaveBeenCalledWith({
        entityRef: 'component:default/checkout-service',
        open: true,
      });
      const list = screen.getByRole('list', { name: 'Open incidents' });
      const links = within(list).getAllByRole('link');
      expect(links.map(l => l.textContent)).toEqual([
        'Checkout errors spike',
        'Backup stale',
        'Replication lag',
      ]);
      expect(links[0]).toHaveAttribute('href', '/ops-health/incidents/inc-4');
      expect(
        within(list).getByText(/SEV1 · Detection · opened/),
      ).toBeInTheDocument();
      expect(screen.queryByText('Cost over threshold')).not.toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'All 4 open incidents' }),
      ).toHaveAttribute('href', '/ops-health');

      const runbook = await screen.findByRole('link', { name: /Runbook/ });
      expect(runbook).toHaveAttribute(
        'href',
        'https://docs.example.com/runbooks/checkout',
      );
      expect(getEntityRunbook).toHaveBeenCalledWith({
        kind: 'Component',
        namespace: 'default',
        name: 'checkout-service',
      });
      expect(
        screen.getByText('(from the entity annotation)'),
      ).toBeInTheDocument();

      expect(
        screen.getByText('Disaster-recovery backup: warning'),
      ).toBeInTheDocument();
      expect(
        screen.getByLabelText(
          'stale: Last collection failed 20 min ago: Lambda timed out',
        ),
      ).toBeInTheDocument();
      const time = screen.getByText('3 h ago');
      expect(time.tagName).toBe('TIME');
      expect(time).toHaveAttribute('dateTime', measuredAt);
      const absolute = formatTime(measuredAt);
      expect(time).toHaveAttribute('title', absolute);
      await userEvent.hover(time);
      expect(
        await screen.findByRole('tooltip', { name: absolute }),
      ).toBeInTheDocument();
    });

    it('shows one incident in the singular and hides the runbook on 404', async () => {
      const subject = entity({ 'ops-health/cost-tags': 'service=checkout' });
      await render(subject, {
        getEntityHealth: async () =>
          health(subject, 'ok', [{ checkId: 'cost', message: 'USD 10.00' }]),
        listIncidents: async () => ({
          items: [incident('inc-9', 'Cost over threshold')],
        }),
      });
      expect(await screen.findByText('1 open incident')).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'Cost over threshold' }),
      ).toHaveAttribute('href', '/ops-health/incidents/inc-9');
      expect(screen.queryByRole('link', { name: /Runbook/ })).toBeNull();
    });

    it('shows why the incidents could not be loaded', async () => {
      const subject = entity({ 'ops-health/cost-tags': 'service=checkout' });
      const error = await responseError(
        500,
        'Database is unavailable',
        'Error',
      );
      await render(subject, {
        getEntityHealth: async () => health(subject, 'unknown'),
        listIncidents: async () => {
          throw error;
        },
      });
      expect(
        await screen.findByText(
          'Could not load the open incidents: Database is unavailable',
        ),
      ).toBeInTheDocument();
    });
  });
});
