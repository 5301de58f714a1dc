import { buildSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { opsHealthActionTriggerPermission } from '@ops-health/backstage-plugin-ops-health-common';
import {
  audited,
  authorize,
  getVisibleEntity,
  principalRef,
  requireUserOrAllowedService,
} from '../access/access';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeEntityHealth, serializeResult } from './serializers';

/** An entity's setup, health and check detail. @internal */
export function registerEntityRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/entities/:kind/:namespace/:name/setup', async (req, res) => {
    const { entity } = await getVisibleEntity(
      ctx.catalog,
      req.params,
      await ctx.callerOf(req),
    );
    res.json(buildSetupReport(entity));
  });

  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const health = await ctx.health.entityHealth(
      req.params,
      await ctx.callerOf(req),
      { details: req.query.details === true },
    );
    res.json(serializeEntityHealth(health));
  });

  router.post(
    '/entities/:kind/:namespace/:name/checks/:checkId/measure',
    async (req, res) => {
      const { kind, namespace, name, checkId } = req.params;
      const requested = stringifyEntityRef({ kind, namespace, name });
      const meta = { entityRef: requested, checkId };
      const credentials = await ctx.mutationCaller(req, 'check-measure', meta);
      const results = await audited(
        ctx.auditor,
        {
          eventId: 'check-measure',
          caller: { credentials, request: req },
          meta,
        },
        async eventMeta => {
          ctx.health.checkIdOf(checkId);
          requireUserOrAllowedService(
            credentials,
            ctx.allowedServices,
            'measure Ops Health checks on request',
          );
          const { entity, entityRef } = await getVisibleEntity(
            ctx.catalog,
            { kind, namespace, name },
            credentials,
          );
          await authorize(
            ctx.permissions,
            {
              permission: opsHealthActionTriggerPermission,
              resourceRef: entityRef,
            },
            credentials,
            'measure Ops Health checks on request',
          );
          const measured = await ctx.checkNow.measure(
            entity,
            checkId,
            principalRef(credentials),
          );
          eventMeta.results = measured.length;
          return measured;
        },
      );
      res.json({ results: results.map(serializeResult) });
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/checks/:checkId',
    async (req, res) => {
      const { kind, namespace, name, checkId } = req.params;
      const detail = await ctx.health.checkDetail(
        { kind, namespace, name },
        checkId,
        req.query.days ?? 30,
        await ctx.callerOf(req),
      );
      res.json({
        entityRef: detail.entityRef,
        checkId: detail.checkId,
        results: detail.results.map(serializeResult),
        ...(detail.dailyCosts ? { dailyCosts: detail.dailyCosts } : {}),
        ...(detail.metricSamples
          ? {
              metricSamples: detail.metricSamples.map(s => ({
                ...s,
                timestamp: s.timestamp.toISOString(),
              })),
            }
          : {}),
      });
    },
  );
}
