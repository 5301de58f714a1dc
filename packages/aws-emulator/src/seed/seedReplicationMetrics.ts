import { MotoClientConfig } from '../clientConfig';
import { seedMetricData } from './seedMetricData';

/**
 * Options for {@link seedReplicationMetrics}.
 *
 * @public
 */
export interface SeedReplicationMetricsOptions {
  sourceBucket: string;
  destinationBucket: string;
  ruleId: string;
  /** ReplicationLatency datapoints in seconds, oldest first, the last one at `at`. */
  latencySeconds: number[];
  /** OperationsPendingReplication at `at`. */
  pendingOperations: number;
  /** OperationsFailedReplication at `at`. */
  failedOperations: number;
  /** BytesPendingReplication at `at`. */
  bytesPending: number;
  /** Time of the newest datapoint. Defaults to now. */
  at?: Date;
  /** Seconds between latency datapoints. Defaults to 60, the rate S3 publishes at. */
  intervalSeconds?: number;
}

/**
 * Namespace, metric names and dimension names of S3 replication metrics.
 *
 * @public
 */
export const S3_REPLICATION_METRICS = {
  namespace: 'AWS/S3',
  latency: 'ReplicationLatency',
  pendingOperations: 'OperationsPendingReplication',
  failedOperations: 'OperationsFailedReplication',
  bytesPending: 'BytesPendingReplication',
  dimensionNames: ['SourceBucket', 'DestinationBucket', 'RuleId'],
} as const;

/**
 * Publishes the CloudWatch metrics S3 emits for a replication rule with
 * replication metrics enabled, in namespace `AWS/S3` with the dimensions
 * `SourceBucket`, `DestinationBucket` and `RuleId`.
 *
 * @remarks
 * The latency series is spread `intervalSeconds` apart ending at `at`; the
 * pending, failed and bytes-pending metrics get one datapoint each at `at`,
 * so any statistic over a window that contains `at` returns the given value.
 *
 * @public
 */
export async function seedReplicationMetrics(
  config: MotoClientConfig,
  options: SeedReplicationMetricsOptions,
): Promise<void> {
  const at = options.at ?? new Date();
  const intervalMs = (options.intervalSeconds ?? 60) * 1000;
  const count = options.latencySeconds.length;
  const dimensions = {
    SourceBucket: options.sourceBucket,
    DestinationBucket: options.destinationBucket,
    RuleId: options.ruleId,
  };
  const metrics = S3_REPLICATION_METRICS;

  await seedMetricData(config, {
    namespace: metrics.namespace,
    metricName: metrics.latency,
    dimensions,
    unit: 'Seconds',
    values: options.latencySeconds.map((value, index) => ({
      value,
      timestamp: new Date(at.getTime() - (count - 1 - index) * intervalMs),
    })),
  });
  const gauges = [
    [metrics.pendingOperations, options.pendingOperations, 'Count'],
    [metrics.failedOperations, options.failedOperations, 'Count'],
    [metrics.bytesPending, options.bytesPending, 'Bytes'],
  ] as const;
  for (const [metricName, value, unit] of gauges) {
    await seedMetricData(config, {
      namespace: metrics.namespace,
      metricName,
      dimensions,
      unit,
      values: [{ value, timestamp: at }],
    });
  }
}
