import {
  DeleteObjectCommand,
  GetBucketReplicationCommand,
  HeadObjectCommand,
  PutObjectCommand,
  ReplicationConfiguration,
  S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AwsClientFactory } from '../AwsClientFactory';
import {
  describeError,
  errorName,
  formatSeconds,
  httpStatus,
  sleep,
} from '../awsCalls';
import { parseReplicationRules } from './readReplicationSetup';

/** @public */
export type ReplicationCanaryOptions = {
  clients: AwsClientFactory;
  /** Account of the source bucket; the main account when omitted. */
  accountId?: string;
  /** The source bucket. */
  bucket: string;
  /** Prefix of the probe object key, e.g. `ops-health-canary/`. */
  keyPrefix: string;
  /** How long to wait for the probe to reach every destination. */
  timeoutMs: number;
  /** Time between two HeadObject rounds on the destinations. */
  pollIntervalMs: number;
  /** Replication slower than this (but within the timeout) is a warning. */
  warningAfterMs?: number;
  signal?: AbortSignal;
  /** Called with a short status line as the canary goes. */
  onProgress?: (status: string) => void;
  /**
   * The clock the run's start and finish are stamped with (the Ops Health
   * clock); the system clock when omitted. Replication times are measured
   * with the monotonic clock whatever this says.
   */
  now?: () => Date;
};

/** @public */
export type ReplicationCanaryDestination = {
  bucket: string;
  /** The rule that replicates the probe to this bucket. */
  ruleId: string;
  /** Time from the probe write to the first HeadObject that found it. */
  replicatedAfterMs?: number;
  timedOut: boolean;
  /** Set when polling the destination failed with an unexpected error. */
  error?: string;
};

/** @public */
export type ReplicationCanaryResult = {
  bucket: string;
  probeKey: string;
  startedAt: Date;
  finishedAt: Date;
  destinations: ReplicationCanaryDestination[];
  status: 'ok' | 'warning' | 'critical';
  message: string;
  /** Probe copies that could not be deleted, as `bucket/key: error`. */
  cleanupErrors?: string[];
};

type PolledDestination = ReplicationCanaryDestination & {
  done: boolean;
  denied: boolean;
};

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatSeconds(ms / 1000);
}

/**
 * The destinations a probe under the key would be replicated to: one per
 * destination bucket, by the highest-priority enabled rule whose filter
 * matches the key. Rules that filter on tags never match (the probe has none).
 */
function probeDestinations(
  bucket: string,
  configuration: ReplicationConfiguration | undefined,
  probeKey: string,
): Array<{ bucket: string; ruleId: string }> {
  const rules = parseReplicationRules(configuration);
  const enabled = rules.filter(r => r.status === 'Enabled');
  if (!enabled.length) {
    throw new Error(
      rules.length
        ? `Bucket ${bucket} has no enabled replication rule (${
            rules.length === 1 ? 'rule' : 'rules'
          } ${rules.map(r => r.id).join(', ')} ${
            rules.length === 1 ? 'is' : 'are'
          } disabled)`
        : `Bucket ${bucket} has no replication rules`,
    );
  }
  const matching = enabled.filter(
    r => probeKey.startsWith(r.prefix) && !r.tags?.length,
  );
  if (!matching.length) {
    throw new Error(
      `No enabled replication rule of bucket ${bucket} replicates the probe key ${probeKey} (rule filters: ${enabled
        .map(
          r =>
            `${r.id}: prefix "${r.prefix}"${r.tags?.length ? ' and tags' : ''}`,
        )
        .join(
          ', ',
        )}); set opsHealth.replication.canary.keyPrefix to a prefix the rules replicate`,
    );
  }
  // In configuration order; the highest-priority rule wins a destination.
  const byBucket = new Map<string, { ruleId: string; priority: number }>();
  for (const rule of matching) {
    const priority = rule.priority ?? 0;
    const current = byBucket.get(rule.destinationBucket);
    if (!current || priority > current.priority) {
      byBucket.set(rule.destinationBucket, { ruleId: rule.id, priority });
    }
  }
  return [...byBucket].map(([b, { ruleId }]) => ({ bucket: b, ruleId }));
}

/**
 * Measures replication end to end: writes one small probe object to the
 * source bucket, polls every destination of its enabled rules with HeadObject
 * until the probe shows up or the timeout passes, then deletes the probe from
 * the source and from the destinations it reached.
 *
 * @remarks
 * Throws (before writing anything) when the bucket does not exist, has no
 * replication configuration or no enabled rule that would replicate the
 * probe. The replication time is measured from the end of the PutObject to
 * the first HeadObject that found the copy, so its resolution is the poll
 * interval. A probe that reaches a destination after the timeout is left
 * there: a lifecycle rule on the key prefix cleans such leftovers up.
 *
 * @public
 */
