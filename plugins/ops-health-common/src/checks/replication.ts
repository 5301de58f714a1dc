/**
 * Versioning state of a bucket as GetBucketVersioning reports it; `Disabled`
 * stands for a bucket whose versioning was never enabled (AWS then returns no
 * status at all).
 *
 * @public
 */
export type ReplicationVersioningStatus = 'Enabled' | 'Suspended' | 'Disabled';

/**
 * Replication metrics of one rule over the metrics window, from the CloudWatch
 * metrics S3 publishes (namespace `AWS/S3`) for rules with replication metrics
 * enabled. A field is left out when CloudWatch had no datapoint for it.
 *
 * @public
 */
export type ReplicationRuleMetrics = {
  /** Highest `ReplicationLatency` (Maximum) over the window, in seconds. */
  latencySeconds?: number;
  /** Latest `OperationsPendingReplication` (Maximum of the newest period). */
  pendingOperations?: number;
  /** `OperationsFailedReplication` summed over the window. */
  failedOperations?: number;
  /** Latest `BytesPendingReplication` (Maximum of the newest period). */
  bytesPending?: number;
};

/**
 * One replication rule of a source bucket and the state of its destination.
 *
 * @public
 */
export type ReplicationRuleDetails = {
  id: string;
  status: 'Enabled' | 'Disabled';
  priority?: number;
  /** Key prefix the rule replicates; '' for every key. */
  prefix: string;
  /** Tags the rule filter requires, when it filters on tags. */
  tags?: Array<{ key: string; value: string }>;
  /** Destination bucket name, from the destination ARN. */
  destinationBucket: string;
  /** Account of the destination, when the rule names one. */
  destinationAccount?: string;
  storageClass?: string;
  /** Versioning of the destination; `BucketMissing` when it does not exist. */
  destinationVersioning: ReplicationVersioningStatus | 'BucketMissing';
  /** Whether S3 publishes replication metrics for the rule. */
  metricsEnabled: boolean;
  /** Empty when metrics are not enabled for the rule or are unavailable. */
  metrics: ReplicationRuleMetrics;
};

/**
 * Details of the `replication` check for one source bucket of an entity, as
 * served by the read API.
 *
 * @public
 */
export type ReplicationCheckDetails = {
  /** The source bucket (the result subject). */
  bucket: string;
  exists: boolean;
  /** Whether the bucket has a replication configuration. */
  configured: boolean;
  /** Versioning of the source bucket; left out when it does not exist. */
  sourceVersioning?: ReplicationVersioningStatus;
  /** What the source bucket lacks of default encryption and a public access block. */
  unprotected?: string;
  /** The IAM role S3 assumes to replicate; left out without a configuration. */
  role?: {
    arn: string;
    name: string;
    exists: boolean;
    /** Whether its trust policy lets `s3.amazonaws.com` assume it. */
    trustsS3: boolean;
  };
  rules: ReplicationRuleDetails[];
  /** Whether the CloudWatch replication metrics could be read. */
  metricsAvailable: boolean;
  /** Why they could not be read, when `metricsAvailable` is false. */
  metricsError?: string;
  /** Length of the window the metrics cover, in seconds. */
  metricsWindowSeconds: number;
  /** The thresholds the status was judged against. */
  thresholds: {
    latencyWarningSeconds: number;
    latencyCriticalSeconds: number;
    failedOperations: number;
    pendingOperations: number;
  };
  /** What is wrong, worst first, in plain language; empty when healthy. */
  problems: string[];
  /** Remarks that do not change the status, e.g. rules without metrics. */
  notes: string[];
};

/**
 * Whether a result's details are those of a replication measurement (a
 * misconfigured or never-measured result carries other details, or none).
 *
 * @public
 */
export function isReplicationCheckDetails(
  details: unknown,
): details is ReplicationCheckDetails {
  const d = details as Partial<ReplicationCheckDetails> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.bucket === 'string' &&
    Array.isArray(d.rules) &&
    Array.isArray(d.problems) &&
    Array.isArray(d.notes)
  );
}
