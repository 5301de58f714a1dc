import { NotFoundError } from '@backstage/errors';
import { getVisibleEntity } from '../access/access';
import { OpsHealthRouter, RouterContext } from './RouterContext';

/** Who to reach about an entity, and its runbook. @internal */
export function registerContactRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/entities/:kind/:namespace/:name/contacts', async (req, res) => {
    const credentials = await ctx.callerOf(req);
    const { entity, entityRef } = await getVisibleEntity(
      ctx.catalog,
      req.params,
      credentials,
    );
    // Read with the caller's credentials: owners and contacts the caller may
    // not see in the catalog are not named here either. Who is on call is
    // named to anyone signed in, as on the schedules' own routes (schedules
    // are config, and escalation pages whoever is on call).
    res.json({
      entityRef,
      ...(await ctx.contacts.getContacts(entity, credentials)),
    });
  });

  router.get('/entities/:kind/:namespace/:name/runbook', async (req, res) => {
    const { entity, entityRef } = await getVisibleEntity(
      ctx.catalog,
      req.params,
      await ctx.callerOf(req),
    );
    const { checkId } = req.query;
    if (checkId && checkId !== 'incident') {
      ctx.health.checkIdOf(checkId, { parts: true });
    }
    const runbook = ctx.runbooks.forEntity(entity, checkId);
    if (!runbook) {
      throw new NotFoundError(
        `${entityRef} has no runbook: set the ops-health/runbook annotation, add a metadata.links entry of type runbook, or configure opsHealth.runbook.defaultUrl`,
      );
    }
    res.json(runbook);
  });
}
