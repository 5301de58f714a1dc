/** @internal */
export type CanaryRunStatus =
  | 'running'
  | 'ok'
  | 'warning'
  | 'critical'
  | 'error';

/**
 * One run of the replication canary of a bucket.
 *
 * @internal
 */
export interface CanaryRun {
  id: string;
  bucket: string;
  entityRef: string;
  status: CanaryRunStatus;
  createdBy: string;
  progress?: string;
  result?: Record<string, unknown>;
  startedAt: Date;
  finishedAt?: Date;
}

/** @internal */
export interface CanaryRunStore {
  /**
   * Starts a run unless one is running for the bucket (on any replica); a
   * running one older than `abandonAfterMs` is taken over as abandoned.
   */
  tryStart(
    run: Omit<CanaryRun, 'status' | 'finishedAt' | 'result' | 'progress'>,
    abandonAfterMs: number,
  ): Promise<{ started: true } | { started: false; running: CanaryRun }>;
  setProgress(id: string, progress: string): Promise<void>;
  finish(
    id: string,
    outcome: {
      status: Exclude<CanaryRunStatus, 'running'>;
      result: Record<string, unknown>;
      finishedAt: Date;
    },
  ): Promise<void>;
  /**
   * Closes a run still running as abandoned (its process stopped before it
   * finished) at `at`, when it was given up, unless it finished meanwhile;
   * the run as it now is.
   */
  abandon(run: CanaryRun, at: Date): Promise<CanaryRun | undefined>;
  get(id: string): Promise<CanaryRun | undefined>;
  /** The latest run per bucket of the entity. */
  latestForEntity(entityRef: string): Promise<CanaryRun[]>;
}
