import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { CallCounter } from '../awsCalls';

/** GetMetricData takes at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

/** Period of the replication metric queries, in seconds. */
export const REPLICATION_METRICS_PERIOD_SECONDS = 300;

// Guards against an endpoint that keeps returning a NextToken.
const MAX_PAGES_PER_CHUNK = 100;

/** The S3 replication metrics the check reads, and the statistic of each. */
export const REPLICATION_METRICS = [
  { key: 'latency', name: 'ReplicationLatency', stat: 'Maximum' },
  { key: 'pending', name: 'OperationsPendingReplication', stat: 'Maximum' },
  { key: 'failed', name: 'OperationsFailedReplication', stat: 'Sum' },
  { key: 'bytes', name: 'BytesPendingReplication', stat: 'Maximum' },
] as const;

export type ReplicationMetricKey = (typeof REPLICATION_METRICS)[number]['key'];

/** One replication rule whose metrics to read. */
export type ReplicationMetricTarget = {
  sourceBucket: string;
  destinationBucket: string;
  ruleId: string;
};

export type MetricPoint = { timestamp: Date; value: number };

/** Datapoints of the four metrics of one rule, oldest first. */
export type RuleMetricSeries = Record<ReplicationMetricKey, MetricPoint[]>;

/** Map key of a rule in the result of {@link readReplicationMetrics}. */
export function ruleMetricKey(target: ReplicationMetricTarget): string {
  return JSON.stringify([
    target.sourceBucket,
    target.destinationBucket,
    target.ruleId,
  ]);
}

/**
 * The query window: aligned to whole periods, so that datapoints keep their
 * timestamps from one run to the next, ending after the current period.
 */
export function metricsWindow(
  now: Date,
  windowMs: number,
): { start: Date; end: Date } {
  const periodMs = REPLICATION_METRICS_PERIOD_SECONDS * 1000;
  const end = Math.floor(now.getTime() / periodMs) * periodMs + periodMs;
  const start = Math.floor((now.getTime() - windowMs) / periodMs) * periodMs;
  return { start: new Date(start), end: new Date(end) };
}

/**
 * Reads the replication metrics of many rules of one account with as few
 * GetMetricData calls as the API allows: one per 500 queries (four per rule),
 * following NextToken. Throws when any call fails: the metrics of the account
 * are then unavailable as a whole.
 */
export async function readReplicationMetrics(options: {
  cloudWatch: CloudWatchClient;
  targets: ReplicationMetricTarget[];
  start: Date;
  end: Date;
  calls: CallCounter;
  signal: AbortSignal;
}): Promise<Map<string, RuleMetricSeries>> {
  const { cloudWatch, start, end, calls, signal } = options;
  const unique = new Map<string, ReplicationMetricTarget>();
  for (const target of options.targets) {
    unique.set(ruleMetricKey(target), target);
  }
  const targets = [...unique.values()];

  const queries: MetricDataQuery[] = [];
  const byQueryId = new Map<
    string,
    { target: number; metric: ReplicationMetricKey }
  >();
  targets.forEach((target, index) => {
    for (const metric of REPLICATION_METRICS) {
      const id = `r${index}_${metric.key}`;
      byQueryId.set(id, { target: index, metric: metric.key });
      queries.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/S3',
            MetricName: metric.name,
            Dimensions: [
              { Name: 'SourceBucket', Value: target.sourceBucket },
              { Name: 'DestinationBucket', Value: target.destinationBucket },
              { Name: 'RuleId', Value: target.ruleId },
            ],
          },
          Period: REPLICATION_METRICS_PERIOD_SECONDS,
          Stat: metric.stat,
        },
        ReturnData: true,
      });
    }
  });

  const series: RuleMetricSeries[] = targets.map(() => ({
    latency: [],
    pending: [],
    failed: [],
    bytes: [],
  }));
  const collect = (result: MetricDataResult) => {
    const query = result.Id ? byQueryId.get(result.Id) : undefined;
    if (!query) return;
    if (
      result.StatusCode === 'Forbidden' ||
      result.StatusCode === 'InternalError'
    ) {
      throw new Error(
        `GetMetricData returned ${result.StatusCode} for ${query.metric} of ${
          targets[query.target].sourceBucket
        }`,
      );
    }
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    const points = series[query.target][query.metric];
    timestamps.forEach((timestamp, i) => {
      if (typeof values[i] === 'number' && Number.isFinite(values[i])) {
        points.push({ timestamp: new Date(timestamp), value: values[i] });
      }
    });
  };

  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) {
    const chunk = queries.slice(i, i + MAX_QUERIES_PER_CALL);
    let nextToken: string | undefined;
    let pages = 0;
    do {
      calls.add('GetMetricData');
      const output = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: chunk,
          StartTime: start,
          EndTime: end,
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const result of output.MetricDataResults ?? []) collect(result);
      nextToken = output.NextToken;
      pages++;
    } while (nextToken && pages < MAX_PAGES_PER_CHUNK);
  }

  const byRule = new Map<string, RuleMetricSeries>();
  targets.forEach((target, index) => {
    const s = series[index];
    for (const metric of REPLICATION_METRICS) {
      s[metric.key].sort(
        (a, b) => a.timestamp.getTime() - b.timestamp.getTime(),
      );
    }
    byRule.set(ruleMetricKey(target), s);
  });
  return byRule;
}
