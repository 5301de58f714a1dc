import { createBackendModule } from '@backstage/backend-plugin-api';
import { opsHealthChecksExtensionPoint } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * Checks installed by id that never measure anything (manual trigger, no
 * entity applies): for tests of the routes, whose check ids (a silence's,
 * a list's filter) must name an installed check.
 */
export function inertChecksModule(ids = ['cost', 'replication', 'backup']) {
  return createBackendModule({
    pluginId: 'ops-health',
    moduleId: 'inert-checks',
    register(env) {
      env.registerInit({
        deps: { checks: opsHealthChecksExtensionPoint },
        async init({ checks }) {
          for (const id of ids) {
            checks.addCheckProvider({
              id,
              annotations: [`example.com/${id}`],
              schedule: {
                frequency: { trigger: 'manual' },
                timeout: { minutes: 1 },
              },
              appliesTo: () => false,
              async run() {
                return { results: [], failures: [] };
              },
            });
          }
        },
      });
    },
  });
}
