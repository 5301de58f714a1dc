import { Knex } from 'knex';

/**
 * How long the records that grow with every alert, silence, test and
 * incident are kept, in days after they ended.
 *
 * @internal
 */
export interface RecordRetentionPolicy {
  /** Resolved alerts and their events, after resolution. */
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

  // Batch by batch: ids first, then the dependent rows, then the rows.
  const inBatches = async (
    select: () => Knex.QueryBuilder,
    remove: (ids: string[]) => Promise<void>,
  ) => {
    for (;;) {
      signal?.throwIfAborted();
      const ids = (await select().limit(BATCH)).map(
        (row: { id: string }) => row.id,
      );
      if (ids.length === 0) return;
      await remove(ids);
      if (ids.length < BATCH) return;
    }
  };

  await inBatches(
    () =>
      knex('ops_health_alerts')
        .select('id')
        .where('state', 'resolved')
        .where('resolved_at', '<', before(policy.resolvedAlertDays)),
    async ids => {
      await knex.transaction(async tx => {
        count(
          'ops_health_alert_events',
          await tx('ops_health_alert_events').whereIn('alert_id', ids).delete(),
        );
        count(
          'ops_health_alerts',
          await tx('ops_health_alerts').whereIn('id', ids).delete(),
        );
      });
    },
  );

  await inBatches(
    () =>
      knex('ops_health_silences')
        .select('id')
        .where(q =>
          q
            .where('expires_at', '<', before(policy.silenceDays))
            .orWhere('expired_at', '<', before(policy.silenceDays)),
        ),
    async ids => {
      count(
        'ops_health_silences',
        await knex('ops_health_silences').whereIn('id', ids).delete(),
      );
    },
  );

  await inBatches(
    () =>
      knex('ops_health_canary_runs')
        .select('id')
        .whereNotNull('finished_at')
        .where('finished_at', '<', before(policy.canaryRunDays)),
    async ids => {
      count(
        'ops_health_canary_runs',
        await knex('ops_health_canary_runs').whereIn('id', ids).delete(),
      );
    },
  );

  await inBatches(
    () =>
      knex('ops_health_incidents')
        .select('id')
        .where('phase', 'closed')
        // Last changed then too: a reopened and closed again incident
        // counts from its last close.
        .where('closed_at', '<', before(policy.closedIncidentDays))
        .where('updated_at', '<', before(policy.closedIncidentDays)),
    async ids => {
      await knex.transaction(async tx => {
        count(
          'ops_health_incident_events',
          await tx('ops_health_incident_events')
            .whereIn('incident_id', ids)
            .delete(),
        );
        count(
          'ops_health_incident_alerts',
          await tx('ops_health_incident_alerts')
            .whereIn('incident_id', ids)
            .delete(),
        );
        count(
          'ops_health_incidents',
          await tx('ops_health_incidents').whereIn('id', ids).delete(),
        );
      });
    },
  );
  return deleted;
}
