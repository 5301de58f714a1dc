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
  opsHealthChannelTestPermission,
  opsHealthSilenceManagePermission,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { InputError } from '@backstage/errors';
import ms from 'ms';
import { randomUUID } from 'node:crypto';
import {
  Alert,
  AlertStore,
  Silence,
  SilenceService,
  silenceMatches,
} from '../alerting';
import { NotificationChannel } from '../notifications/types';
import express from 'express';
import { JsonObject } from '@backstage/types';
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
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { overallStatus } from './overallStatus';
import { visibleEntityRefs } from './visibleEntityRefs';
import { IncidentService, principalRef } from '../incidents/IncidentService';
import {
  Incident,
  IncidentDetails,
  IncidentEvent,
} from '../incidents/IncidentStore';
import {
  PHASES,
  allowedTransitions,
  missingPostmortemParts,
} from '../incidents/workflow';

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
  alerts: AlertStore;
  silences: SilenceService;
  channels: NotificationChannel[];
  incidents: IncidentService;
  /** The entity's contacts (owner, escalation chain, primary contact). */
  contacts: (entity: Entity) => Promise<unknown>;
  clock: OpsHealthClock;
  /** How long after its last catch-up pass a check measures new entities. */
  catchUpIntervalMs: number;
  /** The entity's runbook for a check; undefined when none is configured. */
  runbook: (
    entity: Entity,
    checkId?: string,
  ) => { url: string; source: string; section?: string } | undefined;
}

function iso(date: Date | undefined) {
  return date ? date.toISOString() : undefined;
}

function serializeAlert(a: Alert, silenced: boolean) {
  return {
    id: a.id,
    dedupKey: a.dedupKey,
    entityRef: a.entityRef,
    checkId: a.checkId,
    subject: a.subject,
    state: a.state,
    severity: a.severity,
    ...(a.value !== undefined ? { value: a.value } : {}),
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    ...(a.unit ? { unit: a.unit } : {}),
    headline: a.headline,
    message: a.message,
    ...(a.runbookSection ? { runbookSection: a.runbookSection } : {}),
    firstSeen: a.firstSeen.toISOString(),
    lastSeen: a.lastSeen.toISOString(),
    ...(a.firedAt ? { firedAt: iso(a.firedAt) } : {}),
    ...(a.resolvedAt ? { resolvedAt: iso(a.resolvedAt) } : {}),
    notifyCount: a.notifyCount,
    ...(a.lastNotifiedAt ? { lastNotifiedAt: iso(a.lastNotifiedAt) } : {}),
    ...(a.nextNotifyAt ? { nextNotifyAt: iso(a.nextNotifyAt) } : {}),
    silenced,
  };
}

function serializeSilence(s: Silence) {
  const { createdAt, expiresAt, expiredAt, ...rest } = s;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(expiredAt ? { expiredAt: expiredAt.toISOString() } : {}),
  };
}

function serializeIncident(i: Incident) {
  const { createdAt, updatedAt, phaseReachedAt, escalationSince, ...rest } = i;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(escalationSince
      ? { escalationSince: escalationSince.toISOString() }
      : {}),
    phaseReachedAt: Object.fromEntries(
      Object.entries(phaseReachedAt).map(([phase, at]) => [
        phase,
        at!.toISOString(),
      ]),
    ),
  };
}

function serializeIncidentEvent(e: IncidentEvent) {
  return { ...e, at: e.at.toISOString() };
}

function serializeIncidentDetails(i: IncidentDetails) {
  const { events, alerts, ...incident } = i;
  return {
    ...serializeIncident(incident),
    events: events.map(serializeIncidentEvent),
    alerts: alerts.map(a => ({
      dedupKey: a.dedupKey,
      linkedAt: a.linkedAt.toISOString(),
      ...(a.resolvedAt ? { resolvedAt: a.resolvedAt.toISOString() } : {}),
    })),
    allowedTransitions: allowedTransitions(i.phase),
    missingPostmortem:
      PHASES.indexOf(i.phase) >= PHASES.indexOf('lessons-learned')
        ? missingPostmortemParts(i.postmortem)
        : [],
  };
}

