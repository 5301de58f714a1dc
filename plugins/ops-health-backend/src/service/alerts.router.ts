import { silenceMatches } from '../alerting';
import { parseRequestedRef } from '../access/access';
import { visibleEntityRefs } from '../access/visibleEntityRefs';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeAlert } from './serializers';

/** Alerts of the entities the caller can see. @internal */
export function registerAlertRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/alerts', async (req, res) => {
    const credentials = await ctx.callerOf(req);
    const entityRef = req.query.entityRef
      ? parseRequestedRef(req.query.entityRef)
      : undefined;
    const alerts = await ctx.alerts.listAlerts({
      entityRef,
      states: req.query.state ?? ['pending', 'firing'],
      limit: req.query.limit ?? 100,
    });
    const visible = await visibleEntityRefs(
      ctx.catalog,
      alerts.map(a => a.entityRef),
      credentials,
    );
    const active = await ctx.silences.list({
      active: true,
      now: ctx.clock.now(),
    });
    res.json({
      items: alerts
        .filter(a => visible.has(a.entityRef))
        .map(a =>
          serializeAlert(
            a,
            active.some(s => silenceMatches(s, a)),
          ),
        ),
    });
  });
}
