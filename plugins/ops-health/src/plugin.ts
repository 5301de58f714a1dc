import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { opsHealthApiRef, OpsHealthClient } from './api';
import { rootRouteRef } from './routes';
import type { EntityOpsHealthContentProps } from './components/EntityOpsHealthContent';

/**
 * The Ops Health frontend plugin, for apps on the legacy frontend system.
 *
 * @public
 */
export const opsHealthPlugin = createPlugin({
  id: 'ops-health',
  apis: [
    createApiFactory({
      api: opsHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpsHealthClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * Entity card with the Ops Health overview of the entity.
 *
 * @public
 */
export const EntityOpsHealthCard: () => JSX.Element = opsHealthPlugin.provide(
  createComponentExtension({
    name: 'EntityOpsHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityOpsHealthCard').then(
          m => m.EntityOpsHealthCard,
        ),
    },
  }),
);

/**
 * The "Operations" entity tab: alerts with silences, cost chart and drivers,
 * S3 replication with the replication test, and backups with a manual trigger.
 *
 * @public
 */
export const EntityOpsHealthContent: (
  props: EntityOpsHealthContentProps,
) => JSX.Element = opsHealthPlugin.provide(
  createComponentExtension({
    name: 'EntityOpsHealthContent',
    component: {
      lazy: () =>
        import('./components/EntityOpsHealthContent').then(
          m => m.EntityOpsHealthContent,
        ),
    },
  }),
);

/**
 * Entity card with the owner, the escalation chain and the primary DevOps
 * contact of the entity.
 *
 * @public
 */
export const EntityOpsContactsCard: () => JSX.Element = opsHealthPlugin.provide(
  createComponentExtension({
    name: 'EntityOpsContactsCard',
    component: {
      lazy: () =>
        import('./components/EntityOpsContactsCard').then(
          m => m.EntityOpsContactsCard,
        ),
    },
  }),
);

/**
 * The Ops Health portal page: unhealthy entities, open incidents, MTTA and
 * MTTR, collection status and, for admins, notification channel tests.
 *
 * @public
 */
export const OpsHealthPage: () => JSX.Element = opsHealthPlugin.provide(
  createRoutableExtension({
    name: 'OpsHealthPage',
    component: () =>
      import('./components/OpsHealthPage').then(m => m.OpsHealthPage),
    mountPoint: rootRouteRef,
  }),
);
