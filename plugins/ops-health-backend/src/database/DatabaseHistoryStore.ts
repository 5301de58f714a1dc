import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  DailyCost,
  MetricSample,
} from '@ops-health/backstage-plugin-ops-health-node';
import { HistoryStore } from './HistoryStore';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';

const COSTS = 'ops_health_cost_daily';
const SAMPLES = 'ops_health_metric_samples';
// Keeps each statement under SQLite's bound-parameter limit.
const BATCH = 100;
// knex writes a multi-row insert on SQLite as a compound SELECT: at most 500.
const COST_ROWS_PER_STATEMENT = 400;
const COST_ROWS_PER_TX = 20_000;

/** @internal */
export class DatabaseHistoryStore implements HistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseHistoryStore> {
    return new DatabaseHistoryStore(await getMigratedClient(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async upsertDailyCosts(
    costs: Iterable<DailyCost>,
    fetchedAt: Date,
  ): Promise<void> {
    // Taken from `costs` as they come (it may be lazy), in transactions of
    // 20,000 rows of 400 rows a statement (2,400 bound values): a first
    // refresh of 10,000 entities stores 900,000 days.
    const store = (part: DailyCost[]) =>
      this.db.transaction(async tx => {
        for (let i = 0; i < part.length; i += COST_ROWS_PER_STATEMENT) {
          await tx(COSTS)
            .insert(
              part.slice(i, i + COST_ROWS_PER_STATEMENT).map(c => ({
                entity_ref: c.entityRef,
                day: c.day,
                amount: c.amount,
                unit: c.unit,
                estimated: c.estimated,
                fetched_at: fetchedAt,
              })),
            )
            .onConflict(['entity_ref', 'day'])
            .merge();
        }
      });
    let part: DailyCost[] = [];
    for (const cost of costs) {
      part.push(cost);
      if (part.length === COST_ROWS_PER_TX) {
        await store(part);
        part = [];
      }
    }
    if (part.length) await store(part);
  }

  async getDailyCosts(
    entityRefs: string[],
    fromDay: string,
  ): Promise<DailyCost[]> {
    const result: DailyCost[] = [];
    for (let i = 0; i < entityRefs.length; i += BATCH) {
      const rows = await this.db(COSTS)
        .whereIn('entity_ref', entityRefs.slice(i, i + BATCH))
        .andWhere('day', '>=', fromDay)
        .orderBy([{ column: 'entity_ref' }, { column: 'day' }]);
      for (const row of rows) {
        result.push({
          entityRef: row.entity_ref,
          day: row.day,
          amount: Number(row.amount),
          unit: row.unit,
          estimated: Boolean(row.estimated),
        });
      }
    }
    return result;
  }

  async countDailyCosts(
    entityRefs: string[],
    fromDay: string,
    toDay: string,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let i = 0; i < entityRefs.length; i += BATCH) {
      const rows: Array<{ entity_ref: string; days: number | string }> =
        await this.db(COSTS)
          .whereIn('entity_ref', entityRefs.slice(i, i + BATCH))
          .andWhere('day', '>=', fromDay)
          .andWhere('day', '<', toDay)
          .groupBy('entity_ref')
          .select('entity_ref')
          .count({ days: '*' });
      for (const row of rows) counts.set(row.entity_ref, Number(row.days));
    }
    return counts;
  }

  async addMetricSamples(samples: MetricSample[]): Promise<void> {
    const rows = samples.map(s => ({
      entity_ref: s.entityRef,
      check_id: s.checkId,
      subject: s.subject,
      metric: s.metric,
      timestamp: s.timestamp,
      value: s.value,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.db(SAMPLES)
        .insert(rows.slice(i, i + BATCH))
        .onConflict([
          'entity_ref',
          'check_id',
          'subject',
          'metric',
          'timestamp',
        ])
        .merge(['value']);
    }
  }

  async getMetricSamples(options: {
    entityRef: string;
    checkId: string;
    since: Date;
  }): Promise<MetricSample[]> {
    const rows = await this.db(SAMPLES)
      .where({ entity_ref: options.entityRef, check_id: options.checkId })
      .andWhere('timestamp', '>=', options.since)
      .orderBy([
        { column: 'subject' },
        { column: 'metric' },
        { column: 'timestamp' },
      ]);
    return rows.map(row => ({
      entityRef: row.entity_ref,
      checkId: row.check_id,
      subject: row.subject,
      metric: row.metric,
      timestamp: toDate(row.timestamp),
      value: Number(row.value),
    }));
  }

  async deleteOlderThan(options: {
    costDay: string;
    sampleTime: Date;
  }): Promise<{ costs: number; samples: number }> {
    const costs = await this.db(COSTS)
      .where('day', '<', options.costDay)
      .delete();
    const samples = await this.db(SAMPLES)
      .where('timestamp', '<', options.sampleTime)
      .delete();
    return { costs, samples };
  }
}
