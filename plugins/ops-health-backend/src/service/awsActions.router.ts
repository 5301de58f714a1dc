import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  OPS_HEALTH_ANNOTATIONS,
  opsHealthActionTriggerPermission,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  audited,
  authorize,
  getVisibleEntity,
  principalRef,
  requireUserOrAllowedService,
} from '../access/access';
import { OpsHealthRouter, RouterContext } from './RouterContext';
import { serializeRun } from './serializers';

/**
 * The manual AWS actions of an entity: the replication test (canary) and
 * the backup trigger. Each is one auditor event, opened before the entity is
 * looked up, so that a refusal of any kind is recorded.
 *
 * @internal
 */
export function registerAwsActionRoutes(
  router: OpsHealthRouter,
  ctx: RouterContext,
) {
  async function entityForAction(
    params: { kind: string; namespace: string; name: string },
    credentials: Awaited<ReturnType<RouterContext['callerOf']>>,
    /** The annotations the action reads, besides the account's. */
    reads: string[],
  ) {
    requireUserOrAllowedService(
      credentials,
      ctx.allowedServices,
      'trigger Ops Health actions',
    );
    const found = await getVisibleEntity(ctx.catalog, params, credentials);
    await authorize(
      ctx.permissions,
      {
        permission: opsHealthActionTriggerPermission,
        resourceRef: found.entityRef,
      },
      credentials,
      'trigger Ops Health actions',
    );
    const config = parseOpsHealthAnnotations(found.entity);
    // What the checks mark misconfigured, the actions do not act on with
    // half its settings (e.g. the main account for a malformed account id).
    const problems = config.problems.filter(
      p =>
        p.annotation === OPS_HEALTH_ANNOTATIONS.awsAccountId ||
        reads.includes(p.annotation),
    );
    if (problems.length > 0) {
      throw new InputError(
        `${found.entityRef} is misconfigured: ${problems
          .map(p => `${p.annotation}: ${p.message}`)
          .join('; ')}; fix its catalog-info.yaml, then try again`,
      );
    }
    const ownership = ctx.ownership.forRun();
    const account = ownership.accountProblem({ ...found, config });
    if (account) throw new NotAllowedError(`Not allowed: ${account}`);
    return { ...found, config, ownership };
  }

  /** Refuses an action on a resource not proven to be the entity's (403). */
  function refuseUnproven(problem: string | undefined) {
    if (problem) throw new NotAllowedError(`Not allowed: ${problem}`);
  }

  router.get(
    '/entities/:kind/:namespace/:name/replication/canary',
    async (req, res) => {
      const { entityRef } = await getVisibleEntity(
        ctx.catalog,
        req.params,
        await ctx.callerOf(req),
      );
      const runs = await ctx.canaries.latestForEntity(entityRef);
      res.json({ runs: runs.map(serializeRun) });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/replication/canary',
    async (req, res) => {
      const requested = stringifyEntityRef(req.params);
      const credentials = await ctx.mutationCaller(req, 'replication-canary', {
        entityRef: requested,
      });
      const bucket = req.body?.bucket;
      const runs = await audited(
        ctx.auditor,
        {
          eventId: 'replication-canary',
          caller: { credentials, request: req },
          meta: { entityRef: requested, ...(bucket ? { bucket } : {}) },
        },
        async meta => {
          const { entityRef, config, ownership } = await entityForAction(
            req.params,
            credentials,
            [OPS_HEALTH_ANNOTATIONS.s3Replication],
          );
          const buckets = (config.replicationBuckets ?? []).filter(
            b => !bucket || b === bucket,
          );
          for (const b of buckets) {
            refuseUnproven(
              await ownership.bucketProblem(config.accountId, b, entityRef),
            );
          }
          const started = await ctx.canaries.start({
            entityRef,
            accountId: config.accountId,
            buckets: config.replicationBuckets ?? [],
            bucket,
            createdBy: principalRef(credentials),
          });
          meta.runs = started.map(r => ({ id: r.id, bucket: r.bucket }));
          return started;
        },
      );
      res.status(202).json({ runs: runs.map(serializeRun) });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/backup/trigger',
    async (req, res) => {
      const requested = stringifyEntityRef(req.params);
      const credentials = await ctx.mutationCaller(req, 'backup-trigger', {
        entityRef: requested,
      });
      const invocation = await audited(
        ctx.auditor,
        {
          eventId: 'backup-trigger',
          caller: { credentials, request: req },
          meta: { entityRef: requested },
        },
        async meta => {
          const { entityRef, config, ownership } = await entityForAction(
            req.params,
            credentials,
            [OPS_HEALTH_ANNOTATIONS.backupLambda],
          );
          if (config.backupLambda) {
            refuseUnproven(
              await ownership.functionProblem(
                config.accountId,
                config.backupLambda,
                entityRef,
              ),
            );
          }
          const invoked = await ctx.backups.trigger({
            entityRef,
            accountId: config.accountId,
            functionName: config.backupLambda,
            triggeredBy: principalRef(credentials),
          });
          meta.functionName = invoked.functionName;
          return invoked;
        },
      );
      res.status(202).json({
        ...invocation,
        invokedAt: invocation.invokedAt.toISOString(),
      });
    },
  );
}
