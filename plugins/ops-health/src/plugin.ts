import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { opsHealthApiRef, OpsHealthClient } from './api';
import { rootRouteRef } from './routes';

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
export const EntityOpsHealthCard = opsHealthPlugin.provide(
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
export const EntityOpsHealthContent = opsHealthPlugin.provide(
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