export async function runReplicationCanary(
  options: ReplicationCanaryOptions,
): Promise<ReplicationCanaryResult> {
  const { clients, accountId, bucket, signal, onProgress } = options;
  const progress = (status: string) => {
    try {
      onProgress?.(status);
    } catch {
      // A progress listener must not break the canary.
    }
  };
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const s3: S3Client = await clients.s3(accountId);

  progress(`Reading the replication configuration of ${bucket}`);
  let configuration: ReplicationConfiguration | undefined;
  try {
    const output = await s3.send(
      new GetBucketReplicationCommand({ Bucket: bucket }),
      { abortSignal: signal },
    );
    configuration = output.ReplicationConfiguration;
  } catch (error) {
    const name = errorName(error);
    if (name === 'NoSuchBucket') {
      throw new Error(`Bucket ${bucket} does not exist`);
    }
    if (name === 'ReplicationConfigurationNotFoundError') {
      throw new Error(`Bucket ${bucket} has no replication configuration`);
    }
    throw error;
  }

  const probeKey = `${options.keyPrefix}${randomUUID()}`;
  const destinations: PolledDestination[] = probeDestinations(
    bucket,
    configuration,
    probeKey,
  ).map(d => ({ ...d, timedOut: false, done: false, denied: false }));

  progress(`Writing probe ${probeKey} to ${bucket}`);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: probeKey,
      Body: `Ops Health replication canary probe, written ${startedAt.toISOString()}; safe to delete.\n`,
      ContentType: 'text/plain',
    }),
    { abortSignal: signal },
  );
  const writtenAt = performance.now();

  const cleanupErrors: string[] = [];
  try {
    for (;;) {
      await Promise.all(
        destinations
          .filter(d => !d.done)
          .map(async d => {
            try {
              await s3.send(
                new HeadObjectCommand({ Bucket: d.bucket, Key: probeKey }),
                { abortSignal: signal },
              );
              d.replicatedAfterMs = Math.round(performance.now() - writtenAt);
              d.done = true;
            } catch (error) {
              if (signal?.aborted) throw error;
              const status = httpStatus(error);
              const name = errorName(error);
              if (
                status === 404 ||
                name === 'NotFound' ||
                name === 'NoSuchKey'
              ) {
                return; // not there yet
              }
              if (status === 403) {
                // Without s3:ListBucket a missing object reads as 403.
                d.denied = true;
                return;
              }
              d.error = describeError(error);
              d.done = true;
            }
          }),
      );
      const waiting = destinations.filter(d => !d.done);
      const elapsed = performance.now() - writtenAt;
      if (!waiting.length) break;
      if (elapsed >= options.timeoutMs) {
        for (const d of waiting) d.timedOut = true;
        break;
      }
      // What the last look found: the message stands until the next one.
      progress(
        `Waiting for ${waiting
          .map(d => d.bucket)
          .join(', ')}: not there ${formatMs(
          elapsed,
        )} after the write (gives up after ${formatMs(
          options.timeoutMs,
        )})${destinations
          .filter(d => d.replicatedAfterMs !== undefined)
          .map(d => `; ${d.bucket} after ${formatMs(d.replicatedAfterMs!)}`)
          .join('')}`,
      );
      await sleep(
        Math.max(
          0,
          Math.min(options.pollIntervalMs, options.timeoutMs - elapsed),
        ),
        signal,
      );
    }
  } finally {
    // Clean up even when aborted; without the (possibly aborted) signal.
    progress(`Removing probe ${probeKey}`);
    const copies = [
      bucket,
      ...destinations
        .filter(d => d.replicatedAfterMs !== undefined)
        .map(d => d.bucket),
    ];
    await Promise.all(
      copies.map(async b => {
        try {
          await s3.send(new DeleteObjectCommand({ Bucket: b, Key: probeKey }));
        } catch (error) {
          cleanupErrors.push(`${b}/${probeKey}: ${describeError(error)}`);
        }
      }),
    );
  }

  const finishedAt = now();
  const failed = destinations.filter(d => d.timedOut || d.error);
  const slow =
    options.warningAfterMs === undefined
      ? []
      : destinations.filter(
          d =>
            d.replicatedAfterMs !== undefined &&
            d.replicatedAfterMs > options.warningAfterMs!,
        );
  let status: ReplicationCanaryResult['status'] = 'ok';
  if (failed.length) status = 'critical';
  else if (slow.length) status = 'warning';

  const parts: string[] = [];
  for (const d of destinations) {
    if (d.error) {
      parts.push(`checking ${d.bucket} failed: ${d.error}`);
    } else if (d.timedOut) {
      parts.push(
        `probe did not reach ${d.bucket} within ${formatMs(options.timeoutMs)}${
          d.denied
            ? ' (HeadObject was denied: the canary needs s3:GetObject and s3:ListBucket on the destination)'
            : ''
        }`,
      );
    } else {
      parts.push(
        `replicated to ${d.bucket} in ${formatMs(d.replicatedAfterMs!)}${
          slow.includes(d) ? ` (over ${formatMs(options.warningAfterMs!)})` : ''
        }`,
      );
    }
  }
  // Problems first.
  parts.sort(
    (a, b) =>
      Number(a.startsWith('replicated')) - Number(b.startsWith('replicated')),
  );
  let message = parts.join('; ');
  message = message[0].toUpperCase() + message.slice(1);
  if (cleanupErrors.length) {
    message += `; could not delete the probe from ${cleanupErrors
      .map(e => e.slice(0, e.indexOf('/')))
      .join(', ')}`;
  }

  return {
    bucket,
    probeKey,
    startedAt,
    finishedAt,
    destinations: destinations.map(({ done, denied, ...d }) => d),
    status,
    message,
    ...(cleanupErrors.length ? { cleanupErrors } : {}),
  };
}
