import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeResult } from './serializers';

/** The portal-wide views: results by status and check, and per check. @internal */
export function registerHealthRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/health', async (req, res) => {
    const limit = req.query.limit ?? 50;
    const offset = req.query.offset ?? 0;
    const { items, totalCount } = await ctx.health.list(
      {
        statuses: req.query.status,
        checkIds: req.query.check,
        limit,
        offset,
        details: req.query.details === true,
      },
      await ctx.callerOf(req),
    );
    res.json({ items: items.map(serializeResult), totalCount, limit, offset });
  });

  router.get('/checks', async (req, res) => {
    const summaries = await ctx.health.summarizeChecks(await ctx.callerOf(req));
    res.json({
      items: summaries.map(s => ({
        checkId: s.checkId,
        ...(s.lastMeasuredAt
          ? { lastMeasuredAt: s.lastMeasuredAt.toISOString() }
          : {}),
        ...(s.lastError ? { lastError: s.lastError } : {}),
        ...(s.lastErrorAt ? { lastErrorAt: s.lastErrorAt.toISOString() } : {}),
        entityCount: s.entityCount,
        staleCount: s.staleCount,
        statusCounts: s.statusCounts,
      })),
    });
  });
}
