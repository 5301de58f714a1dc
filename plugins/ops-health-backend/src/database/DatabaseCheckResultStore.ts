import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';
import { toHeadline } from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckResultStore,
  CollectionState,
  StoredCheckResult,
  StoredCheckSummary,
  VisibleRefs,
} from './CheckResultStore';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';
import { countedPage } from './countedPage';

const TABLE = 'ops_health_check_results';
const STATE = 'ops_health_collection_state';
const GENERATIONS = 'ops_health_generations';
/** The row of GENERATIONS that counts writes of check results. */
const RESULTS_GENERATION = { name: 'check_results' };

/**
 * How long a replica answers entity summaries from memory before it asks the
 * database whether any replica has written results since: another replica's
 * write shows within this long; this replica's own at once.
 */
const DEFAULT_FRESHNESS_MS = 250;

/**
 * The longest anything is kept in memory, whatever the generation says: a
 * bound on staleness for writes that bypass it (a restored database, an
 * older version of the plugin still running during an upgrade).
 */
const DEFAULT_MAX_KEEP_MS = 60_000;

/** The most entities whose summaries are kept in memory (about 2 KB each). */
const DEFAULT_MAX_SUMMARIES = 10_000;

/**
 * The most results kept in the summaries in all (about 700 bytes each):
 * the memory bound whatever an entity's number of results (buckets,
 * functions); an entity with more than this is read each time.
 */
const DEFAULT_MAX_SUMMARY_RESULTS = 50_000;

/**
 * The most results of one filter of the portal-wide list kept in memory
 * (about 600 bytes each; a longer list is paged by the database), and the
 * most filters kept.
 */
const DEFAULT_MAX_LISTED = 2_000;
const MAX_LISTS = 16;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

type Row = {
  entity_ref: string;
  check_id: string;
  subject: string;
  status: string;
  value: number | null;
  threshold: number | null;
  unit: string | null;
  headline: string | null;
  message: string;
  config_hash: string | null;
  details?: string | null;
  runbook_section: string | null;
  measured_at: Date | string | number;
  stale: boolean | number;
  error: string | null;
  error_at: Date | string | number | null;
};

/** The order of every list: entity, check, subject. */
const ORDER = [
  { column: 'entity_ref' },
  { column: 'check_id' },
  { column: 'subject' },
];

/** The columns of a list: everything but the details. */
const LIST_COLUMNS = [
  'entity_ref',
  'check_id',
  'subject',
  'status',
  'value',
  'threshold',
  'unit',
  'headline',
  'message',
  'config_hash',
  'runbook_section',
  'measured_at',
  'stale',
  'error',
  'error_at',
];

/** @internal */
export class DatabaseCheckResultStore implements CheckResultStore {
  static async create(options: {
    database: DatabaseService;
    /** See DEFAULT_FRESHNESS_MS. */
    freshnessMs?: number;
    maxSummaries?: number;
    /** See DEFAULT_MAX_SUMMARY_RESULTS. */
    maxSummaryResults?: number;
    /** See DEFAULT_MAX_LISTED. */
    maxListed?: number;
    /** See DEFAULT_MAX_KEEP_MS. */
    maxKeepMs?: number;
    /** A monotonic clock in milliseconds (performance.now by default). */
    monotonicNow?: () => number;
  }): Promise<DatabaseCheckResultStore> {
    return new DatabaseCheckResultStore(
      await getMigratedClient(options.database),
      options.freshnessMs ?? DEFAULT_FRESHNESS_MS,
      options.maxSummaries ?? DEFAULT_MAX_SUMMARIES,
      options.maxSummaryResults ?? DEFAULT_MAX_SUMMARY_RESULTS,
      options.maxListed ?? DEFAULT_MAX_LISTED,
      options.maxKeepMs ?? DEFAULT_MAX_KEEP_MS,
      options.monotonicNow ?? (() => performance.now()),
    );
  }

