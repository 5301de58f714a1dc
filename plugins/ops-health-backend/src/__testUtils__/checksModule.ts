import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  OpsHealthCheckProvider,
  opsHealthChecksExtensionPoint,
} from '@ops-health/backstage-plugin-ops-health-node';

/** A module of the ops-health plugin that adds these check providers. */
export function checksModule(
  moduleId: string,
  ...providers: OpsHealthCheckProvider[]
) {
  return createBackendModule({
    pluginId: 'ops-health',
    moduleId,
    register(env) {
      env.registerInit({
        deps: { checks: opsHealthChecksExtensionPoint },
        async init({ checks }) {
          checks.addCheckProvider(...providers);
        },
      });
    },
  });
}

/**
 * Checks installed by id that never measure anything (manual trigger, no
 * entity applies): for tests of the routes, whose check ids (a silence's,
 * a list's filter) must name an installed check.
 */
export function inertChecksModule(ids = ['cost', 'replication', 'backup']) {
  return checksModule(
    'inert-checks',
    ...ids.map(
      (id): OpsHealthCheckProvider => ({
        id,
        annotations: [`example.com/${id}`],
        schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
        appliesTo: () => false,
        async run() {
          return { results: [], failures: [] };
        },
      }),
    ),
  );
}
