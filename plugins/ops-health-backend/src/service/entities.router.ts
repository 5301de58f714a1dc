import { buildSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import { getVisibleEntity } from '../access/access';
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
