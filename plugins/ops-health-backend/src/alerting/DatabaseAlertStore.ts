import { toHeadline } from '@ops-health/backstage-plugin-ops-health-common';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/migrations';
import {
  AlertPatch,
  AlertStore,
  AlertTransaction,
  SilenceCreateKeyTakenError,
  NotificationGroupPatch,
} from './AlertStore';
import {
  Alert,
  AlertEvent,
  AlertState,
  NewAlertEvent,
  NotificationGroup,
  Silence,
} from './types';
import { optionalDate, toDate } from '../database/dates';
import { countedPage } from '../database/countedPage';
import { isUniqueViolation } from '../database/dialect';

const ALERTS = 'ops_health_alerts';
const EVENTS = 'ops_health_alert_events';
const SILENCES = 'ops_health_silences';
const GROUPS = 'ops_health_notification_groups';
// Keeps each statement under SQLite's bound-parameter limit.
const BATCH = 100;

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

function optionalString<T extends string = string>(
  value: unknown,
): T | undefined {
  return value === null || value === undefined ? undefined : (value as T);
}

/** Leaves out undefined fields, so results compare cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

function toAlert(row: any): Alert {
  return compact({
    id: row.id,
    dedupKey: row.dedup_key,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    subject: row.subject,
    state: row.state,
    severity: row.severity,
    breaches: Number(row.breaches),
    clears: Number(row.clears),
    value: optionalNumber(row.value),
    threshold: optionalNumber(row.threshold),
    unit: optionalString(row.unit),
    headline: row.headline ?? toHeadline(row.message),
    message: row.message,
    runbookSection: optionalString(row.runbook_section),
    firstSeen: toDate(row.first_seen),
    lastSeen: toDate(row.last_seen),
    lastMeasuredAt: toDate(row.last_measured_at),
    firedAt: optionalDate(row.fired_at),
    resolvedAt: optionalDate(row.resolved_at),
    notifyCount: Number(row.notify_count),
    lastNotifiedAt: optionalDate(row.last_notified_at),
    nextNotifyAt: optionalDate(row.next_notify_at),
    notifiedState: optionalString(row.notified_state),
    notifiedSeverity: optionalString(row.notified_severity),
    revision: Number(row.revision),
  });
}

const ALERT_COLUMNS: Record<string, string> = {
  state: 'state',
  severity: 'severity',
  breaches: 'breaches',
  clears: 'clears',
  value: 'value',
  threshold: 'threshold',
  unit: 'unit',
  headline: 'headline',
  message: 'message',
  runbookSection: 'runbook_section',
  firstSeen: 'first_seen',
  lastSeen: 'last_seen',
  lastMeasuredAt: 'last_measured_at',
  firedAt: 'fired_at',
  resolvedAt: 'resolved_at',
  notifyCount: 'notify_count',
  lastNotifiedAt: 'last_notified_at',
  nextNotifyAt: 'next_notify_at',
  notifiedState: 'notified_state',
  notifiedSeverity: 'notified_severity',
  revision: 'revision',
};

function alertPatchToRow(patch: AlertPatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (key === 'open') {
      if (value === false) row.open_key = null;
      continue;
    }
    const column = ALERT_COLUMNS[key];
    if (!column) throw new Error(`Unknown alert field '${key}'`);
    row[column] = value;
  }
  return row;
}

function alertToRow(alert: Alert, open: boolean): Record<string, unknown> {
  return {
    id: alert.id,
    dedup_key: alert.dedupKey,
    open_key: open ? alert.dedupKey : null,
    entity_ref: alert.entityRef,
    check_id: alert.checkId,
    subject: alert.subject,
    state: alert.state,
    severity: alert.severity,
    breaches: alert.breaches,
    clears: alert.clears,
    value: alert.value ?? null,
    threshold: alert.threshold ?? null,
    unit: alert.unit ?? null,
    headline: alert.headline,
    message: alert.message,
    runbook_section: alert.runbookSection ?? null,
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
    last_measured_at: alert.lastMeasuredAt,
    fired_at: alert.firedAt ?? null,
    resolved_at: alert.resolvedAt ?? null,
    notify_count: alert.notifyCount,
    last_notified_at: alert.lastNotifiedAt ?? null,
    next_notify_at: alert.nextNotifyAt ?? null,
    notified_state: alert.notifiedState ?? null,
    notified_severity: alert.notifiedSeverity ?? null,
    revision: alert.revision,
  };
}

function toEvent(row: any): AlertEvent {
  return compact({
    id: Number(row.id),
    alertId: row.alert_id,
    at: toDate(row.at),
    type: row.type,
    fromState: optionalString(row.from_state),
    toState: optionalString(row.to_state),
    severity: optionalString(row.severity),
    value: optionalNumber(row.value),
    message: optionalString(row.message),
  });
}

function toGroup(row: any): NotificationGroup {
  return compact({
    entityRef: row.entity_ref,
    pendingSince: optionalDate(row.pending_since),
    sendAfter: optionalDate(row.send_after),
    lastSentAt: optionalDate(row.last_sent_at),
    changes: row.changes ? JSON.parse(row.changes) : [],
  });
}

function toSilence(row: any): Silence {
  return compact({
    id: row.id,
    dedupKey: optionalString(row.dedup_key),
    entityRef: optionalString(row.entity_ref),
    checkId: optionalString(row.check_id),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    expiredAt: optionalDate(row.expired_at),
    expiredBy: optionalString(row.expired_by),
  });
}

function activeSilences(query: Knex.QueryBuilder, now: Date) {
  return query.whereNull('expired_at').andWhere('expires_at', '>', now);
}

class DatabaseAlertTransaction implements AlertTransaction {
  constructor(
    readonly knex: Knex.Transaction,
    private readonly rowLocks: boolean,
  ) {}

  private lock(query: Knex.QueryBuilder): Knex.QueryBuilder {
    // SQLite has no row locks (and warns); its writers are serialized anyway.
    return this.rowLocks ? query.forUpdate() : query;
  }

  async insertAlert(alert: Alert): Promise<boolean> {
    // ON CONFLICT DO NOTHING: a unique violation would abort a PostgreSQL
    // transaction. A concurrent insert of the same open key makes this one
    // wait for it, then do nothing.
    await this.knex(ALERTS)
      .insert(alertToRow(alert, true))
      .onConflict('open_key')
      .ignore();
    const inserted = await this.knex(ALERTS)
      .where({ id: alert.id })
      .first('id');
    return Boolean(inserted);
  }

  async updateAlert(
    id: string,
    patch: AlertPatch,
    expectedRevision?: number,
  ): Promise<boolean> {
    const row = alertPatchToRow(patch);
    const query = this.knex(ALERTS).where({ id });
    if (expectedRevision !== undefined) {
      query.andWhere('revision', expectedRevision);
    }
    if (Object.keys(row).length === 0) {
      return Boolean(await query.first('id'));
    }
    return (await query.update(row)) > 0;
  }

  async addEvents(events: NewAlertEvent[]): Promise<void> {
    const rows = events.map(e => ({
      alert_id: e.alertId,
      at: e.at,
      type: e.type,
      from_state: e.fromState ?? null,
      to_state: e.toState ?? null,
      severity: e.severity ?? null,
      value: e.value ?? null,
      message: e.message ?? null,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.knex(EVENTS).insert(rows.slice(i, i + BATCH));
    }
  }

  async lockGroup(
    entityRef: string,
    options?: { create?: boolean },
  ): Promise<NotificationGroup | undefined> {
    if (options?.create) {
      await this.knex(GROUPS)
        .insert({ entity_ref: entityRef, changes: '[]' })
        .onConflict('entity_ref')
        .ignore();
    }
    const row = await this.lock(
      this.knex(GROUPS).where({ entity_ref: entityRef }),
    ).first();
    return row ? toGroup(row) : undefined;
  }

  async updateGroup(
    entityRef: string,
    patch: NotificationGroupPatch,
  ): Promise<void> {
    const row: Record<string, unknown> = {};
    if (patch.pendingSince !== undefined) {
      row.pending_since = patch.pendingSince;
    }
    if (patch.sendAfter !== undefined) row.send_after = patch.sendAfter;
    if (patch.lastSentAt !== undefined) row.last_sent_at = patch.lastSentAt;
    if (patch.changes !== undefined) {
      row.changes = JSON.stringify(patch.changes ?? []);
    }
    if (Object.keys(row).length === 0) return;
    await this.knex(GROUPS).where({ entity_ref: entityRef }).update(row);
  }

  async lockNotifiableAlerts(entityRef: string): Promise<Alert[]> {
    const rows = await this.lock(
      this.knex(ALERTS)
        .where({ entity_ref: entityRef })
        .andWhere(q =>
          q
            .whereNotNull('open_key')
            .orWhere(r =>
              r.where({ state: 'resolved', notified_state: 'firing' }),
            ),
        )
        .orderBy('id'),
    );
    return rows.map(toAlert);
  }

  async lockDueRepeats(entityRef: string, now: Date): Promise<Alert[]> {
    const rows = await this.lock(
      this.knex(ALERTS)
        .where({ entity_ref: entityRef, state: 'firing' })
        .andWhere('next_notify_at', '<=', now)
        .orderBy('id'),
    );
    return rows.map(toAlert);
  }

  async listActiveSilences(now: Date): Promise<Silence[]> {
    const rows: any[] = await activeSilences(this.knex(SILENCES), now);
    return rows.map(toSilence);
  }
}

/** @internal */
export class DatabaseAlertStore implements AlertStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAlertStore> {
    return new DatabaseAlertStore(await getMigratedClient(options.database));
  }

  private readonly rowLocks: boolean;

  private constructor(private readonly db: Knex) {
    const client = String(db.client.dialect ?? db.client.config?.client);
    this.rowLocks = !/sqlite/i.test(client);
  }

  async transaction<T>(fn: (tx: AlertTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(knexTx =>
      fn(new DatabaseAlertTransaction(knexTx, this.rowLocks)),
    );
  }

  async listOpenAlerts(filter: {
    dedupKeys?: string[];
    checkIds?: string[];
    entityRef?: string;
  }): Promise<Alert[]> {
    const run = (dedupKeys?: string[]) => {
      const query = this.db(ALERTS).whereNotNull('open_key');
      if (dedupKeys) query.whereIn('open_key', dedupKeys);
      if (filter.checkIds) query.whereIn('check_id', filter.checkIds);
      if (filter.entityRef) query.andWhere('entity_ref', filter.entityRef);
      return query.orderBy('dedup_key');
    };
    if (!filter.dedupKeys) return (await run()).map(r => toAlert(r));
    const alerts: Alert[] = [];
    for (let i = 0; i < filter.dedupKeys.length; i += BATCH) {
      const rows = await run(filter.dedupKeys.slice(i, i + BATCH));
      alerts.push(...rows.map(toAlert));
    }
    return alerts;
  }

  async listAlerts(filter: {
    entityRef?: string;
    entityRefs?: string[];
    states?: AlertState[];
    limit?: number;
  }): Promise<Alert[]> {
    const query = this.db(ALERTS);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.entityRefs) query.whereIn('entity_ref', filter.entityRefs);
    if (filter.states?.length) query.whereIn('state', filter.states);
    query.orderBy([
      { column: 'first_seen', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    if (filter.limit !== undefined) query.limit(filter.limit);
    return (await query).map(r => toAlert(r));
  }

  async pageAlerts(filter: {
    entityRefs: string[];
    states?: AlertState[];
    limit: number;
    offset: number;
  }): Promise<{ items: Alert[]; totalCount: number }> {
    if (filter.entityRefs.length === 0) return { items: [], totalCount: 0 };
    const filtered = () => {
      const query = this.db(ALERTS).whereIn('entity_ref', filter.entityRefs);
      if (filter.states?.length) query.whereIn('state', filter.states);
      return query;
    };
    const { rows, totalCount } = await countedPage(filtered, query =>
      query
        .orderBy([
          { column: 'first_seen', order: 'desc' },
          { column: 'id', order: 'asc' },
        ])
        .limit(filter.limit)
        .offset(filter.offset),
    );
    return { items: rows.map(r => toAlert(r)), totalCount };
  }

  async listAlertEntityRefs(filter: {
    states?: AlertState[];
  }): Promise<string[]> {
    const query = this.db(ALERTS).distinct('entity_ref');
    if (filter.states?.length) query.whereIn('state', filter.states);
    return (await query).map((r: { entity_ref: string }) => r.entity_ref);
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    const row = await this.db(ALERTS).where({ id }).first();
    return row ? toAlert(row) : undefined;
  }

  async listEvents(alertId: string): Promise<AlertEvent[]> {
    const rows = await this.db(EVENTS)
      .where({ alert_id: alertId })
      .orderBy('id');
    return rows.map(r => toEvent(r));
  }

  async getGroup(entityRef: string): Promise<NotificationGroup | undefined> {
    const row = await this.db(GROUPS).where({ entity_ref: entityRef }).first();
    return row ? toGroup(row) : undefined;
  }

  async listDueGroups(now: Date): Promise<NotificationGroup[]> {
    const rows = await this.db(GROUPS)
      .where('send_after', '<=', now)
      .orderBy('send_after');
    return rows.map(r => toGroup(r));
  }

  async listEntitiesWithDueRepeats(now: Date): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(ALERTS)
      .where({ state: 'firing' })
      .andWhere('next_notify_at', '<=', now)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async insertSilence(
    silence: Silence,
    create?: { key: string; request: string },
  ): Promise<void> {
    try {
      await this.db(SILENCES).insert({
        id: silence.id,
        dedup_key: silence.dedupKey ?? null,
        entity_ref: silence.entityRef ?? null,
        check_id: silence.checkId ?? null,
        reason: silence.reason,
        created_by: silence.createdBy,
        created_at: silence.createdAt,
        expires_at: silence.expiresAt,
        expired_at: silence.expiredAt ?? null,
        expired_by: silence.expiredBy ?? null,
        create_key: create?.key ?? null,
        create_request: create?.request ?? null,
      });
    } catch (error) {
      // The unique index on (created_by, create_key): the same request at
      // the same moment, which created it first.
      if (create && isUniqueViolation(error)) {
        throw new SilenceCreateKeyTakenError(create.key);
      }
      throw error;
    }
  }

  async getSilence(id: string): Promise<Silence | undefined> {
    const row = await this.db(SILENCES).where({ id }).first();
    return row ? toSilence(row) : undefined;
  }

  async findSilenceByCreateKey(
    createdBy: string,
    key: string,
  ): Promise<{ silence: Silence; request?: string } | undefined> {
    const row = await this.db(SILENCES)
      .where({ created_by: createdBy, create_key: key })
      .first();
    return row
      ? {
          silence: toSilence(row),
          ...(row.create_request ? { request: row.create_request } : {}),
        }
      : undefined;
  }

  async listSilences(filter: {
    active?: boolean;
    now: Date;
  }): Promise<Silence[]> {
    const query = this.db(SILENCES);
    if (filter.active === true) {
      activeSilences(query, filter.now);
    } else if (filter.active === false) {
      query.where(q =>
        q.whereNotNull('expired_at').orWhere('expires_at', '<=', filter.now),
      );
    }
    const rows = await query.orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'asc' },
    ]);
    return rows.map(r => toSilence(r));
  }

  async expireSilence(id: string, by: string, at: Date): Promise<boolean> {
    return this.db.transaction(async tx => {
      const silence = await tx(SILENCES)
        .where({ id })
        .first('dedup_key', 'entity_ref', 'check_id');
      if (!silence) return false;
      // Expiring twice, or after it ran out, keeps the first end.
      const ended = await tx(SILENCES)
        .where({ id })
        .whereNull('expired_at')
        .andWhere('expires_at', '>', at)
        .update({ expired_at: at, expired_by: by });
      if (ended) {
        // The firing alerts it held back (silenced since they were last
        // sent) are looked at again now, not when it would have run out
        // (another silence may still hold them).
        await tx(ALERTS)
          .where(
            silence.dedup_key !== null && silence.dedup_key !== undefined
              ? { dedup_key: silence.dedup_key }
              : { entity_ref: silence.entity_ref, check_id: silence.check_id },
          )
          .andWhere({ state: 'firing' })
          .andWhere('next_notify_at', '>', at)
          .whereExists(q =>
            q
              .select('id')
              .from(EVENTS)
              .whereRaw('?? = ??', [`${EVENTS}.alert_id`, `${ALERTS}.id`])
              .andWhere(`${EVENTS}.type`, 'silenced')
              .andWhere(w =>
                w
                  .whereNull(`${ALERTS}.last_notified_at`)
                  .orWhereRaw('?? >= ??', [
                    `${EVENTS}.at`,
                    `${ALERTS}.last_notified_at`,
                  ]),
              ),
          )
          .update({ next_notify_at: at });
      }
      return true;
    });
  }
}
