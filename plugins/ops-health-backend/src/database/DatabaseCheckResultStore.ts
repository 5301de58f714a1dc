import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';
import { CheckResultStore, StoredCheckResult } from './CheckResultStore';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';

const TABLE = 'ops_health_check_results';

type Row = {
  entity_ref: string;
  check_id: string;
  subject: string;
  status: string;
  value: number | null;
  threshold: number | null;
  unit: string | null;
  message: string;
  details: string | null;
  runbook_section: string | null;
  measured_at: Date | string | number;
  stale: boolean | number;
  error: string | null;
  error_at: Date | string | number | null;
};

/** @internal */
export class DatabaseCheckResultStore implements CheckResultStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseCheckResultStore> {
    return new DatabaseCheckResultStore(
      await getMigratedClient(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async upsertResults(results: CheckResult[]): Promise<void> {
    if (results.length === 0) return;
    const rows = results.map(r => ({
      entity_ref: r.entityRef,
      check_id: r.checkId,
      subject: r.subject,
      status: r.status,
      value: r.value ?? null,
      threshold: r.threshold ?? null,
      unit: r.unit ?? null,
      message: r.message,
      details: r.details ? JSON.stringify(r.details) : null,
      runbook_section: r.runbookSection ?? null,
      measured_at: r.measuredAt,
      stale: false,
      error: null,
      error_at: null,
    }));
    // Batches keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 50) {
      await this.db(TABLE)
        .insert(rows.slice(i, i + 50))
        .onConflict(['entity_ref', 'check_id', 'subject'])
        .merge();
    }
  }

  async markStale(
    keys: Array<{ entityRef: string; checkId: string; subject?: string }>,
    error: string,
    at: Date,
  ): Promise<number> {
    let updated = 0;
    await this.db.transaction(async tx => {
      for (const key of keys) {
        const query = tx(TABLE).where({
          entity_ref: key.entityRef,
          check_id: key.checkId,
        });
        if (key.subject !== undefined) query.andWhere('subject', key.subject);
        updated += await query.update({ stale: true, error, error_at: at });
      }
    });
    return updated;
  }

  async pruneResults(
    checkId: string,
    keep: Array<{ entityRef: string; subject: string }>,
  ): Promise<number> {
    const kept = new Set(keep.map(k => `${k.entityRef}\u0000${k.subject}`));
    const existing: Array<{ entity_ref: string; subject: string }> =
      await this.db(TABLE)
        .where({ check_id: checkId })
        .select('entity_ref', 'subject');
    let deleted = 0;
    for (const row of existing) {
      if (!kept.has(`${row.entity_ref}\u0000${row.subject}`)) {
        deleted += await this.db(TABLE)
          .where({
            check_id: checkId,
            entity_ref: row.entity_ref,
            subject: row.subject,
          })
          .delete();
      }
    }
    return deleted;
  }

  async listResults(filter: {
    statuses?: string[];
    checkIds?: string[];
  }): Promise<StoredCheckResult[]> {
    const query = this.db<Row>(TABLE);
    if (filter.statuses?.length) query.whereIn('status', filter.statuses);
    if (filter.checkIds?.length) query.whereIn('check_id', filter.checkIds);
    const rows: Row[] = await query.orderBy([
      { column: 'entity_ref' },
      { column: 'check_id' },
      { column: 'subject' },
    ]);
    return rows.map(toResult);
  }

  async listForEntity(entityRef: string): Promise<StoredCheckResult[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy([{ column: 'check_id' }, { column: 'subject' }]);
    return rows.map(toResult);
  }
}

function toResult(row: Row): StoredCheckResult {
  return {
    entityRef: row.entity_ref,
    checkId: row.check_id,
    subject: row.subject,
    status: row.status as StoredCheckResult['status'],
    ...(row.value !== null ? { value: Number(row.value) } : {}),
    ...(row.threshold !== null ? { threshold: Number(row.threshold) } : {}),
    ...(row.unit !== null ? { unit: row.unit } : {}),
    message: row.message,
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
    ...(row.runbook_section ? { runbookSection: row.runbook_section } : {}),
    measuredAt: toDate(row.measured_at),
    stale: Boolean(row.stale),
    ...(row.error ? { error: row.error } : {}),
    ...(row.error_at ? { errorAt: toDate(row.error_at) } : {}),
  };
}
