import { parseEntityRef } from '@backstage/catalog-model';
import { opsHealthSilenceManagePermission } from '@ops-health/backstage-plugin-ops-health-common';
import {
  audited,
  authorize,
  getVisibleEntity,
  principalRef,
} from '../access/access';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeSilence } from './serializers';

/** Silences: create, list and end them. @internal */
export function registerSilenceRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  router.get('/silences', async (req, res) => {
    await ctx.callerOf(req);
    const items = await ctx.silences.list({
      active: req.query.active,
      now: ctx.clock.now(),
    });
    res.json({ items: items.map(serializeSilence) });
  });

  router.post('/silences', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'silence-create', {});
    const body = req.body;
    const silence = await audited(
      ctx.auditor,
      {
        eventId: 'silence-create',
        caller: { credentials, request: req },
        meta: { ...body },
      },
      async meta => {
        await authorize(
          ctx.permissions,
          { permission: opsHealthSilenceManagePermission },
          credentials,
          'manage silences',
        );
        const entityPart = body.dedupKey
          ? body.dedupKey.split('|')[0]
          : body.entityRef;
        if (entityPart) {
          // Silencing an entity's alerts needs the entity to be visible.
          await getVisibleEntity(
            ctx.catalog,
            parseEntityRef(entityPart),
            credentials,
          );
        }
        const created = await ctx.silences.create(
          body.dedupKey
            ? { dedupKey: body.dedupKey }
            : { entityRef: body.entityRef ?? '', checkId: body.checkId ?? '' },
          {
            reason: body.reason,
            createdBy: principalRef(credentials),
            now: ctx.clock.now(),
            expiresAt: body.expiresAt,
            duration: body.duration,
          },
        );
        meta.silenceId = created.id;
        return created;
      },
    );
    res.status(201).json(serializeSilence(silence));
  });

  router.delete('/silences/:id', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'silence-expire', {
      silenceId: req.params.id,
    });
    const silence = await audited(
      ctx.auditor,
      {
        eventId: 'silence-expire',
        caller: { credentials, request: req },
        meta: { silenceId: req.params.id },
      },
      async () => {
        await authorize(
          ctx.permissions,
          { permission: opsHealthSilenceManagePermission },
          credentials,
          'manage silences',
        );
        return ctx.silences.expire(
          req.params.id,
          principalRef(credentials),
          ctx.clock.now(),
        );
      },
    );
    res.json(serializeSilence(silence));
  });
}
