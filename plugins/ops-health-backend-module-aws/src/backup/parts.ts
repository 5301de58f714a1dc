import {
  BackupClient,
  BackupJob,
  BackupJobState,
  ListBackupJobsCommand,
  ListRecoveryPointsByResourceCommand,
  RecoveryPointByResource,
} from '@aws-sdk/client-backup';
import {
  CloudWatchLogsClient,
  FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  BackupAwsBackupDetails,
  BackupJobSummary,
  BackupLogError,
  BackupLogsDetails,
  BackupRecoveryPointSummary,
  BackupS3Details,
} from '@ops-health/backstage-plugin-ops-health-common';
import { CallCounter, errorName } from '../awsCalls';

/** Bounds on the pages one part reads, so a huge listing cannot stall a run. */
export const LIMITS = {
  /** ListObjectsV2 pages of 1,000 keys: up to a million objects. */
  s3Pages: 1000,
  /** ListBackupJobs / ListRecoveryPointsByResource pages of 100. */
  backupPages: 50,
  /** FilterLogEvents pages. */
  logPages: 20,
  /** Matching log lines kept, newest first. */
  logLines: 20,
  /** Longest log message kept in details. */
  logMessageLength: 2000,
};

interface PartContext {
  signal: AbortSignal;
  counter: CallCounter;
}

/**
 * Finds the newest object under an S3 prefix by listing it (never reading
 * an object). A missing bucket is a measurement (`exists: false`), not an
 * error.
 *
 * @internal
 */
