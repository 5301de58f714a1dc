import express from 'express';
import { InputError } from '@backstage/errors';
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
import { registerScheduleRoutes } from './schedules.router';
import { registerAcknowledgeRoutes } from './acknowledge.router';
import { jsonBodyRouter, validatorErrors } from './jsonBody';

const ANONYMOUS_AUDIT_INTERVAL_MS = 60_000;

/** Where in the request a NUL character is: its path, query or body. */
function nulIn(req: express.Request): string | undefined {
  if (/%00/i.test(req.originalUrl) || req.originalUrl.includes('\u0000')) {
    return 'address';
  }
  const seen = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') return value.includes('\u0000');
    if (depth > 20 || value === null || typeof value !== 'object') {
      return false;
    }
    return Object.entries(value).some(
      ([key, v]) => key.includes('\u0000') || seen(v, depth + 1),
    );
  };
  return seen(req.body, 0) ? 'body' : undefined;
}

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

  // A NUL is text no database column of Ops Health holds (PostgreSQL
  // refuses it): a request carrying one is told so, not answered 500.
  router.use((req, _res, next) => {
    const where = nulIn(req);
    if (where) {
      throw new InputError(
        `The request's ${where} contains a NUL character (U+0000), which Ops Health does not accept; remove it`,
      );
    }
    next();
  });

  // The plugin lets unauthenticated requests through its auth policy (so
  // that refused mutations are audited): every handler asks for the caller.
  const callerOf: RouterContext['callerOf'] = req =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // A refused mutation without credentials is audited, but at most once a
  // minute per client: an anonymous flood must not fill the audit log.
  const lastAnonymousAudit = new Map<string, number>();
  const shouldAuditAnonymous = (client: string) => {
    const now = options.clock.now().getTime();
    for (const [key, at] of lastAnonymousAudit) {
      if (now - at >= ANONYMOUS_AUDIT_INTERVAL_MS)
        lastAnonymousAudit.delete(key);
    }
    if (lastAnonymousAudit.has(client)) return false;
    lastAnonymousAudit.set(client, now);
    return true;
  };

  const context: RouterContext = {
    ...options,
    callerOf,
    async mutationCaller(req, eventId, meta) {
      try {
        return await callerOf(req);
      } catch (error) {
        if (shouldAuditAnonymous(req.ip ?? 'unknown')) {
          const event = await auditor.createEvent({
            eventId,
            severityLevel: 'low',
            meta: { actor: 'none', ...meta },
          });
          await event.fail({ error: error as Error });
        }
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
  registerScheduleRoutes(router, context);
  registerAcknowledgeRoutes(router, context);

  // Bodies are read before the spec's validation, so that one Ops Health
  // cannot read is told what is wrong with it (jsonBody.ts); a request
  // refused for its shape that has no credentials is refused for that
  // first (401), as the routes that let it through would.
  const outer = express.Router();
  outer.use(jsonBodyRouter());
  outer.use(router);
  outer.use(validatorErrors({ authenticate: callerOf }));
  return outer;
}