  /**
   * Each entity's summary results (listForEntity without details), as read
   * while the results' generation in the database was `knownGeneration`:
   * the entity health read, the most frequent of all, then needs no query.
   * Dropped when this store writes results, when the database's
   * generation (incremented with every replica's writes) differs, and
   * maxKeepMs after they were last dropped.
   */
  private readonly summaries = new Map<string, StoredCheckResult[]>();
  /** How many results the summaries hold in all. */
  private summaryResults = 0;
  /**
   * The portal-wide list's results without details, per filter (statuses
   * and checks), in its order, for every entity (the caller's visibility is
   * applied to each request); `undefined` for a filter that matches more
   * than maxListed results (the database pages those). Kept and dropped
   * with the summaries.
   */
  private readonly lists = new Map<string, StoredCheckResult[] | undefined>();
  /** Incremented whenever the summaries are dropped. */
  private summariesEpoch = 0;
  private knownGeneration: string | undefined;
  private generationCheckedAt = -Infinity;
  private generationCheck: Promise<void> | undefined;
  /** When the summaries were last dropped (monotonic ms). */
  private droppedAt: number;

  private constructor(
    private readonly db: Knex,
    private readonly freshnessMs: number,
    private readonly maxSummaries: number,
    private readonly maxSummaryResults: number,
    private readonly maxListed: number,
    private readonly maxKeepMs: number,
    private readonly monotonicNow: () => number,
  ) {
    this.droppedAt = monotonicNow();
  }

  async upsertResults(
    results: Array<CheckResult & { configHash?: string }>,
  ): Promise<void> {
    // Batches keep each statement under SQLite's bound-parameter limit.
    // Each batch's rows are made as it is written: a refresh of 10,000
    // entities does not hold 10,000 rows (their details serialized) over
    // 200 round trips, long enough for the garbage collector to keep them.
    for (let i = 0; i < results.length; i += 50) {
      await this.counted(async tx => {
        await tx(TABLE)
          .insert(results.slice(i, i + 50).map(toRow))
          .onConflict(['entity_ref', 'check_id', 'subject'])
          .merge();
        return true;
      });
    }
  }

  async markStale(
    keys: Array<{ entityRef: string; checkId: string; subject?: string }>,
    error: string,
    at: Date,
  ): Promise<number> {
    let updated = 0;
    await this.counted(async tx => {
      for (const key of keys) {
        const query = tx(TABLE).where({
          entity_ref: key.entityRef,
          check_id: key.checkId,
        });
        if (key.subject !== undefined) query.andWhere('subject', key.subject);
        updated += await query.update({ stale: true, error, error_at: at });
      }
      return updated > 0;
    });
    return updated;
  }

  async pruneResults(
    checkId: string,
    keep: Array<{ entityRef: string; subject: string }>,
    options?: { entityRefs?: string[] },
  ): Promise<number> {
    const kept = new Set(keep.map(k => `${k.entityRef}\u0000${k.subject}`));
    const existing: Array<{ entity_ref: string; subject: string }> = [];
    const scopes = options?.entityRefs
      ? chunks(options.entityRefs, 100)
      : [undefined];
    for (const refs of scopes) {
      const query = this.db(TABLE)
        .where({ check_id: checkId })
        .select('entity_ref', 'subject');
      if (refs) query.whereIn('entity_ref', refs);
      existing.push(...(await query));
    }
    const gone = existing.filter(
      row => !kept.has(`${row.entity_ref}\u0000${row.subject}`),
    );
    if (!gone.length) return 0;
    let deleted = 0;
    await this.counted(async tx => {
      for (const row of gone) {
        deleted += await tx(TABLE)
          .where({
            check_id: checkId,
            entity_ref: row.entity_ref,
            subject: row.subject,
          })
          .delete();
      }
      return deleted > 0;
    });
    return deleted;
  }

  async listResults(filter: {
    statuses?: string[];
    checkIds?: string[];
    entityRefs?: string[];
  }): Promise<StoredCheckResult[]> {
    const query = (refs?: string[]) => {
      const q = this.db<Row>(TABLE);
      if (filter.statuses?.length) q.whereIn('status', filter.statuses);
      if (filter.checkIds?.length) q.whereIn('check_id', filter.checkIds);
      if (refs) q.whereIn('entity_ref', refs);
      return q.orderBy(ORDER);
    };
    if (!filter.entityRefs) return ((await query()) as Row[]).map(toResult);
    const rows: Row[] = [];
    for (const chunk of chunks([...new Set(filter.entityRefs)], 100)) {
      rows.push(...(await query(chunk)));
    }
    return rows.map(toResult);
  }

