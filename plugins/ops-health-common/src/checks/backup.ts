/**
 * The kind of a restore point: an object in an S3 backup location, or an AWS
 * Backup recovery point.
 *
 * @public
 */
export type BackupRestorePointKind = 's3-object' | 'recovery-point';

/**
 * The newest successful backup an entity can be restored from.
 *
 * @public
 */
export type BackupRestorePoint = {
  kind: BackupRestorePointKind;
  /** `s3://bucket/key` of the object, or the ARN of the recovery point. */
  identifier: string;
  /** When the backup was taken (ISO 8601). */
  time: string;
  /** Age of the backup when it was measured, in seconds. */
  ageSeconds: number;
};

/**
 * What the S3 backup location (`ops-health/backup-s3`) holds.
 *
 * @public
 */
export type BackupS3Details = {
  bucket: string;
  prefix: string;
  /** False when the bucket does not exist. */
  exists: boolean;
  /** Key of the newest object under the prefix. */
  newestKey?: string;
  /** Last-modified time of the newest object (ISO 8601). */
  newestAt?: string;
  /** Size of the newest object in bytes. */
  newestSize?: number;
  /** Objects under the prefix (a lower bound when `truncated`). */
  objectCount: number;
  /** True when the listing stopped early at its page limit. */
  truncated?: boolean;
  /** What the bucket lacks of default encryption and a public access block. */
  unprotected?: string;
};

/**
 * One AWS Backup job of the annotated resource.
 *
 * @public
 */
export type BackupJobSummary = {
  jobId: string;
  /** COMPLETED, FAILED, ABORTED, EXPIRED, … */
  state: string;
  /** ISO 8601 */
  createdAt?: string;
  /** ISO 8601 */
  completedAt?: string;
  recoveryPointArn?: string;
  backupVaultName?: string;
  /** Why the job failed, as AWS Backup reports it. */
  statusMessage?: string;
};

/**
 * One AWS Backup recovery point of the annotated resource.
 *
 * @public
 */
export type BackupRecoveryPointSummary = {
  recoveryPointArn: string;
  /** COMPLETED or AVAILABLE for a usable recovery point. */
  status?: string;
  /** ISO 8601 */
  createdAt?: string;
  backupVaultName?: string;
  sizeBytes?: number;
};

/**
 * AWS Backup state of the annotated resource
 * (`ops-health/backup-resource-arn`).
 *
 * @public
 */
export type BackupAwsBackupDetails = {
  resourceArn: string;
  /** Newest completed backup job (by completion date), of the last 30 days. */
  lastCompletedJob?: BackupJobSummary;
  /** Newest completed recovery point. */
  lastRecoveryPoint?: BackupRecoveryPointSummary;
  /** Failed, aborted or expired jobs created after the last completed job, newest first. */
  failedJobs: BackupJobSummary[];
};

/**
 * A log line of the backup function that matched the error filter pattern.
 *
 * @public
 */
export type BackupLogError = {
  /** ISO 8601 */
  timestamp: string;
  message: string;
  logStream: string;
};

/**
 * Where the error lines of the backup function were searched.
 *
 * @public
 */
export type BackupLogsDetails = {
  functionName: string;
  logGroupName: string;
  filterPattern: string;
  windowSeconds: number;
  /** Lines that matched the filter pattern in the window (`logErrors` holds the newest of them). */
  matchedCount: number;
  /** E.g. "no logs yet" when the log group does not exist. */
  note?: string;
};

/**
 * One period of the backup function's duration chart.
 *
 * @public
 */
export type BackupFunctionDurationPoint = {
  /** Start of the period (ISO 8601). */
  time: string;
  /** Longest invocation in the period, in milliseconds (CloudWatch `Duration` Maximum). */
  maxDurationMs: number;
};

/**
 * How the backup function (`ops-health/backup-lambda`) runs against its
 * configured timeout and memory, over the logs window.
 *
 * @public
 */
export type BackupFunctionTuning = {
  functionName: string;
  windowSeconds: number;
  /** Configured timeout (`GetFunctionConfiguration`), in seconds. */
  timeoutSeconds: number;
  /** Configured memory (`GetFunctionConfiguration`), in MB. */
  memorySizeMb: number;
  /** CloudWatch `AWS/Lambda` sums over the window; undefined when CloudWatch has no data. */
  invocations?: number;
  errors?: number;
  /**
   * The newest period of the window in which the function failed (`Errors`
   * above zero): its start (ISO 8601) and length. Failures from its start
   * on came after a backup taken before it.
   */
  lastErrorPeriod?: { start: string; seconds: number };
  throttles?: number;
  /** Longest invocation in the window (CloudWatch `Duration` Maximum), in ms. */
  maxDurationMs?: number;
  /** 95th percentile of the durations over the window, in ms. */
  p95DurationMs?: number;
  /** Where the p95 comes from: CloudWatch `Duration` p95, or the `REPORT` log lines read. */
  p95From?: 'cloudwatch' | 'logs';
  /** Highest `Max Memory Used` of the `REPORT` log lines, in MB. */
  maxMemoryUsedMb?: number;
  /** `REPORT` lines read (one per invocation). */
  reports: number;
  /** Invocations that logged "Task timed out". */
  timeouts: number;
  /** Invocations that ran out of memory (`Runtime.OutOfMemory`, or killed at the memory limit). */
  outOfMemory: number;
  /** True when the log reading stopped at its page limit. */
  truncated?: boolean;
  /** Longest invocation per period, oldest first, for the chart. */
  durationSeries: BackupFunctionDurationPoint[];
  /** Length of each period of `durationSeries` (each point is its period's start), in seconds. */
  periodSeconds?: number;
};

/**
 * A part of the backup check that could not be measured.
 *
 * @public
 */
export type BackupCheckError = {
  part: 's3' | 'awsBackup' | 'logs' | 'tuning';
  message: string;
};

/**
 * `details` of a result of the `backup` check.
 *
 * @public
 */
export type BackupCheckDetails = {
  /** Maximum age of the newest backup, in seconds. */
  maxAgeSeconds: number;
  /** Newest successful backup across S3 and AWS Backup; null when there is none. */
  restorePoint: BackupRestorePoint | null;
  /** Present when the entity has `ops-health/backup-s3` and it could be listed. */
  s3?: BackupS3Details;
  /** Present when the entity has `ops-health/backup-resource-arn` and it could be read. */
  awsBackup?: BackupAwsBackupDetails;
  /** Present when the entity has `ops-health/backup-lambda` and its logs could be read. */
  logs?: BackupLogsDetails;
  /** Newest matching log lines of the backup function in the window, newest first (at most 20). */
  logErrors: BackupLogError[];
  /** Present when the entity has `ops-health/backup-lambda` and its configuration could be read. */
  tuning?: BackupFunctionTuning;
  /** Parts that could not be measured. */
  errors: BackupCheckError[];
};

/**
 * Whether a result's details are those of a backup measurement (a
 * misconfigured or never-measured result carries other details, or none).
 *
 * @public
 */
export function isBackupCheckDetails(
  details: unknown,
): details is BackupCheckDetails {
  const d = details as Partial<BackupCheckDetails> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.maxAgeSeconds === 'number' &&
    d.restorePoint !== undefined &&
    Array.isArray(d.logErrors) &&
    Array.isArray(d.errors)
  );
}
