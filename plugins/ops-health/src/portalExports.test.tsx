import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { OpsHealthApi, opsHealthApiRef, OpsHealthContacts } from './api';
import { entityOpsContactsCard, opsHealthPage } from './alpha';
import { EntityOpsContactsCard, OpsHealthPage } from './index';
import { Route, Routes } from 'react-router-dom';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/finance' },
};

const contacts: OpsHealthContacts = {
  entityRef: 'component:default/billing-api',
  owner: {
    entityRef: 'group:default/finance',
    kind: 'group',
    displayName: 'Finance Engineering',
    email: 'finance@example.com',
  },
  escalation: { levels: [] },
  primary: { name: 'DevOps team', email: 'devops@example.com' },
};

const portalApi: Partial<OpsHealthApi> = {
  // The portal-wide results; no AWS account posture (check=posture).
  listHealth: async query => ({
    items: query?.check?.includes('posture')
      ? []
      : [
          {
            entityRef: 'component:default/billing-api',
            checkId: 'cost',
            subject: '',
            status: 'critical',
            headline: 'USD 500.00 today, over USD 100',
            message: 'USD 500.00 today, over USD 100',
            measuredAt: new Date().toISOString(),
            stale: false,
          },
        ],
    totalCount: query?.check?.includes('posture') ? 0 : 1,
    limit: 500,
    offset: 0,
  }),
  listIncidents: async () => ({ items: [] }),
  getIncidentMetrics: async () => ({
    from: new Date().toISOString(),
    to: new Date().toISOString(),
    acknowledgedCount: 0,
    recoveredCount: 0,
    incidentCount: 0,
  }),
  getCheckSummary: async () => ({ items: [] }),
  listChannels: async () => ({ channels: [] }),
  listSchedules: async () => ({ items: [] }),
};

const catalogApi = {
  getEntitiesByRefs: async () => ({ items: [entity] }),
};

describe('legacy exports of the portal page and the contacts card', () => {
  it('renders OpsHealthPage at its root route', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [opsHealthApiRef, portalApi],
          [catalogApiRef, catalogApi],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/ops-health" element={<OpsHealthPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/ops-health'],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Ops Health', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('USD 500.00 today, over USD 100'),
    ).toBeInTheDocument();
  });

  it('renders EntityOpsContactsCard on an entity', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[opsHealthApiRef, { getEntityContacts: async () => contacts }]]}
      >
        <EntityProvider entity={entity}>
          <EntityOpsContactsCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Finance Engineering')).toBeInTheDocument();
    expect(screen.getByText('DevOps team')).toBeInTheDocument();
  });
});

describe('new frontend system: portal page and contacts card', () => {
  // The lazy page with its five tables is slow on the first load under Jest.
  jest.setTimeout(30_000);

  it('is a page at /ops-health with a nav title and icon', () => {
    const tester = createExtensionTester(opsHealthPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/ops-health');
    expect(tester.get(coreExtensionData.title)).toBe('Ops Health');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('renders the page', async () => {
    renderTestApp({
      extensions: [opsHealthPage],
      initialRouteEntries: ['/ops-health'],
      // Bound by the catalog plugin in an app.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [opsHealthApiRef, portalApi],
        [catalogApiRef, catalogApi],
      ],
    });
    expect(
      await screen.findByText('USD 500.00 today, over USD 100', undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('Notification channels')).toBeInTheDocument();
    // The page's title and icon make the sidebar list it.
    expect(screen.getByRole('link', { name: /Ops Health/ })).toHaveAttribute(
      'href',
      '/ops-health',
    );
  });

  it('renders the contacts card on a component page', async () => {
    renderTestApp({
      extensions: [createTestEntityPage({ entity }), entityOpsContactsCard],
      apis: [[opsHealthApiRef, { getEntityContacts: async () => contacts }]],
    });
    expect(
      await screen.findByText('Contacts and escalation'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Finance Engineering')).toBeInTheDocument();
  });
});