  async listEntityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.db(TABLE).distinct(
      'entity_ref',
    );
    return rows.map(r => r.entity_ref);
  }

  async pageResults(filter: {
    visible: VisibleRefs;
    statuses?: string[];
    checkIds?: string[];
    limit: number;
    offset: number;
    details?: boolean;
  }): Promise<{ items: StoredCheckResult[]; totalCount: number }> {
    const { visible } = filter;
    const filtered = (query: Knex.QueryBuilder) => {
      if (filter.statuses?.length) query.whereIn('status', filter.statuses);
      if (filter.checkIds?.length) query.whereIn('check_id', filter.checkIds);
      return query;
    };
    if (!filter.details) {
      const listed = await this.listed(filter, filtered);
      if (listed) {
        const matching =
          visible === 'all'
            ? listed
            : listed.filter(r => visible.has(r.entityRef));
        return {
          items: matching
            .slice(filter.offset, filter.offset + filter.limit)
            .map(r => ({ ...r })),
          totalCount: matching.length,
        };
      }
    }
    if (visible === 'all') {
      // Every entity: counted, sorted and paged by the database.
      const { rows, totalCount } = await countedPage<Row>(
        () => filtered(this.db(TABLE)),
        query =>
          query
            .select(filter.details ? '*' : LIST_COLUMNS)
            .orderBy(ORDER)
            .limit(filter.limit)
            .offset(filter.offset),
      );
      return { items: rows.map(toResult), totalCount };
    }
    if (visible.size === 0) return { items: [], totalCount: 0 };
    // The keys of the matching results, filtered and sorted by the database
    // (the status and check indexes), narrow: three short columns. Which of
    // them the caller may see is a set lookup each.
    const keys: Array<Pick<Row, 'entity_ref' | 'check_id' | 'subject'>> =
      await filtered(this.db(TABLE))
        .select('entity_ref', 'check_id', 'subject')
        .orderBy(ORDER);
    const matching = keys.filter(k => visible.has(k.entity_ref));
    const page = matching.slice(filter.offset, filter.offset + filter.limit);
    if (page.length === 0) return { items: [], totalCount: matching.length };
    // The page's rows, by their entities (at most `limit`).
    const rows: Row[] = await filtered(this.db(TABLE))
      .whereIn('entity_ref', [...new Set(page.map(k => k.entity_ref))])
      .select(filter.details ? '*' : LIST_COLUMNS);
    const byKey = new Map(
      rows.map(r => [
        `${r.entity_ref}\u0000${r.check_id}\u0000${r.subject}`,
        r,
      ]),
    );
    const items = page.flatMap(k => {
      const row = byKey.get(
        `${k.entity_ref}\u0000${k.check_id}\u0000${k.subject}`,
      );
      return row ? [toResult(row)] : [];
    });
    return { items, totalCount: matching.length };
  }

  async summarizeChecks(visible: VisibleRefs): Promise<StoredCheckSummary[]> {
    if (visible !== 'all' && visible.size === 0) return [];
    const sees = (ref: string) => visible === 'all' || visible.has(ref);
    // Narrow rows (no message, no details), counted here: which of them the
    // caller may see is a set lookup each, as in pageResults.
    const rows: Array<
      Pick<
        Row,
        | 'entity_ref'
        | 'check_id'
        | 'status'
        | 'stale'
        | 'measured_at'
        | 'error'
        | 'error_at'
      >
    > = await this.db(TABLE).select(
      'entity_ref',
      'check_id',
      'status',
      'stale',
      'measured_at',
      'error',
      'error_at',
    );
    const byCheck = new Map<
      string,
      StoredCheckSummary & { entities: Set<string> }
    >();
    for (const row of rows) {
      if (!sees(row.entity_ref)) continue;
      let summary = byCheck.get(row.check_id);
      if (!summary) {
        summary = {
          checkId: row.check_id,
          entities: new Set(),
          entityCount: 0,
          staleCount: 0,
          statusCounts: {},
        };
        byCheck.set(row.check_id, summary);
      }
      summary.entities.add(row.entity_ref);
      summary.statusCounts[row.status] =
        (summary.statusCounts[row.status] ?? 0) + 1;
      if (row.stale) summary.staleCount += 1;
      const measuredAt = toDate(row.measured_at);
      if (!summary.lastMeasuredAt || measuredAt > summary.lastMeasuredAt) {
        summary.lastMeasuredAt = measuredAt;
      }
      if (row.error_at) {
        const errorAt = toDate(row.error_at);
        if (!summary.lastErrorAt || errorAt > summary.lastErrorAt) {
          summary.lastErrorAt = errorAt;
          if (row.error) summary.lastError = row.error;
          else delete summary.lastError;
        }
      }
    }
    return [...byCheck.values()]
      .sort((a, b) => a.checkId.localeCompare(b.checkId))
      .map(({ entities, ...summary }) => ({
        ...summary,
        entityCount: entities.size,
      }));
  }

  async listMeasuredKeys(
    checkId: string,
  ): Promise<Array<{ entityRef: string; configHash?: string }>> {
    const rows: Array<{ entity_ref: string; config_hash: string | null }> =
      await this.db(TABLE)
        .where({ check_id: checkId })
        .distinct('entity_ref', 'config_hash');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      ...(r.config_hash ? { configHash: r.config_hash } : {}),
    }));
  }

  async getCollectionState(): Promise<CollectionState[]> {
    const rows = await this.db(STATE).select();
    return rows.map(row => ({
      checkId: row.check_id,
      ...(row.last_full_at ? { lastFullAt: toDate(row.last_full_at) } : {}),
      ...(row.last_catch_up_at
        ? { lastCatchUpAt: toDate(row.last_catch_up_at) }
        : {}),
    }));
  }

  async recordCollection(
    checkId: string,
    kind: 'full' | 'catch-up',
    at: Date,
  ): Promise<void> {
    const column = kind === 'full' ? 'last_full_at' : 'last_catch_up_at';
    await this.db(STATE)
      .insert({ check_id: checkId, [column]: at })
      .onConflict(['check_id'])
      .merge([column]);
  }

  async listForEntity(
    entityRef: string,
    options?: { details?: boolean },
  ): Promise<StoredCheckResult[]> {
    const summary = options?.details === false;
    if (summary) {
      await this.checkGeneration();
      const kept = this.summaries.get(entityRef);
      if (kept) return kept.map(result => ({ ...result }));
    }
    const epoch = this.summariesEpoch;
    const rows: Row[] = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .select(summary ? LIST_COLUMNS : '*')
      .orderBy([{ column: 'check_id' }, { column: 'subject' }]);
    const results = rows.map(toResult);
    // Kept unless a write dropped the summaries while this read ran (it may
    // have read what the write replaced).
    if (
      summary &&
      epoch === this.summariesEpoch &&
      results.length <= this.maxSummaryResults
    ) {
      // The longest kept go first, until this one fits both bounds.
      while (
        this.summaries.size >= this.maxSummaries ||
        this.summaryResults + results.length > this.maxSummaryResults
      ) {
        const [oldest, dropped] = this.summaries.entries().next().value!;
        this.summaries.delete(oldest);
        this.summaryResults -= dropped.length;
      }
      this.summaries.set(
        entityRef,
        results.map(result => ({ ...result })),
      );
      this.summaryResults += results.length;
    }
    return results;
  }

  /**
   * Every result of the filter without details, in the list's order, from
   * memory or read and kept; undefined when more than maxListed match.
   */
  private async listed(
    filter: { statuses?: string[]; checkIds?: string[] },
    filtered: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  ): Promise<StoredCheckResult[] | undefined> {
    await this.checkGeneration();
    const key = JSON.stringify([
      [...new Set(filter.statuses ?? [])].sort(),
      [...new Set(filter.checkIds ?? [])].sort(),
    ]);
    if (this.lists.has(key)) return this.lists.get(key);
    const epoch = this.summariesEpoch;
    const rows: Row[] = await filtered(this.db(TABLE))
      .select(LIST_COLUMNS)
      .orderBy(ORDER)
      .limit(this.maxListed + 1);
    const listed =
      rows.length > this.maxListed ? undefined : rows.map(toResult);
    if (epoch === this.summariesEpoch) {
      if (this.lists.size >= MAX_LISTS) {
        this.lists.delete(this.lists.keys().next().value!);
      }
      this.lists.set(key, listed);
    }
    return listed;
  }

  /**
   * Drops the kept summaries when the database's generation of results is
   * not the one they were read at; asks at most once per `freshnessMs`, and
   * one query at a time however many reads wait for it.
   */
  private async checkGeneration(): Promise<void> {
    if (this.monotonicNow() - this.droppedAt >= this.maxKeepMs) {
      this.dropSummaries();
    }
    if (this.monotonicNow() - this.generationCheckedAt < this.freshnessMs) {
      return;
    }
    if (!this.generationCheck) {
      const started = this.monotonicNow();
      const epoch = this.summariesEpoch;
      this.generationCheck = (async () => {
        try {
          const row: { generation: string | number } | undefined =
            await this.db(GENERATIONS)
              .where(RESULTS_GENERATION)
              .first('generation');
          const generation = String(row?.generation ?? 0);
          if (epoch !== this.summariesEpoch) {
            // A write of this replica ran meanwhile: the next read asks again.
            return;
          }
          if (generation !== this.knownGeneration) {
            this.dropSummaries();
            this.knownGeneration = generation;
          }
          this.generationCheckedAt = started;
        } finally {
          this.generationCheck = undefined;
        }
      })();
    }
    await this.generationCheck;
  }

  /**
   * A write of results, in a transaction that also increments the results'
   * generation when `write` says it changed something: no change is
   * committed without it, even if the process dies right after. This
   * replica's kept summaries are dropped once it ends; the others' when they
   * next ask.
   */
  private async counted(
    write: (tx: Knex.Transaction) => Promise<boolean>,
  ): Promise<void> {
    try {
      await this.db.transaction(async tx => {
        if (await write(tx)) {
          await tx(GENERATIONS)
            .insert({ ...RESULTS_GENERATION, generation: 1 })
            .onConflict('name')
            .merge({
              generation: tx.raw('??.?? + 1', [GENERATIONS, 'generation']),
            });
        }
      });
    } finally {
      this.dropSummaries();
    }
  }

  private dropSummaries() {
    this.droppedAt = this.monotonicNow();
    this.summaries.clear();
    this.summaryResults = 0;
    this.lists.clear();
    this.summariesEpoch += 1;
    this.knownGeneration = undefined;
    this.generationCheckedAt = -Infinity;
  }
}

