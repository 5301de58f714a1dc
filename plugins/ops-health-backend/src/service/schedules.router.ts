import { OpsHealthRouter, RouterContext } from './RouterContext';

/**
 * On-call schedules: anyone signed in sees who is on call (escalation pages
 * them, so they are no secret); members of a schedule's team take and give
 * back shifts, audited.
 *
 * @internal
 */
export function registerScheduleRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/schedules', async (req, res) => {
    await ctx.callerOf(req);
    res.json({ items: await ctx.schedules.list({ days: req.query.days }) });
  });

  router.get('/schedules/:name', async (req, res) => {
    await ctx.callerOf(req);
    res.json(
      await ctx.schedules.view(req.params.name, { days: req.query.days }),
    );
  });

  router.post('/schedules/:name/overrides', async (req, res) => {
    const meta = { schedule: req.params.name };
    const credentials = await ctx.mutationCaller(
      req,
      'schedule-override',
      meta,
    );
    const override = await ctx.schedules.addOverride(
      { credentials, request: req },
      req.params.name,
      req.body,
    );
    res.status(201).json(override);
  });

  router.delete('/schedules/:name/overrides/:id', async (req, res) => {
    const credentials = await ctx.mutationCaller(
      req,
      'schedule-override-delete',
      { schedule: req.params.name, overrideId: req.params.id },
    );
    await ctx.schedules.removeOverride(
      { credentials, request: req },
      req.params.name,
      req.params.id,
    );
    res.status(204).end();
  });
}
