import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * A stored check result: the latest measurement, and when the last collection
 * failed, the error and its time (the measurement is then stale).
 *
 * @internal
 */
export interface StoredCheckResult extends CheckResult {
  headline: string;
  /** Hash of the entity's Ops Health annotations when it was measured. */
  configHash?: string;
  stale: boolean;
  error?: string;
  errorAt?: Date;
}

/** @internal */
export interface CheckResultStore {
  /** Replaces the latest result per (entity, check, subject). */
  upsertResults(
    results: Array<CheckResult & { configHash?: string }>,
  ): Promise<void>;
  /**
   * Marks the stored results of these keys stale with the error, keeping the
   * last good values.
   */
  markStale(
    keys: Array<{ entityRef: string; checkId: string; subject?: string }>,
    error: string,
    at: Date,
  ): Promise<number>;
  /**
   * An entity's results; with `details: false`, without their details (the
   * summary the entity pages and actions read).
   */
  listForEntity(
    entityRef: string,
    options?: { details?: boolean },
  ): Promise<StoredCheckResult[]>;
  /**
   * Deletes the results of a check whose (entity, subject) is not in `keep`:
   * entities that lost their annotation, buckets removed from one.
   */
  pruneResults(
    checkId: string,
    keep: Array<{ entityRef: string; subject: string }>,
    /** Only among the results of these entities. */
    options?: { entityRefs?: string[] },
  ): Promise<number>;
  /** The entities that have a result of the check, with their config hashes. */
  listMeasuredKeys(
    checkId: string,
  ): Promise<Array<{ entityRef: string; configHash?: string }>>;
  getCollectionState(): Promise<CollectionState[]>;
  recordCollection(
    checkId: string,
    kind: 'full' | 'catch-up',
    at: Date,
  ): Promise<void>;
  /**
   * Results matching all given filters, ordered by entity, check, subject;
   * `entityRefs`: of those entities only (any number, read in chunks of
   * 100 entities, each chunk in that order).
   */
  listResults(filter: {
    statuses?: string[];
    checkIds?: string[];
    entityRefs?: string[];
  }): Promise<StoredCheckResult[]>;
  /** The entities that have results. */
  listEntityRefs(): Promise<string[]>;
  /**
   * A page of the results of the `visible` entities (`all`: every entity
   * with results) matching the filters, ordered by entity, check, subject,
   * and how many match in all. Without `details`, the results leave out
   * their details.
   */
  pageResults(filter: {
    visible: VisibleRefs;
    statuses?: string[];
    checkIds?: string[];
    limit: number;
    offset: number;
    details?: boolean;
  }): Promise<{ items: StoredCheckResult[]; totalCount: number }>;
  /** Per check, over the results of the `visible` entities. */
  summarizeChecks(visible: VisibleRefs): Promise<StoredCheckSummary[]>;
}

/**
 * The entities a caller may see: a set of refs, or `all` when the catalog
 * lets them read every entity (no per-ref check needed).
 *
 * @internal
 */
export type VisibleRefs = ReadonlySet<string> | 'all';

/** What {@link CheckResultStore.summarizeChecks} counts of one check. */
export interface StoredCheckSummary {
  checkId: string;
  lastMeasuredAt?: Date;
  lastError?: string;
  lastErrorAt?: Date;
  entityCount: number;
  staleCount: number;
  statusCounts: Record<string, number>;
}

/**
 * When a check last collected in full and last caught up with new or
 * changed entities.
 *
 * @internal
 */
export interface CollectionState {
  checkId: string;
  lastFullAt?: Date;
  lastCatchUpAt?: Date;
}
