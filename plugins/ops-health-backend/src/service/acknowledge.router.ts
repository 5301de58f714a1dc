import { serializeError } from '@backstage/errors';
import { incidentPagePath } from '@ops-health/backstage-plugin-ops-health-common';
import { AcknowledgeError } from '../acknowledge/AcknowledgeLinks';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeIncident } from './serializers';

const STATUS: Record<string, number> = {
  InputError: 400,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
};

/**
 * The one-click acknowledge link of a notification: the portal's page posts
 * the token here with the signed-in user's credentials.
 *
 * @internal
 */
export function registerAcknowledgeRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.post('/acknowledge', async (req, res) => {
    const credentials = await ctx.mutationCaller(
      req,
      'incident-acknowledge',
      {},
    );
    try {
      const result = await ctx.acknowledge.acknowledge(
        { credentials, request: req },
        req.body.token,
      );
      res.json({
        acknowledged: result.acknowledged,
        ...(result.alreadyBy ? { alreadyBy: result.alreadyBy } : {}),
        incident: serializeIncident(
          result.incident,
          ctx.escalationLevelName?.(
            result.incident.escalationPolicy,
            result.incident.escalationLevel,
          ),
        ),
        link: incidentPagePath(result.incident),
      });
    } catch (error) {
      const reason = (error as Partial<AcknowledgeError>).reason;
      const name = (error as Error).name;
      if (!reason || !STATUS[name]) throw error;
      // The reason, besides the usual error body (as Backstage's error
      // handler writes it), tells the page what to say.
      (res as any).status(STATUS[name]).json({
        error: serializeError(error as Error),
        request: { method: req.method, url: req.originalUrl },
        response: { statusCode: STATUS[name] },
        reason,
      });
    }
  });
}
