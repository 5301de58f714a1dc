import { Knex } from 'knex';

/**
 * How long the records that grow with every alert, silence, test and
 * incident are kept, in days after they ended.
 *
 * @internal
 */
export interface RecordRetentionPolicy {
  /** Resolved and cancelled alerts and their events, after they ended. */
  resolvedAlertDays: number;
  /** Silences, after they expired or were ended. */
  silenceDays: number;
  /** Replication test runs, after they finished. */
  canaryRunDays: number;
  /** Closed incidents with their timelines and alert links, after closing: kept longest. */
  closedIncidentDays: number;
}

const DAY = 86_400_000;
/** Rows deleted per statement: short transactions, an abort point between. */
const BATCH = 500;

/**
 * Deletes what is older than the policy, in batches, and stops between
 * batches when the signal aborts (the scheduler's timeout, or shutdown).
 * Open alerts, active silences, running tests and open incidents are never
 * touched, however old. Returns the rows deleted per table.
 *
 * @internal
 */
export async function deleteExpiredRecords(
  knex: Knex,
  policy: RecordRetentionPolicy,
  now: Date,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  const deleted: Record<string, number> = {};
  const count = (table: string, n: number) => {
    deleted[table] = (deleted[table] ?? 0) + n;
  };

  // What goes, by policy: the rows older than their cut-off, with the rows
  // that depend on them (deleted first, in the same transaction).
  const expired: Array<{
    table: string;
    where: (q: Knex.QueryBuilder) => Knex.QueryBuilder;
    dependents?: Array<{ table: string; column: string }>;
  }> = [
    {
      table: 'ops_health_alerts',
      where: q =>
        q
          // Resolved, or cancelled (cleared before it fired, or its subject
          // went): both ended at resolved_at.
          .whereIn('state', ['resolved', 'cancelled'])
          .where('resolved_at', '<', before(policy.resolvedAlertDays)),
      dependents: [{ table: 'ops_health_alert_events', column: 'alert_id' }],
    },
    {
      table: 'ops_health_silences',
      where: q =>
        q.where(w =>
          w
            .where('expires_at', '<', before(policy.silenceDays))
            .orWhere('expired_at', '<', before(policy.silenceDays)),
        ),
    },
    {
      table: 'ops_health_canary_runs',
      where: q =>
        q
          .whereNotNull('finished_at')
          .where('finished_at', '<', before(policy.canaryRunDays)),
    },
    {
      table: 'ops_health_incidents',
      // Last changed then too: a reopened and closed again incident counts
      // from its last close.
      where: q =>
        q
          .where('phase', 'closed')
          .where('closed_at', '<', before(policy.closedIncidentDays))
          .where('updated_at', '<', before(policy.closedIncidentDays)),
      dependents: [
        { table: 'ops_health_incident_events', column: 'incident_id' },
        { table: 'ops_health_incident_alerts', column: 'incident_id' },
      ],
    },
  ];

  for (const { table, where, dependents = [] } of expired) {
    // Batch by batch, with an abort point between.
    for (;;) {
      signal?.throwIfAborted();
      const ids = (await where(knex(table).select('id')).limit(BATCH)).map(
        (row: { id: string }) => row.id,
      );
      if (ids.length === 0) break;
      await knex.transaction(async tx => {
        for (const dependent of dependents) {
          count(
            dependent.table,
            await tx(dependent.table).whereIn(dependent.column, ids).delete(),
          );
        }
        count(table, await tx(table).whereIn('id', ids).delete());
      });
      if (ids.length < BATCH) break;
    }
  }
  return deleted;
}
