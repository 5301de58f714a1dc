import {
  PutBucketReplicationCommand,
  ReplicationRule,
  S3Client,
} from '@aws-sdk/client-s3';
import { MotoClientConfig } from '../clientConfig';

/**
 * One replication rule for {@link seedReplication}.
 *
 * @public
 */
export interface SeedReplicationRule {
  id: string;
  destinationBucket: string;
  /** Defaults to `Enabled`. */
  status?: 'Enabled' | 'Disabled';
  /** Only keys with this prefix are replicated; all keys when omitted. */
  prefix?: string;
  /** Defaults to the rule's position in the list, starting at 1. */
  priority?: number;
}

/**
 * Options for {@link seedReplication}.
 *
 * @public
 */
export interface SeedReplicationOptions {
  /** Source bucket; it must already exist with versioning enabled. */
  source: string;
  /** ARN of the role S3 assumes to replicate, see {@link seedRole}. */
  role: string;
  rules: SeedReplicationRule[];
}

/**
 * Puts a replication configuration on a bucket.
 *
 * @remarks
 * Like S3, moto rejects the configuration unless the source bucket has
 * versioning enabled, so seed it with `seedBucket(config, { name, versioning: true })`
 * first; real S3 also requires versioning on each destination. moto only
 * stores the configuration: it never copies objects between buckets.
 *
 * @public
 */
export async function seedReplication(
  config: MotoClientConfig,
  options: SeedReplicationOptions,
): Promise<void> {
  const rules: ReplicationRule[] = options.rules.map((rule, index) => ({
    ID: rule.id,
    Status: rule.status ?? 'Enabled',
    Priority: rule.priority ?? index + 1,
    Filter: { Prefix: rule.prefix ?? '' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: {
      Bucket: `arn:aws:s3:::${rule.destinationBucket}`,
      // S3 only publishes replication metrics for rules that enable them.
      Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    },
  }));
  const s3 = new S3Client(config);
  try {
    await s3.send(
      new PutBucketReplicationCommand({
        Bucket: options.source,
        ReplicationConfiguration: { Role: options.role, Rules: rules },
      }),
    );
  } finally {
    s3.destroy();
  }
}
