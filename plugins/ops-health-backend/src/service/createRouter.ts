import express from 'express';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { registerAlertRoutes } from './alerts.router';
import { registerAwsActionRoutes } from './awsActions.router';
import { registerChannelRoutes } from './channels.router';
import { registerContactRoutes } from './contacts.router';
import { registerEntityRoutes } from './entities.router';
import { registerHealthRoutes } from './health.router';
import { registerIncidentRoutes } from './incidents.router';
import { RouterContext, RouterOptions } from './RouterContext';
import { registerSilenceRoutes } from './silences.router';

/**
 * The Ops Health API (src/schema/openapi.yaml): requests are validated by
 * the spec, each endpoint group lives in its own `*.router.ts` and delegates
 * to the services.
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = await createOpenApiRouter();
  const { httpAuth, auditor } = options;

  // The plugin lets unauthenticated requests through its auth policy (so
  // that refused mutations are audited): every handler asks for the caller.
  const callerOf: RouterContext['callerOf'] = req =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const context: RouterContext = {
    ...options,
    callerOf,
    async mutationCaller(req, eventId, meta) {
      try {
        return await callerOf(req);
      } catch (error) {
        const event = await auditor.createEvent({
          eventId,
          severityLevel: 'medium',
          meta: { actor: 'none', ...meta },
        });
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  };

  registerEntityRoutes(router, context);
  registerContactRoutes(router, context);
  registerAwsActionRoutes(router, context);
  registerHealthRoutes(router, context);
  registerAlertRoutes(router, context);
  registerSilenceRoutes(router, context);
  registerChannelRoutes(router, context);
  registerIncidentRoutes(router, context);
  return router;
}
