import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  DailyCost,
  MetricSample,
} from '@ops-health/backstage-plugin-ops-health-node';
import { HistoryStore } from './HistoryStore';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';
import { isPostgres } from './dialect';

const COSTS = 'ops_health_cost_daily';
const SAMPLES = 'ops_health_metric_samples';
// Keeps each statement under SQLite's bound-parameter limit.
const BATCH = 100;
const COST_ROWS_PER_TX = 20_000;
// Rows upserted at once past which PostgreSQL's statistics are refreshed.
const COST_ROWS_ANALYZED = 50_000;

const UPSERT_SET =
  'on conflict (entity_ref, day) do update set amount = excluded.amount, unit = excluded.unit, estimated = excluded.estimated, fetched_at = excluded.fetched_at';

/**
 * How the daily costs are upserted, written out rather than built with
 * knex's insert builder, which on 900,000 rows (a first refresh of 10,000
 * entities) spent more time and memory compiling statements than the
 * database spent running them. PostgreSQL takes 5,000 rows a statement as
 * one array per column (`unnest`: six bound values, one plan, half the time
 * of a VALUES list of the same rows); SQLite 400 rows a statement as a
 * VALUES list (2,400 bound values, within its limit of 32,766).
 *
 * `take` copies up to a statement's rows from `next` straight into the
 * statement's bound values: a row object is dropped as soon as it is
 * copied, not held while the statement runs (on PostgreSQL, a round trip
 * long enough for the young generation to be collected twice, after which
 * V8 moves whatever is still alive to the old one).
 */
function costUpserts(postgres: boolean) {
  if (postgres) {
    return {
      statement: () =>
        `insert into ${COSTS} (entity_ref, day, amount, unit, estimated, fetched_at) select e, d, a, u, est, ? from unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::boolean[]) as rows(e, d, a, u, est) ${UPSERT_SET}`,
      take(next: () => DailyCost | undefined, fetchedAt: Date) {
        const refs: string[] = [];
        const days: string[] = [];
        const amounts: number[] = [];
        const units: string[] = [];
        const estimated: boolean[] = [];
        for (let c = next(); c; c = refs.length < 5_000 ? next() : undefined) {
          refs.push(c.entityRef);
          days.push(c.day);
          amounts.push(c.amount);
          units.push(c.unit);
          estimated.push(c.estimated);
        }
        return {
          rows: refs.length,
          bindings: [fetchedAt, refs, days, amounts, units, estimated],
        };
      },
    };
  }
  const statements = new Map<number, string>();
  return {
    statement: (rows: number) => {
      let sql = statements.get(rows);
      if (!sql) {
        const values = Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ');
        sql = `insert into ${COSTS} (entity_ref, day, amount, unit, estimated, fetched_at) values ${values} ${UPSERT_SET}`;
        statements.set(rows, sql);
      }
      return sql;
    },
    take(next: () => DailyCost | undefined, fetchedAt: Date) {
      const bindings: Knex.Value[] = [];
      let rows = 0;
      for (let c = next(); c; c = rows < 400 ? next() : undefined) {
        bindings.push(
          c.entityRef,
          c.day,
          c.amount,
          c.unit,
          c.estimated,
          fetchedAt,
        );
        rows++;
      }
      return { rows, bindings };
    },
  };
}

/** @internal */
export class DatabaseHistoryStore implements HistoryStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseHistoryStore> {
    return new DatabaseHistoryStore(await getMigratedClient(options.database));
  }

  private readonly postgres: boolean;
  private readonly costUpserts: ReturnType<typeof costUpserts>;

  private constructor(private readonly db: Knex) {
    this.postgres = isPostgres(db);
    this.costUpserts = costUpserts(this.postgres);
  }

  async upsertDailyCosts(
    costs: Iterable<DailyCost>,
    fetchedAt: Date,
  ): Promise<void> {
    // Taken from `costs` as they come (it may be lazy), a statement's rows
    // at a time, in transactions of 20,000 rows: a first refresh of 10,000
    // entities stores 900,000 days, and only the values of the statement
    // being written are held.
    const { statement, take } = this.costUpserts;
    const iterator = costs[Symbol.iterator]();
    const next = () => {
      const item = iterator.next();
      return item.done ? undefined : item.value;
    };
    let taken = 0;
    const nextStatement = () => {
      const values = take(next, fetchedAt);
      taken += values.rows;
      return values;
    };
    // One transaction: statements from `first` on, until 20,000 rows are
    // written or the costs run out; returns the values of the next one.
    const writeTransaction = async (
      tx: Knex.Transaction,
      first: ReturnType<typeof nextStatement>,
    ) => {
      let values = first;
      let written = 0;
      while (values.rows && written < COST_ROWS_PER_TX) {
        await tx.raw(statement(values.rows), values.bindings);
        written += values.rows;
        values = nextStatement();
      }
      return values;
    };
    let pending = nextStatement();
    while (pending.rows) {
      const first = pending;
      pending = await this.db.transaction(tx => writeTransaction(tx, first));
    }
    // After a backfill (a first refresh: 900,000 rows for 10,000 entities)
    // PostgreSQL's planner still takes the table for the small one it was:
    // until autovacuum analyzes it, up to a minute later, reading one
    // entity's days scans every row (8 s instead of 0.7 s for the next
    // refresh's reads of 10,000 entities). Its statistics are refreshed now.
    if (this.postgres && taken >= COST_ROWS_ANALYZED) {
      await this.db.raw('analyze ??', [COSTS]);
    }
  }

  async getDailyCosts(
    entityRefs: string[],
    fromDay: string,
  ): Promise<DailyCost[]> {
    const result: DailyCost[] = [];
    for (let i = 0; i < entityRefs.length; i += BATCH) {
      const rows = await this.db(COSTS)
        .select('entity_ref', 'day', 'amount', 'unit', 'estimated')
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
