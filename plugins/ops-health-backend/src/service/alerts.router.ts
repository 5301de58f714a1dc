import { silenceMatches } from '../alerting';
import { getVisibleEntity, parseRequestedRef } from '../access/access';
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
    const states = req.query.state ?? ['pending', 'firing'];
    // Visibility first, then the limit: a page is never short because of
    // entities the caller cannot see.
    // One entity's: a 404 when the caller cannot see it, as on the
    // incident and metrics routes.
    const entityRefs = req.query.entityRef
      ? [
          (
            await getVisibleEntity(
              ctx.catalog,
              parseRequestedRef(req.query.entityRef),
              credentials,
            )
          ).entityRef,
        ]
      : await ctx.alerts.listAlertEntityRefs({ states });
    const visible = await visibleEntityRefs(
      ctx.catalog,
      entityRefs,
      credentials,
    );
    const limit = req.query.limit ?? 100;
    const offset = req.query.offset ?? 0;
    const { items: alerts, totalCount } = await ctx.alerts.pageAlerts({
      entityRefs: [...visible],
      states,
      limit,
      offset,
    });
    const active = await ctx.silences.list({
      active: true,
      now: ctx.clock.now(),
    });
    res.json({
      items: alerts.map(a =>
        serializeAlert(
          a,
          active.some(s => silenceMatches(s, a)),
        ),
      ),
      totalCount,
      limit,
      offset,
    });
  });
}
