import {
  BackupCheckDetails,
  BackupRestorePoint,
} from '@ops-health/backstage-plugin-ops-health-common';
import { CheckStatus } from '@ops-health/backstage-plugin-ops-health-node';
import { evaluateTuning } from './tuning';

/** Runbook section every backup result links to. */
export const BACKUP_RUNBOOK_SECTION = 'disaster-recovery-backup-failure';
/** Runbook section of a backup function that needs tuning. */
export const TUNING_RUNBOOK_SECTION = 'optimizing-backup-functions';

/**
 * A duration in words a person reads at a glance: `45 s`, `12 min`, `3.5 h`,
 * `31 h`, `4 d`.
 *
 * @internal
 */
export function formatDuration(seconds: number, precise = false): string {
  const round = (n: number) =>
    precise || n < 10 ? String(Math.round(n * 10) / 10) : String(Math.round(n));
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 72 * 3600) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} d`;
}

function formatAge(ageSeconds: number, maxSeconds: number) {
  const age = formatDuration(ageSeconds);
  const max = formatDuration(maxSeconds);
  // "26 h old (max 26 h)" would read as fresh when it is not.
  if (age === max && ageSeconds !== maxSeconds) {
    return { age: formatDuration(ageSeconds, true), max };
  }
  return { age, max };
}

function s3Url(bucket: string, key: string) {
  return `s3://${bucket}/${key}`;
}

