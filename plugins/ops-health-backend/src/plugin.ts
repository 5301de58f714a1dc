import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  OpsHealthCheckProvider,
  opsHealthChecksExtensionPoint,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createRouter } from './service/router';

/**
 * The Ops Health backend plugin.
 *
 * @public
 */
export const opsHealthPlugin = createBackendPlugin({
  pluginId: 'ops-health',
  register(env) {
    const providers = new Map<string, OpsHealthCheckProvider>();
    env.registerExtensionPoint(opsHealthChecksExtensionPoint, {
      addCheckProvider(...added) {
        for (const provider of added) {
          if (providers.has(provider.id)) {
            throw new Error(
              `Ops Health check provider '${provider.id}' is already registered`,
            );
          }
          providers.set(provider.id, provider);
        }
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ logger, httpAuth, httpRouter, catalog }) {
        httpRouter.use(await createRouter({ httpAuth, catalog }));
        logger.info('Ops Health started', {
          checkProviders: [...providers.keys()].join(',') || 'none',
        });
      },
    });
  },
});