export async function readS3Location(
  s3: S3Client,
  location: { bucket: string; prefix: string },
  { signal, counter }: PartContext,
): Promise<BackupS3Details> {
  const details: BackupS3Details = {
    bucket: location.bucket,
    prefix: location.prefix,
    exists: true,
    objectCount: 0,
  };
  let newest: { key: string; at: Date; size?: number } | undefined;
  let token: string | undefined;
  let pages = 0;
  do {
    if (pages >= LIMITS.s3Pages) {
      details.truncated = true;
      break;
    }
    pages++;
    counter.add('ListObjectsV2');
    let page;
    try {
      page = await s3.send(
        new ListObjectsV2Command({
          Bucket: location.bucket,
          Prefix: location.prefix || undefined,
          ContinuationToken: token,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (errorName(error) === 'NoSuchBucket') {
        return { ...details, exists: false };
      }
      throw error;
    }
    for (const object of page.Contents ?? []) {
      // Zero-byte "folder" markers made by the console are not backups.
      if (!object.Key || object.Key.endsWith('/') || !object.LastModified) {
        continue;
      }
      details.objectCount++;
      if (
        !newest ||
        object.LastModified > newest.at ||
        (object.LastModified.getTime() === newest.at.getTime() &&
          object.Key > newest.key)
      ) {
        newest = {
          key: object.Key,
          at: object.LastModified,
          size: object.Size,
        };
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);

  if (newest) {
    details.newestKey = newest.key;
    details.newestAt = newest.at.toISOString();
    details.newestSize = newest.size;
  }
  return details;
}

const FAILED_STATES: BackupJobState[] = ['FAILED', 'ABORTED', 'EXPIRED'];
const USABLE_RECOVERY_POINT = new Set(['COMPLETED', 'AVAILABLE']);

function jobSummary(job: BackupJob): BackupJobSummary {
  return {
    jobId: job.BackupJobId ?? '(unknown job)',
    state: job.State ?? 'UNKNOWN',
    createdAt: job.CreationDate?.toISOString(),
    completedAt: job.CompletionDate?.toISOString(),
    recoveryPointArn: job.RecoveryPointArn,
    backupVaultName: job.BackupVaultName,
    statusMessage: job.StatusMessage,
  };
}

function recoveryPointSummary(
  point: RecoveryPointByResource,
): BackupRecoveryPointSummary {
  return {
    recoveryPointArn: point.RecoveryPointArn ?? '(unknown recovery point)',
    status: point.Status,
    createdAt: point.CreationDate?.toISOString(),
    backupVaultName: point.BackupVaultName,
    sizeBytes: point.BackupSizeBytes,
  };
}

async function listBackupJobs(
  backup: BackupClient,
  filter: { resourceArn: string; state: BackupJobState; createdAfter?: Date },
  { signal, counter }: PartContext,
): Promise<BackupJob[]> {
  const jobs: BackupJob[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    counter.add('ListBackupJobs');
    const page = await backup.send(
      new ListBackupJobsCommand({
        ByResourceArn: filter.resourceArn,
        ByState: filter.state,
        ByCreatedAfter: filter.createdAfter,
        MaxResults: 100,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    jobs.push(...(page.BackupJobs ?? []));
    token = page.NextToken;
  } while (token && ++pages < LIMITS.backupPages);
  return jobs;
}

async function listRecoveryPoints(
  backup: BackupClient,
  resourceArn: string,
  { signal, counter }: PartContext,
): Promise<RecoveryPointByResource[]> {
  const points: RecoveryPointByResource[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    counter.add('ListRecoveryPointsByResource');
    const page = await backup.send(
      new ListRecoveryPointsByResourceCommand({
        ResourceArn: resourceArn,
        MaxResults: 100,
        NextToken: token,
      }),
      { abortSignal: signal },
    );
    points.push(...(page.RecoveryPoints ?? []));
    token = page.NextToken;
  } while (token && ++pages < LIMITS.backupPages);
  return points;
}

const time = (d?: Date) => d?.getTime() ?? 0;

/**
 * The last completed backup job and recovery point of a resource, and the
 * jobs that failed, were aborted or expired after the last completed one.
 *
 * @internal
 */
export async function readAwsBackup(
  backup: BackupClient,
  resourceArn: string,
  context: PartContext,
): Promise<BackupAwsBackupDetails> {
  const [completedJobs, recoveryPoints] = await Promise.all([
    listBackupJobs(backup, { resourceArn, state: 'COMPLETED' }, context),
    listRecoveryPoints(backup, resourceArn, context),
  ]);

  const lastCompleted = completedJobs.reduce<BackupJob | undefined>(
    (newest, job) =>
      !newest ||
      time(job.CompletionDate ?? job.CreationDate) >
        time(newest.CompletionDate ?? newest.CreationDate)
        ? job
        : newest,
    undefined,
  );
  const lastPoint = recoveryPoints
    .filter(p => p.Status && USABLE_RECOVERY_POINT.has(p.Status))
    .reduce<RecoveryPointByResource | undefined>(
      (newest, p) =>
        !newest || time(p.CreationDate) > time(newest.CreationDate)
          ? p
          : newest,
      undefined,
    );

  // AWS Backup lists the jobs of the last 30 days; without a completed job,
  // every failure of that period counts.
  const since = lastCompleted?.CreationDate;
  const failedLists = await Promise.all(
    FAILED_STATES.map(state =>
      listBackupJobs(
        backup,
        { resourceArn, state, createdAfter: since },
        context,
      ),
    ),
  );
  const failedJobs = failedLists
    .flat()
    .filter(job => !since || time(job.CreationDate) > since.getTime())
    .sort((a, b) => time(b.CreationDate) - time(a.CreationDate))
    .map(jobSummary);

  return {
    resourceArn,
    lastCompletedJob: lastCompleted ? jobSummary(lastCompleted) : undefined,
    lastRecoveryPoint: lastPoint ? recoveryPointSummary(lastPoint) : undefined,
    failedJobs,
  };
}

/**
 * The function name of a Lambda function name or ARN
 * (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`).
 *
 * @internal
 */
export function lambdaFunctionName(nameOrArn: string): string {
  const match = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(
    nameOrArn,
  );
  return match ? match[1] : nameOrArn;
}

/**
 * The events of a Lambda function's log group in a window that match a
 * filter pattern, page by page up to `LIMITS.logPages`; `missing` when the
 * log group does not exist (the function has not logged yet).
 *
 * @internal
 */
export async function filterFunctionLogs(
  logs: CloudWatchLogsClient,
  options: {
    logGroupName: string;
    filterPattern?: string;
    windowMs: number;
    now: Date;
  },
  { signal, counter }: PartContext,
  onPage: (events: FilteredLogEvent[]) => void,
): Promise<{ missing?: true; truncated?: true }> {
  const endTime = options.now.getTime();
  let token: string | undefined;
  let pages = 0;
  do {
    counter.add('FilterLogEvents');
    let page;
    try {
      page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: options.logGroupName,
          filterPattern: options.filterPattern || undefined,
          startTime: endTime - options.windowMs,
          endTime,
          nextToken: token,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        return { missing: true };
      }
      throw error;
    }
    onPage(page.events ?? []);
    token = page.nextToken;
  } while (token && ++pages < LIMITS.logPages);
  return token ? { truncated: true } : {};
}

/**
 * The newest lines of a Lambda function's logs that match the filter
 * pattern within the window. A missing log group means the function has not
 * logged yet, which is not an error.
 *
 * @internal
 */
export async function readLambdaLogErrors(
  logs: CloudWatchLogsClient,
  options: {
    functionNameOrArn: string;
    filterPattern: string;
    windowMs: number;
    now: Date;
  },
  context: PartContext,
): Promise<{ summary: BackupLogsDetails; lines: BackupLogError[] }> {
  const functionName = lambdaFunctionName(options.functionNameOrArn);
  const logGroupName = `/aws/lambda/${functionName}`;
  const summary: BackupLogsDetails = {
    functionName,
    logGroupName,
    filterPattern: options.filterPattern,
    windowSeconds: Math.round(options.windowMs / 1000),
    matchedCount: 0,
  };

  let kept: FilteredLogEvent[] = [];
  const read = await filterFunctionLogs(
    logs,
    {
      logGroupName,
      filterPattern: options.filterPattern,
      windowMs: options.windowMs,
      now: options.now,
    },
    context,
    events => {
      summary.matchedCount += events.length;
      // Pages come oldest first; keep only the newest lines seen so far.
      kept = [...kept, ...events]
        .sort((a, b) => (b.timestamp ?? 0) - (a.timestamp ?? 0))
        .slice(0, LIMITS.logLines);
    },
  );
  if (read.missing) {
    return { summary: { ...summary, note: 'no logs yet' }, lines: [] };
  }
  if (read.truncated) {
    summary.note = `stopped after ${LIMITS.logPages} pages; newer lines may be missing`;
  }

  return {
    summary,
    lines: kept.map(event => ({
      timestamp: new Date(event.timestamp ?? 0).toISOString(),
      message: (event.message ?? '').trim().slice(0, LIMITS.logMessageLength),
      logStream: event.logStreamName ?? '',
    })),
  };
}