function serializeResult(r: StoredCheckResult) {
  const { measuredAt, errorAt, configHash: _hash, ...rest } = r;
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

  // The caller: a user or a service, never the anonymous principal. The
  // plugin lets unauthenticated requests through its auth policy (so that
  // refused mutations are audited), so every handler starts here.
  const callerOf = (req: express.Request<any, any, any, any, any>) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  // The caller of a mutation. A request without valid credentials is refused
  // (401) and still leaves an auditor event, like a denied one.
  async function mutationCredentials(
    req: express.Request<any, any, any, any, any>,
    eventId: string,
    meta: JsonObject,
  ): Promise<BackstageCredentials> {
    try {
      return await callerOf(req);
    } catch (error) {
      const event = await auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        meta: { actor: 'none', ...meta },
      });
      await event.fail({ error: error as Error });
      throw error;
    }
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

  async function authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    what: string,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${what} (permission ${permission.name})`,
      );
    }
  }

  const visibleRefs = (refs: string[], credentials: BackstageCredentials) =>
    visibleEntityRefs(catalog, refs, credentials);

  router.get('/entities/:kind/:namespace/:name/setup', async (req, res) => {
    const { entity } = await getEntity(req.params, await callerOf(req));
    res.json(buildSetupReport(entity));
  });

  router.get('/entities/:kind/:namespace/:name/health', async (req, res) => {
    const { entity, entityRef } = await getEntity(
      req.params,
      await callerOf(req),
    );
    const setup = buildSetupReport(entity);
    const checks = await results.listForEntity(entityRef);
    const measured = new Set(checks.map(c => c.checkId));
    const unmeasured = setup.checks.filter(
      c => c.configured && !measured.has(c.id),
    );
    const pending = [];
    if (unmeasured.length) {
      // The next catch-up pass of each check measures it.
      const now = options.clock.now().getTime();
      const state = new Map(
        (await results.getCollectionState()).map(s => [s.checkId, s]),
      );
      for (const check of unmeasured) {
        const last = state.get(check.id)?.lastCatchUpAt?.getTime();
        const next = last !== undefined ? last + options.catchUpIntervalMs : 0;
        pending.push({
          checkId: check.id,
          dueBy: new Date(
            next > now ? next : now + options.catchUpIntervalMs,
          ).toISOString(),
        });
      }
    }
    res.json({
      entityRef,
      status: overallStatus(checks, setup),
      checks: checks.map(serializeResult),
      setup,
      pending,
    });
  });

  router.get(
    '/entities/:kind/:namespace/:name/checks/:checkId',
    async (req, res) => {
      const { entityRef } = await getEntity(req.params, await callerOf(req));
      const { checkId } = req.params;
      const days = req.query.days ?? 30;
      // The UTC days ending with today: `days` bars, today the last.
      const today = Date.parse(
        `${options.clock.now().toISOString().slice(0, 10)}T00:00:00Z`,
      );
      const since = new Date(today - (days - 1) * 86_400_000);
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
      const { entityRef } = await getEntity(req.params, await callerOf(req));
      const runs = await options.canaryRuns.latestForEntity(entityRef);
      res.json({ runs: runs.map(serializeRun) });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/replication/canary',
    async (req, res) => {
      const credentials = await mutationCredentials(req, 'replication-canary', {
        entityRef: stringifyEntityRef(req.params),
      });
      const { entity, entityRef } = await getEntity(req.params, credentials);
      const bucket = req.body?.bucket;
      const event = await auditor.createEvent({
        eventId: 'replication-canary',
        severityLevel: 'medium',
        request: req,
        meta: {
          actor: principalRef(credentials),
          entityRef,
          ...(bucket ? { bucket } : {}),
        },
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
      const credentials = await mutationCredentials(req, 'backup-trigger', {
        entityRef: stringifyEntityRef(req.params),
      });
      const { entity, entityRef } = await getEntity(req.params, credentials);
      const event = await auditor.createEvent({
        eventId: 'backup-trigger',
        severityLevel: 'medium',
        request: req,
        meta: { actor: principalRef(credentials), entityRef },
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
    const credentials = await callerOf(req);
    const limit = req.query.limit ?? 50;
    const offset = req.query.offset ?? 0;
    const rows = await results.listResults({
      statuses: req.query.status,
      checkIds: req.query.check,
    });
    // Only what the caller can see: one catalog call for all entities listed.
    const visible = await visibleRefs(
      rows.map(r => r.entityRef),
      credentials,
    );
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

  router.get('/checks', async (req, res) => {
    const credentials = await callerOf(req);
    const rows = await results.listResults({});
    const visible = await visibleRefs(
      rows.map(r => r.entityRef),
      credentials,
    );
    const byCheck = new Map<
      string,
      {
        checkId: string;
        lastMeasuredAt?: Date;
        lastError?: string;
        lastErrorAt?: Date;
        entities: Set<string>;
        staleCount: number;
        statusCounts: Record<string, number>;
      }
    >();
    for (const r of rows) {
      if (!visible.has(r.entityRef)) continue;
      let summary = byCheck.get(r.checkId);
      if (!summary) {
        summary = {
          checkId: r.checkId,
          entities: new Set(),
          staleCount: 0,
          statusCounts: {},
        };
        byCheck.set(r.checkId, summary);
      }
      summary.entities.add(r.entityRef);
      summary.statusCounts[r.status] =
        (summary.statusCounts[r.status] ?? 0) + 1;
      if (r.stale) summary.staleCount += 1;
      if (!summary.lastMeasuredAt || r.measuredAt > summary.lastMeasuredAt) {
        summary.lastMeasuredAt = r.measuredAt;
      }
      if (
        r.errorAt &&
        (!summary.lastErrorAt || r.errorAt > summary.lastErrorAt)
      ) {
        summary.lastErrorAt = r.errorAt;
        summary.lastError = r.error;
      }
    }
    res.json({
      items: [...byCheck.values()]
        .sort((a, b) => a.checkId.localeCompare(b.checkId))
        .map(s => ({
          checkId: s.checkId,
          ...(s.lastMeasuredAt
            ? { lastMeasuredAt: s.lastMeasuredAt.toISOString() }
            : {}),
          ...(s.lastError ? { lastError: s.lastError } : {}),
          ...(s.lastErrorAt
            ? { lastErrorAt: s.lastErrorAt.toISOString() }
            : {}),
          entityCount: s.entities.size,
          staleCount: s.staleCount,
          statusCounts: s.statusCounts,
        })),
    });
  });

  router.get('/alerts', async (req, res) => {
    const credentials = await callerOf(req);
    let entityRef: string | undefined;
    if (req.query.entityRef) {
      try {
        entityRef = stringifyEntityRef(parseEntityRef(req.query.entityRef));
      } catch (error) {
        throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
      }
    }
    const alerts = await options.alerts.listAlerts({
      entityRef,
      states: req.query.state ?? ['pending', 'firing'],
      limit: req.query.limit ?? 100,
    });
    const visible = await visibleRefs(
      alerts.map(a => a.entityRef),
      credentials,
    );
    const active = await options.silences.list({ active: true });
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

  router.get('/silences', async (req, res) => {
    await callerOf(req);
    const items = await options.silences.list({ active: req.query.active });
    res.json({ items: items.map(serializeSilence) });
  });

  router.post('/silences', async (req, res) => {
    const credentials = await mutationCredentials(req, 'silence-create', {});
    const body = req.body;
    const entityPart = body.dedupKey
      ? body.dedupKey.split('|')[0]
      : body.entityRef;
    const event = await auditor.createEvent({
      eventId: 'silence-create',
      severityLevel: 'medium',
      request: req,
      meta: { actor: principalRef(credentials), ...body },
    });
    try {
      await authorizeBasic(
        opsHealthSilenceManagePermission,
        credentials,
        'manage silences',
      );
      if (entityPart) {
        // Silencing an entity's alerts needs the entity to be visible.
        await getEntity(parseEntityRef(entityPart), credentials);
      }
      let expiresAt: Date;
      if (body.expiresAt && body.duration) {
        throw new InputError('Give expiresAt or duration, not both');
      } else if (body.duration) {
        const duration = ms(body.duration as ms.StringValue);
        if (typeof duration !== 'number' || !(duration > 0)) {
          throw new InputError(
            `Invalid duration '${body.duration}': use e.g. 30m, 2h or 1d`,
          );
        }
        expiresAt = new Date(options.clock.now().getTime() + duration);
      } else if (body.expiresAt) {
        expiresAt = new Date(body.expiresAt);
      } else {
        throw new InputError('A silence needs expiresAt or duration');
      }
      const silence = await options.silences.create(
        body.dedupKey
          ? { dedupKey: body.dedupKey }
          : { entityRef: body.entityRef ?? '', checkId: body.checkId ?? '' },
        {
          reason: body.reason,
          expiresAt,
          createdBy: principalRef(credentials),
        },
      );
      await event.success({ meta: { silenceId: silence.id } });
      res.status(201).json(serializeSilence(silence));
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/silences/:id', async (req, res) => {
    const credentials = await mutationCredentials(req, 'silence-expire', {
      silenceId: req.params.id,
    });
    const event = await auditor.createEvent({
      eventId: 'silence-expire',
      severityLevel: 'medium',
      request: req,
      meta: { actor: principalRef(credentials), silenceId: req.params.id },
    });
    try {
      await authorizeBasic(
        opsHealthSilenceManagePermission,
        credentials,
        'manage silences',
      );
      const silence = await options.silences.expire(
        req.params.id,
        principalRef(credentials),
      );
      await event.success();
      res.json(serializeSilence(silence));
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/channels', async (req, res) => {
    await callerOf(req);
    res.json({
      channels: options.channels.map(c => ({
        name: c.name,
        type: c.type,
        minSeverity: c.minSeverity,
        ...(c.checks ? { checks: [...c.checks] } : {}),
      })),
    });
  });

  router.post('/channels/:name/test', async (req, res) => {
    const credentials = await mutationCredentials(req, 'channel-test', {
      channel: req.params.name,
    });
    const event = await auditor.createEvent({
      eventId: 'channel-test',
      severityLevel: 'low',
      request: req,
      meta: { actor: principalRef(credentials), channel: req.params.name },
    });
    try {
      await authorizeBasic(
        opsHealthChannelTestPermission,
        credentials,
        'test notification channels',
      );
      const channel = options.channels.find(c => c.name === req.params.name);
      if (!channel) {
        throw new NotFoundError(
          `No notification channel '${req.params.name}' (configured: ${
            options.channels.map(c => c.name).join(', ') || 'none'
          })`,
        );
      }
      const by = principalRef(credentials);
      const started = Date.now();
      let error: string | undefined;
      try {
        await channel.deliver(
          {
            id: randomUUID(),
            kind: 'test',
            entityRef: by,
            recipients: by.startsWith('user:') ? [by] : [],
            title: `Ops Health test message for channel ${channel.name}`,
            summary: `Sent by ${by} to check that the ${channel.type} channel ${channel.name} works.`,
            severity: 'info',
            alerts: [],
            createdAt: options.clock.now().toISOString(),
          },
          {
            idempotencyKey: `test:${randomUUID()}`,
            attempt: 1,
            signal: AbortSignal.timeout(30_000),
          },
        );
      } catch (deliveryError) {
        error = (deliveryError as Error).message;
      }
      const outcome = {
        channel: channel.name,
        ok: error === undefined,
        ...(error ? { error } : {}),
        durationMs: Date.now() - started,
      };
      if (error) {
        await event.fail({ error: new Error(error), meta: outcome });
      } else {
        await event.success({ meta: outcome });
      }
      res.json(outcome);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/incidents', async (req, res) => {
    const credentials = await callerOf(req);
    const phases =
      req.query.phase ??
      (req.query.open ? PHASES.filter(p => p !== 'closed') : undefined);
    const items = await options.incidents.list(
      { credentials, request: req },
      { entityRef: req.query.entityRef, phases, limit: req.query.limit },
    );
    res.json({ items: items.map(serializeIncident) });
  });

  router.post('/incidents', async (req, res) => {
    const credentials = await mutationCredentials(req, 'incident-create', {});
    const incident = await options.incidents.create(
      { credentials, request: req },
      req.body,
    );
    res.status(201).json(serializeIncident(incident));
  });

  router.get('/incidents/:id', async (req, res) => {
    const credentials = await callerOf(req);
    const incident = await options.incidents.get(
      { credentials, request: req },
      req.params.id,
    );
    res.json(serializeIncidentDetails(incident) as any);
  });

  router.patch('/incidents/:id', async (req, res) => {
    const credentials = await mutationCredentials(req, 'incident-update', {
      incidentId: req.params.id,
    });
    const incident = await options.incidents.update(
      { credentials, request: req },
      req.params.id,
      {
        commander: req.body.commander,
        severity: req.body.severity,
        note: req.body.note,
        expectedVersion: req.body.version,
      },
    );
    res.json(serializeIncident(incident));
  });

  router.post('/incidents/:id/transition', async (req, res) => {
    const credentials = await mutationCredentials(req, 'incident-transition', {
      incidentId: req.params.id,
    });
    const incident = await options.incidents.transition(
      { credentials, request: req },
      req.params.id,
      {
        to: req.body.to,
        expectedVersion: req.body.version,
        note: req.body.note,
      },
    );
    res.json(serializeIncident(incident));
  });

  router.post('/incidents/:id/notes', async (req, res) => {
    const credentials = await mutationCredentials(req, 'incident-note', {
      incidentId: req.params.id,
    });
    const event = await options.incidents.addNote(
      { credentials, request: req },
      req.params.id,
      { note: req.body.note, expectedVersion: req.body.version },
    );
    res.status(201).json(serializeIncidentEvent(event) as any);
  });

  router.put('/incidents/:id/postmortem', async (req, res) => {
    const credentials = await mutationCredentials(req, 'incident-postmortem', {
      incidentId: req.params.id,
    });
    const incident = await options.incidents.updatePostmortem(
      { credentials, request: req },
      req.params.id,
      { postmortem: req.body.postmortem, expectedVersion: req.body.version },
    );
    res.json(serializeIncident(incident));
  });

  router.get('/metrics/incidents', async (req, res) => {
    const credentials = await callerOf(req);
    const to = req.query.to ? new Date(req.query.to) : options.clock.now();
    const from = req.query.from
      ? new Date(req.query.from)
      : new Date(to.getTime() - 30 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
      throw new InputError('from and to must be ISO date-times');
    }
    const metrics = await options.incidents.metrics(
      { credentials, request: req },
      { entityRef: req.query.entityRef, from, to },
    );
    res.json({
      ...(req.query.entityRef ? { entityRef: req.query.entityRef } : {}),
      from: from.toISOString(),
      to: to.toISOString(),
      ...metrics,
    });
  });

  router.get('/entities/:kind/:namespace/:name/contacts', async (req, res) => {
    const { entity, entityRef } = await getEntity(
      req.params,
      await callerOf(req),
    );
    const contacts = (await options.contacts(entity)) as object;
    res.json({ entityRef, ...contacts } as any);
  });

  router.get('/entities/:kind/:namespace/:name/runbook', async (req, res) => {
    const { entity, entityRef } = await getEntity(
      req.params,
      await callerOf(req),
    );
    const runbook = options.runbook(entity, req.query.checkId);
    if (!runbook) {
      throw new NotFoundError(
        `${entityRef} has no runbook: set the ops-health/runbook annotation, add a metadata.links entry of type runbook, or configure opsHealth.runbook.defaultUrl`,
      );
    }
    res.json(runbook as any);
  });

  return router;
}
