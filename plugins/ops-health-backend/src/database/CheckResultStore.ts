import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * A stored check result: the latest measurement, and when the last collection
 * failed, the error and its time (the measurement is then stale).
 *
 * @internal
 */
export interface StoredCheckResult extends CheckResult {
  stale: boolean;
  error?: string;
  errorAt?: Date;
}

/** @internal */
export interface CheckResultStore {
  /** Replaces the latest result per (entity, check, subject). */
  upsertResults(results: CheckResult[]): Promise<void>;
  /**
   * Marks the stored results of these keys stale with the error, keeping the
   * last good values.
   */
  markStale(
    keys: Array<{ entityRef: string; checkId: string; subject?: string }>,
    error: string,
    at: Date,
  ): Promise<number>;
  listForEntity(entityRef: string): Promise<StoredCheckResult[]>;
  /**
   * Deletes the results of a check whose (entity, subject) is not in `keep`:
   * entities that lost their annotation, buckets removed from one.
   */
  pruneResults(
    checkId: string,
    keep: Array<{ entityRef: string; subject: string }>,
  ): Promise<number>;
  /** Results matching all given filters, ordered by entity, check, subject. */
  listResults(filter: {
    statuses?: string[];
    checkIds?: string[];
  }): Promise<StoredCheckResult[]>;
}
