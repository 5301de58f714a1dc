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
// 2,400 bound values a statement, well within SQLite's 32,766.
const COST_ROWS_PER_STATEMENT = 400;
const COST_ROWS_PER_TX = 20_000;

/**
 * The upsert of `rows` cost rows, one statement, as SQLite and PostgreSQL
 * both write it. Written out rather than built with knex's insert builder,
 * which on 900,000 rows (a first refresh of 10,000 entities) spent more time
 * and memory compiling the statements than the database spent running them.
 */
/** The bound values of one statement's rows, and how many rows. */
type CostRows = { values: Knex.Value[]; count: number };

const upsertStatements = new Map<number, string>();
function upsertCostsStatement(rows: number): string {
  let sql = upsertStatements.get(rows);
  if (!sql) {
    const values = Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ');
    sql = [
      `insert into ${COSTS} (entity_ref, day, amount, unit, estimated, fetched_at)`,
      `values ${values}`,
      'on conflict (entity_ref, day) do update set amount = excluded.amount,',
      'unit = excluded.unit, estimated = excluded.estimated, fetched_at = excluded.fetched_at',
    ].join(' ');
    upsertStatements.set(rows, sql);
  }
  return sql;
}

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
    // Taken from `costs` as they come (it may be lazy), 400 rows a statement
    // (2,400 bound values) and 20,000 rows a transaction: a first refresh of
    // 10,000 entities stores 900,000 days, and only the rows of the statement
    // being written are held at a time.
    const iterator = costs[Symbol.iterator]();
    let done = false;
    const nextRows = (): CostRows => {
      const values: Knex.Value[] = [];
      let count = 0;
      while (count < COST_ROWS_PER_STATEMENT) {
        const next = iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        const c = next.value;
        values.push(
          c.entityRef,
          c.day,
          c.amount,
          c.unit,
          c.estimated,
          fetchedAt,
        );
        count += 1;
      }
      return { values, count };
    };
    // One transaction: statements from `first` on, until 20,000 rows are
    // written or the costs run out; returns the rows of the next one.
    const writeTransaction = async (tx: Knex.Transaction, first: CostRows) => {
      let rows = first;
      let written = 0;
      while (rows.count && written < COST_ROWS_PER_TX) {
        await tx.raw(upsertCostsStatement(rows.count), rows.values);
        written += rows.count;
        rows = done ? { values: [], count: 0 } : nextRows();
      }
      return rows;
    };
    let pending = nextRows();
    while (pending.count) {
      const first = pending;
      pending = await this.db.transaction(tx => writeTransaction(tx, first));
    }
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