function shorten(text: string, length = 160) {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > length ? `${oneLine.slice(0, length - 1)}…` : oneLine;
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The newest successful backup across the S3 location and AWS Backup.
 *
 * @internal
 */
export function findRestorePoint(
  details: Pick<BackupCheckDetails, 's3' | 'awsBackup'>,
  now: Date,
): BackupRestorePoint | null {
  const candidates: Array<Omit<BackupRestorePoint, 'ageSeconds'>> = [];
  const { s3, awsBackup } = details;
  if (s3?.newestKey && s3.newestAt) {
    candidates.push({
      kind: 's3-object',
      identifier: s3Url(s3.bucket, s3.newestKey),
      time: s3.newestAt,
    });
  }
  const job = awsBackup?.lastCompletedJob;
  // The data is as of when the job started (the recovery point's creation),
  // not when it finished: a job that ran for hours is that much older.
  const jobTime = job?.createdAt ?? job?.completedAt;
  if (job && jobTime) {
    candidates.push({
      kind: 'recovery-point',
      identifier: job.recoveryPointArn ?? `AWS Backup job ${job.jobId}`,
      time: jobTime,
    });
  }
  const point = awsBackup?.lastRecoveryPoint;
  if (point?.createdAt) {
    candidates.push({
      kind: 'recovery-point',
      identifier: point.recoveryPointArn,
      time: point.createdAt,
    });
  }
  const newest = candidates.reduce<
    Omit<BackupRestorePoint, 'ageSeconds'> | undefined
  >(
    (best, c) =>
      !best || Date.parse(c.time) > Date.parse(best.time) ? c : best,
    undefined,
  );
  if (!newest) return null;
  return {
    ...newest,
    ageSeconds: Math.max(
      0,
      Math.floor((now.getTime() - Date.parse(newest.time)) / 1000),
    ),
  };
}

/** What the backup check concludes for one entity. */
export interface BackupEvaluation {
  status: CheckStatus;
  message: string;
  value?: number;
  /** The tuning section when only the backup function's running is wrong. */
  runbookSection: string;
}

/**
 * Status and plain-language message of one entity's backup result.
 *
 * - critical: an annotated location holds no backup at all (missing bucket,
 *   empty prefix, no completed AWS Backup), the newest backup is older than
 *   the max age, an AWS Backup job failed after the last completed one, or
 *   the backup function failed (AWS/Lambda Errors) in a period that began
 *   after the newest backup was taken;
 * - warning: otherwise, when the backup function logged errors in the window,
 *   a part could not be read, or the function ran at 80 % of its timeout or
 *   memory or was throttled (critical when it timed out or ran out of memory);
 * - unknown: nothing tells the age of a backup (no location annotated, or
 *   every location failed to be read while the logs were read);
 * - ok: otherwise.
 *
 * @internal
 */
export function evaluateBackup(
  details: BackupCheckDetails,
  configured: { s3: boolean; awsBackup: boolean },
): BackupEvaluation {
  const { restorePoint, s3, awsBackup, logs, logErrors, errors } = details;
  const critical: string[] = [];
  const notes: string[] = [];

  if (restorePoint) {
    const { age, max } = formatAge(
      restorePoint.ageSeconds,
      details.maxAgeSeconds,
    );
    const sentence = `newest backup is ${age} old (max ${max}): ${restorePoint.identifier}`;
    if (restorePoint.ageSeconds > details.maxAgeSeconds) {
      critical.push(sentence);
    } else {
      notes.push(sentence);
    }
  }

  if (s3 && !s3.exists) {
    critical.push(
      `bucket ${s3.bucket} does not exist (no backup found under ${s3Url(
        s3.bucket,
        s3.prefix,
      )})`,
    );
  } else if (s3 && s3.objectCount === 0) {
    critical.push(`no backup found under ${s3Url(s3.bucket, s3.prefix)}`);
  }

  if (
    awsBackup &&
    !awsBackup.lastCompletedJob &&
    !awsBackup.lastRecoveryPoint
  ) {
    critical.push(`no completed AWS Backup of ${awsBackup.resourceArn}`);
  }
  if (awsBackup && awsBackup.failedJobs.length > 0) {
    const [newest] = awsBackup.failedJobs;
    const reason = newest.statusMessage
      ? `: ${shorten(newest.statusMessage)}`
      : '';
    critical.push(
      awsBackup.failedJobs.length === 1
        ? `AWS Backup job ${newest.jobId} ${newest.state} after the last completed one${reason}`
        : `${awsBackup.failedJobs.length} AWS Backup jobs failed, aborted or expired after the last completed one, the newest ${newest.jobId} ${newest.state}${reason}`,
    );
  }

  if (logs && logs.matchedCount > 0) {
    const count =
      logs.filterPattern === 'ERROR'
        ? plural(logs.matchedCount, 'error')
        : `${plural(logs.matchedCount, 'line')} matching "${
            logs.filterPattern
          }"`;
    notes.push(
      `${count} in ${logs.functionName}'s logs in the last ${formatDuration(
        logs.windowSeconds,
      )}${logErrors[0] ? `: ${shorten(logErrors[0].message)}` : ''}`,
    );
  }
  if (s3?.unprotected) notes.push(s3.unprotected);
  const tuning: ReturnType<typeof evaluateTuning> = details.tuning
    ? evaluateTuning(details.tuning, restorePoint?.time)
    : { critical: [], warnings: [], notes: [] };
  // A backup job failing, as a failed AWS Backup job is.
  if (tuning.failedSinceBackup) critical.push(tuning.failedSinceBackup);
  const ageCritical = critical.length > 0;
  critical.push(...tuning.critical);
  notes.push(...tuning.warnings);
  for (const error of errors) {
    notes.push(error.message);
  }
  notes.push(...tuning.notes);
  const tuningWarns = tuning.warnings.length > 0;

  const ageMeasured =
    (configured.s3 && Boolean(s3)) ||
    (configured.awsBackup && Boolean(awsBackup));
  let status: CheckStatus;
  if (critical.length > 0) {
    status = 'critical';
  } else if (!ageMeasured) {
    status =
      (logs && logs.matchedCount > 0) || tuningWarns ? 'warning' : 'unknown';
    if (!configured.s3 && !configured.awsBackup) {
      notes.unshift(
        'no backup location annotated (ops-health/backup-s3 or ops-health/backup-resource-arn), so the age of the backups is not known',
      );
    }
  } else if (
    (logs && logs.matchedCount > 0) ||
    errors.length > 0 ||
    tuningWarns ||
    Boolean(s3?.unprotected)
  ) {
    status = 'warning';
  } else {
    status = 'ok';
  }

  const text = [...critical, ...notes].join('; ');
  return {
    status,
    message: text.charAt(0).toUpperCase() + text.slice(1),
    value: restorePoint?.ageSeconds,
    runbookSection:
      !ageCritical && (tuning.critical.length > 0 || tuningWarns)
        ? TUNING_RUNBOOK_SECTION
        : BACKUP_RUNBOOK_SECTION,
  };
}
