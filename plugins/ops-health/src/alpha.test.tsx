import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { buildSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { opsHealthApiRef } from './api';
import { testEntity } from './__testUtils__/fixtures';
import { operationsTabApi } from './__testUtils__/operationsTabApi';
import plugin, { entityOpsHealthCard, entityOpsHealthContent } from './alpha';
import * as legacy from './index';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-api',
    annotations: { 'ops-health/cost-tags': 'service=billing' },
  },
  spec: { type: 'service' },
};

describe('new frontend system exports', () => {
  it('is the ops-health plugin', () => {
    expect(plugin.id).toBe('ops-health');
  });

  it('renders the entity card on an entity page', async () => {
    renderTestApp({
      extensions: [createTestEntityPage({ entity }), entityOpsHealthCard],
      apis: [
        [
          opsHealthApiRef,
          {
            getEntityHealth: async () => ({
              entityRef: 'component:default/billing-api',
              status: 'ok' as const,
              setup: buildSetupReport(entity),
              checks: [
                {
                  entityRef: 'component:default/billing-api',
                  checkId: 'cost',
                  subject: '',
                  status: 'ok' as const,
                  headline: 'USD 60.00 today',
                  message: 'USD 60.00 today',
                  measuredAt: new Date().toISOString(),
                  stale: false,
                },
              ],
              pending: [],
            }),
          },
        ],
      ],
    });
    expect(await screen.findByText('Ops Health')).toBeInTheDocument();
    expect(await screen.findByText('AWS cost: ok')).toBeInTheDocument();
  });
});

describe('the Operations tab', () => {
  it('is the Operations tab at ops-health', () => {
    const tester = createExtensionTester(entityOpsHealthContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Operations',
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('ops-health');
  });

  it('renders the tab on an entity page', async () => {
    renderTestApp({
      extensions: [createTestEntityPage({ entity }), entityOpsHealthContent],
      apis: [
        [
          opsHealthApiRef,
          {
            getEntityCheck: async (
              _ref: unknown,
              checkId: 'cost' | 'replication' | 'backup',
            ) => ({
              entityRef: 'component:default/billing-api',
              checkId,
              results: [],
              dailyCosts: [],
            }),
            getReplicationCanaryRuns: async () => ({ runs: [] }),
            listAlerts: async () => ({ items: [] }),
            listSilences: async () => ({ items: [], totalCount: 0 }),
            getEntityRunbook: async () => undefined,
          },
        ],
      ],
    });
    // The first load of the lazy tab (recharts) is slow under Jest.
    expect(
      await screen.findByText('No open alerts', undefined, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No cost has been measured for this entity yet.'),
    ).toBeInTheDocument();
  });

  it('takes its options from the app config', async () => {
    const runbookEntity = testEntity();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: runbookEntity }),
        entityOpsHealthContent,
      ],
      config: {
        backend: { baseUrl: 'http://localhost:7007' },
        app: {
          baseUrl: 'http://localhost:3000',
          extensions: [
            {
              // The test app puts the extension in its plugin `test`; in the
              // portal it is entity-content:ops-health/operations.
              'entity-content:test/operations': {
                config: { runbookBaseUrl: 'https://wiki.example.com/ops' },
              },
            },
          ],
        },
      },
      // The backend has no runbook for the entity: the config's is used.
      apis: [[opsHealthApiRef, operationsTabApi()]],
    });
    // The failing cost check and its alert.
    const links = await screen.findAllByRole(
      'link',
      { name: /^Runbook: cost-overrun-alert/ },
      { timeout: 10_000 },
    );
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toHaveAttribute(
        'href',
        'https://wiki.example.com/ops#cost-overrun-alert',
      );
    }
  });

  it('refuses config of the wrong type', () => {
    expect(() =>
      createExtensionTester(entityOpsHealthContent, {
        config: { staleAfterMs: { cost: -1 } },
      }).get(coreExtensionData.routePath),
    ).toThrow(/staleAfterMs/);
  });

  it('is not shown on other kinds', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({
          entity: { ...entity, kind: 'System' },
        }),
        entityOpsHealthContent,
      ],
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
  });
});

describe('legacy exports', () => {
  it('exports the plugin, the card and the availability check', () => {
    expect(legacy.opsHealthPlugin.getId()).toBe('ops-health');
    expect(legacy.EntityOpsHealthCard).toBeDefined();
    expect(legacy.EntityOpsHealthContent).toBeDefined();
    expect(legacy.isOpsHealthAvailable(entity)).toBe(true);
    expect(
      legacy.isOpsHealthAvailable({ ...entity, metadata: { name: 'x' } }),
    ).toBe(false);
  });
});
