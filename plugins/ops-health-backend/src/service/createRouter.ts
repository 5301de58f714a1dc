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
import { methodNotAllowed, numericQueryParameters } from './requestShape';
import { TooManyRequestsError } from '../access/RequestLimiter';
import { controlCharacterIn } from '../text';

const ANONYMOUS_AUDIT_INTERVAL_MS = 60_000;

/** Where in the request a NUL character is: its path, query or body. */
/**
 * The first control character of a request (a NUL, which no database
 * column of Ops Health holds and PostgreSQL refuses; a terminal's escape
 * code): where it is, and which.
 */
function controlCharacterOf(
  req: express.Request,
): { where: string; which: string } | undefined {
  if (/%00/i.test(req.originalUrl) || req.originalUrl.includes('\u0000')) {
    return { where: "The request's address", which: 'U+0000' };
  }
  const found = (
    value: unknown,
    path: string,
    depth: number,
  ): { where: string; which: string } | undefined => {
    if (typeof value === 'string') {
      const which = controlCharacterIn(value);
      return which
        ? {
            where: path ? `The body's field '${path}'` : 'The body',
            which,
          }
        : undefined;
    }
    if (depth > 20 || value === null || typeof value !== 'object') {
      return undefined;
    }
    for (const [key, v] of Object.entries(value)) {
      const here = Array.isArray(value)
        ? `${path}[${key}]`
        : `${path ? `${path}.` : ''}${key}`;
      const which = controlCharacterIn(key);
      if (which) return { where: `A field name of the body`, which };
      const inside = found(v, here, depth + 1);
      if (inside) return inside;
    }
    return undefined;
  };
  return found(req.body, '', 0);
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

  // A control character is text no field of Ops Health takes (a NUL
  // PostgreSQL refuses): a request carrying one is told so, not answered
  // 500 or stored to garble a page.
  router.use((req, _res, next) => {
    const control = controlCharacterOf(req);
    if (control) {
      throw new InputError(
        `${control.where} contains ${
          control.which === 'U+0000'
            ? 'a NUL character (U+0000)'
            : `the control character ${control.which}`
        }, which Ops Health does not accept (tabs and line breaks it does); remove it`,
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
  outer.use(numericQueryParameters());
  outer.use(router);
  outer.use(methodNotAllowed());
  outer.use(validatorErrors({ authenticate: callerOf }));
  // A request refused as too soon (Check now, Trigger backup, a channel
  // test) says when to ask again, whichever route refused it.
  outer.use(((error, _req, res, next) => {
    if (error instanceof TooManyRequestsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    next(error);
  }) as express.ErrorRequestHandler);
  return outer;
}
