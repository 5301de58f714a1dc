import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  buildSetupReport,
  opsHealthSilenceManagePermission,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  normalizeSilenceMatcher,
  SilenceMatcher,
  silenceCheckId,
  silenceEntityRef,
} from '../alerting';
import {
  audited,
  authorize,
  getVisibleEntity,
  parseRequestedRef,
  principalRef,
} from '../access/access';
import { visibleEntityRefs } from '../access/visibleEntityRefs';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeSilence } from './serializers';

/**
 * Silences: a team lists, creates and ends the silences of the entities it
 * may see and manage (a resource permission on the silence's entity).
 *
 * @internal
 */
export function registerSilenceRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  /** The silence's entity, visible to and managed by the caller. */
  async function authorizeFor(
    entityRef: string | undefined,
    credentials: Awaited<ReturnType<RouterContext['callerOf']>>,
  ) {
    if (!entityRef) return undefined;
    const { entity, entityRef: ref } = await getVisibleEntity(
      ctx.catalog,
      entityRef,
      credentials,
    );
    await authorize(
      ctx.permissions,
      { permission: opsHealthSilenceManagePermission, resourceRef: ref },
      credentials,
      'manage the silences of the entity',
    );
    return { entity, entityRef: ref };
  }

  /**
   * A silence of a built-in check the entity does not have set up, and
   * that has no alert to silence, would match nothing: refused, saying
   * which checks it has.
   */
  async function requireSilenceable(
    entity: Entity,
    entityRef: string,
    checkId: string,
  ) {
    const setup = buildSetupReport(entity).checks;
    const check = setup.find(
      c => checkId === c.id || checkId.startsWith(`${c.id}-`),
    );
    if (!check || check.configured) return;
    // An alert of it (from before its annotations went) may still be open.
    const { items } = await ctx.alerts.pageAlerts({
      entityRefs: [entityRef],
      limit: 1000,
      offset: 0,
    });
    if (items.some(a => a.checkId === checkId)) return;
    const has = setup.filter(c => c.configured).map(c => c.id);
    throw new InputError(
      `${entityRef} has no ${
        check.id
      } check set up (its catalog-info.yaml lacks ${check.missing.join(
        ', ',
      )}) and no ${checkId} alert, so this silence would match nothing; ${
        has.length
          ? `its checks are ${has.join(', ')}`
          : 'it has no Ops Health checks'
      }`,
    );
  }

  router.get('/silences', async (req, res) => {
    const credentials = await ctx.callerOf(req);
    const limit = req.query.limit ?? 100;
    const offset = req.query.offset ?? 0;
    // Retention bounds the stored silences (ended ones go after
    // opsHealth.retention.silenceDays); visibility is the caller's.
    // `component:checkout` names the same entity as its full ref; one the
    // caller cannot see (or a typo) is a 404, as on the alert, incident and
    // metrics routes, not an empty list that reads as "nothing silenced".
    const entityRef = req.query.entityRef
      ? (
          await getVisibleEntity(
            ctx.catalog,
            parseRequestedRef(req.query.entityRef),
            credentials,
          )
        ).entityRef
      : undefined;
    const items = await ctx.silences.list({
      active: req.query.active,
      now: ctx.clock.now(),
    });
    const wanted = entityRef
      ? items.filter(s => silenceEntityRef(s) === entityRef)
      : items;
    const visible = await visibleEntityRefs(
      ctx.catalog,
      wanted.map(s => silenceEntityRef(s)).filter((r): r is string => !!r),
      credentials,
    );
    const shown = wanted.filter(s => visible.has(silenceEntityRef(s) ?? ''));
    res.json({
      items: shown.slice(offset, offset + limit).map(serializeSilence),
      totalCount: shown.length,
      limit,
      offset,
    });
  });

  router.post('/silences', async (req, res) => {
    const credentials = await ctx.mutationCaller(req, 'silence-create', {});
    const body = req.body;
    const { silence, replayed } = await audited(
      ctx.auditor,
      {
        eventId: 'silence-create',
        caller: { credentials, request: req },
        meta: { ...body },
      },
      async meta => {
        if (
          body.dedupKey !== undefined &&
          (body.entityRef !== undefined || body.checkId !== undefined)
        ) {
          throw new InputError(
            'A silence matches either { dedupKey } or { entityRef, checkId }, exactly one of them; this request gives both',
          );
        }
        const matcher = normalizeSilenceMatcher(
          (body.dedupKey !== undefined
            ? { dedupKey: body.dedupKey }
            : {
                entityRef: body.entityRef ?? '',
                checkId: body.checkId ?? '',
              }) as SilenceMatcher,
        );
        meta.entityRef = silenceEntityRef(matcher) ?? null;
        const checkId = silenceCheckId(matcher);
        if (checkId) ctx.health.checkIdOf(checkId, { parts: true });
        const target = await authorizeFor(
          silenceEntityRef(matcher),
          credentials,
        );
        if (target && checkId) {
          await requireSilenceable(target.entity, target.entityRef, checkId);
        }
        const created = await ctx.silences.createOnce(matcher, {
          reason: body.reason,
          createdBy: principalRef(credentials),
          now: ctx.clock.now(),
          expiresAt: body.expiresAt,
          duration: body.duration,
          createKey: req.header('idempotency-key'),
        });
        meta.silenceId = created.silence.id;
        if (created.replayed) meta.replayed = true;
        return created;
      },
    );
    // The same Idempotency-Key again: the silence it created, as 200.
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(replayed ? 200 : 201).json(serializeSilence(silence));
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
      async meta => {
        const existing = await ctx.silences.get(req.params.id);
        meta.entityRef = silenceEntityRef(existing) ?? null;
        await authorizeFor(silenceEntityRef(existing), credentials);
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
