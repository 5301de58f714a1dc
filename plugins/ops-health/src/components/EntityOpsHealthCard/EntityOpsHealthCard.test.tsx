import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  buildSetupReport,
  OpsHealthCheckResult,
  OpsHealthEntityHealth,
} from '@ops-health/backstage-plugin-ops-health-common';
import { screen } from '@testing-library/react';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { EntityOpsHealthCard } from './EntityOpsHealthCard';

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
    setup: buildSetupReport(subject),
    checks: checks.map(c => ({
      entityRef: 'component:default/checkout-service',
      checkId: 'cost',
      subject: '',
      status: 'ok',
      message: '',
      measuredAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      stale: false,
      ...c,
    })),
  };
}

async function render(subject: Entity, api: Partial<OpsHealthApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[opsHealthApiRef, api]]}>
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
          message: 'USD 420.00 today, over USD 150',
        },
        {
          checkId: 'replication',
          subject: 'checkout-data',
          status: 'ok',
          message: 'Replicating',
        },
        {
          checkId: 'replication',
          subject: 'checkout-logs',
          status: 'warning',
          message: 'Rule logs is disabled',
          stale: true,
          error: 'AccessDenied',
          errorAt: new Date().toISOString(),
        },
      ]),
    );
    await render(subject, { getEntityHealth });

    expect(
      await screen.findByText('Some checks are failing.'),
    ).toBeInTheDocument();
    expect(screen.getByText('AWS cost: critical')).toBeInTheDocument();
    expect(
      screen.getByText(/USD 420.00 today, over USD 150/),
    ).toBeInTheDocument();
    expect(screen.getByText('S3 replication: warning')).toBeInTheDocument();
    expect(
      screen.getByText(/Rule logs is disabled \(worst of 2\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('stale')).toBeInTheDocument();
    expect(screen.getAllByText('10 min ago')).toHaveLength(2);
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
    await render(subject, {
      getEntityHealth: async () => health(subject, 'unknown'),
    });
    expect(
      await screen.findByText('AWS cost: waiting for the first measurement'),
    ).toBeInTheDocument();
  });

  it('shows how to set up an entity without annotations, with a copyable snippet', async () => {
    const subject = entity({});
    await render(subject, {
      getEntityHealth: async () => health(subject, 'not-configured'),
    });
    expect(
      await screen.findByText('This entity has no Ops Health annotations yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Add these annotations to catalog-info.yaml to set it up:',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/ops-health\/cost-tags/, { selector: 'span' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
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
});