/**
 * Text as PostgreSQL stores it: a NUL (which it refuses, failing the whole
 * batch) becomes U+FFFD. Messages may quote what catalog authors wrote.
 */
function storable(text: string): string {
  return text.includes('\u0000') ? text.split('\u0000').join('\ufffd') : text;
}

/** A result as the row `upsertResults` writes: measured now, not stale. */
function toRow(r: CheckResult & { configHash?: string }) {
  return {
    entity_ref: r.entityRef,
    check_id: r.checkId,
    subject: r.subject,
    status: r.status,
    value: r.value ?? null,
    threshold: r.threshold ?? null,
    unit: r.unit ?? null,
    headline: storable(toHeadline(r.headline ?? r.message)),
    message: storable(r.message),
    config_hash: r.configHash ?? null,
    details: r.details ? JSON.stringify(r.details) : null,
    runbook_section: r.runbookSection ?? null,
    measured_at: r.measuredAt,
    stale: false,
    error: null,
    error_at: null,
  };
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
    headline: row.headline ?? toHeadline(row.message),
    message: row.message,
    ...(row.config_hash ? { configHash: row.config_hash } : {}),
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
    ...(row.runbook_section ? { runbookSection: row.runbook_section } : {}),
    measuredAt: toDate(row.measured_at),
    stale: Boolean(row.stale),
    ...(row.error ? { error: row.error } : {}),
    ...(row.error_at ? { errorAt: toDate(row.error_at) } : {}),
  };
}
