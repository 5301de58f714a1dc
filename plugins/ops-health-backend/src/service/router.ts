import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  buildSetupReport,
  opsHealthActionTriggerPermission,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import express from 'express';
import {
  CanaryRunningError,
  ReplicationCanaryService,
} from '../actions/ReplicationCanaryService';
import { BackupTriggerService } from '../actions/BackupTriggerService';
import { CanaryRun, CanaryRunStore } from '../database/CanaryRunStore';
import {
  CheckResultStore,
  StoredCheckResult,
} from '../database/CheckResultStore';
import { HistoryStore } from '../database/HistoryStore';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { overallStatus } from './overallStatus';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  results: CheckResultStore;
  history: HistoryStore;
  canaryRuns: CanaryRunStore;
  canaries: ReplicationCanaryService;
  backups: BackupTriggerService;
}

function serializeResult(r: StoredCheckResult) {
  const { measuredAt, errorAt, ...rest } = r;
  return {
    ...rest,
    measuredAt: measuredAt.toISOString(),
    ...(errorAt ? { errorAt: errorAt.toISOString() } : {}),
  };
}

function serializeRun(r: CanaryRun) {
  const { startedAt, finishedAt, ...rest } = r;
  return {
    ...rest,
    startedAt: startedAt.toISOString(),
    ...(finishedAt ? { finishedAt: finishedAt.toISOString() } : {}),
  };
}

/** @internal */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, catalog, permissions, auditor, results, history } = options;
  const router = await createOpenApiRouter();

  // The catalog is asked with the caller's credentials, so an entity the
  // caller may not see answers exactly like one that does not exist.
  async function getEntity(
    params: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; entityRef: string }> {
    const entityRef = stringifyEntityRef(params);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    return { entity, entityRef: stringifyEntityRef(entity) };
  }

  async function authorizeAction(
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize(
      [
        {
          permission: opsHealthActionTriggerPermission,
          resourceRef: entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to trigger Ops Health actions on ${entityRef} (permission ${opsHealthActionTriggerPermission.name})`,
      );
    }
  }

  function principalRef(credentials: BackstageCredentials): string {
    const p = credentials.principal as {
      type: string;
      userEntityRef?: string;
      subject?: string;
    };
    return p.userEntityRef ?? (p.subject ? `service:${p.subject}` : p.type);
  }

  router.get('/entities/:kind/:namespace/:name/setup', async (req, res) => {
    const { entity } = await getEntity(
      req.params,
      await httpAuth.credentials(req),
    );
    res.json(buildSetupReport(entity));
  });

  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const { entity, entityRef } = await getEntity(
      req.params,
      await httpAuth.credentials(req),
    );
    const setup = buildSetupReport(entity);
    const checks = await results.listForEntity(entityRef);
    res.json({
      entityRef,
      status: overallStatus(checks, setup),
      checks: checks.map(serializeResult),
      setup,
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/checks/:checkId',
    async (req, res) => {
      const { entityRef } = await getEntity(
        req.params,
        await httpAuth.credentials(req),
      );
      const { checkId } = req.params;
      const days = req.query.days ?? 31;
      const since = new Date(Date.now() - days * 86_400_000);
      const checkResults = (await results.listForEntity(entityRef)).filter(
        r => r.checkId === checkId || r.checkId === `${checkId}-canary`,
      );
      const body: Record<string, unknown> = {
        entityRef,
        checkId,
        results: checkResults.map(serializeResult),
      };
      if (checkId === 'cost') {
        body.dailyCosts = (
          await history.getDailyCosts(
            [entityRef],
            since.toISOString().slice(0, 10),
          )
        ).map(({ entityRef: _ref, ...cost }) => cost);
      } else {
        body.metricSamples = (
          await history.getMetricSamples({ entityRef, checkId, since })
        ).map(s => ({
          subject: s.subject,
          metric: s.metric,
          timestamp: s.timestamp.toISOString(),
          value: s.value,
        }));
      }
      res.json(body as any);
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/replication/canary',
    async (req, res) => {
      const { entityRef } = await getEntity(
        req.params,
        await httpAuth.credentials(req),
      );
      const runs = await options.canaryRuns.latestForEntity(entityRef);
      res.json({ runs: runs.map(serializeRun) });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/replication/canary',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const { entity, entityRef } = await getEntity(req.params, credentials);
      const bucket = req.body?.bucket;
      const event = await auditor.createEvent({
        eventId: 'replication-canary',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef, ...(bucket ? { bucket } : {}) },
      });
      try {
        await authorizeAction(entityRef, credentials);
        const config = parseOpsHealthAnnotations(entity);
        const runs = await options.canaries.start({
          entityRef,
          accountId: config.accountId,
          buckets: config.replicationBuckets ?? [],
          bucket,
          createdBy: principalRef(credentials),
        });
        await event.success({
          meta: { runs: runs.map(r => ({ id: r.id, bucket: r.bucket })) },
        });
        res.status(202).json({ runs: runs.map(serializeRun) });
      } catch (error) {
        await event.fail({ error: error as Error });
        if (error instanceof CanaryRunningError) {
          res.status(409).json({
            error: { name: error.name, message: error.message },
            running: serializeRun(error.running),
          });
          return;
        }
        throw error;
      }
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/backup/trigger',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req);
      const { entity, entityRef } = await getEntity(req.params, credentials);
      const event = await auditor.createEvent({
        eventId: 'backup-trigger',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef },
      });
      try {
        await authorizeAction(entityRef, credentials);
        const config = parseOpsHealthAnnotations(entity);
        const invocation = await options.backups.trigger({
          entityRef,
          accountId: config.accountId,
          functionName: config.backupLambda,
        });
        await event.success({
          meta: { functionName: invocation.functionName },
        });
        res.status(202).json({
          ...invocation,
          invokedAt: invocation.invokedAt.toISOString(),
        });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.get('/health', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const limit = req.query.limit ?? 50;
    const offset = req.query.offset ?? 0;
    const rows = await results.listResults({
      statuses: req.query.status,
      checkIds: req.query.check,
    });
    // Only what the caller can see: one catalog call for all entities listed.
    const refs = [...new Set(rows.map(r => r.entityRef))];
    const visible = new Set<string>();
    if (refs.length > 0) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: refs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      for (const entity of items) {
        if (entity) visible.add(stringifyEntityRef(entity));
      }
    }
    const items = rows.filter(r =>
      visible.has(stringifyEntityRef(parseEntityRef(r.entityRef))),
    );
    res.json({
      items: items.slice(offset, offset + limit).map(serializeResult),
      totalCount: items.length,
      limit,
      offset,
    });
  });

  return router;
}
