import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { buildSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
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
  it('shows the configured checks and the annotations found', async () => {
    const subject = entity({
      'ops-health/cost-tags': 'service=checkout',
      'ops-health/s3-replication': 'checkout-data',
    });
    const getEntitySetup = jest.fn(async () => buildSetupReport(subject));
    await render(subject, { getEntitySetup });

    expect(
      await screen.findByText(
        'Some Ops Health checks are set up for this entity.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('AWS cost: configured')).toBeInTheDocument();
    expect(screen.getByText('S3 replication: configured')).toBeInTheDocument();
    expect(
      screen.getByText('Disaster-recovery backup: not set up'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Add ops-health/backup-s3 and ops-health/backup-max-age',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('ops-health/cost-tags: service=checkout'),
    ).toBeInTheDocument();
    expect(getEntitySetup).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });
  });

  it('shows how to set up an entity without annotations, with a copyable snippet', async () => {
    const subject = entity({});
    await render(subject, {
      getEntitySetup: async () => buildSetupReport(subject),
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
      getEntitySetup: async () => buildSetupReport(subject),
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
      getEntitySetup: async () => {
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
