import {
  CloudWatchClient,
  MetricDatum,
  PutMetricDataCommand,
  StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import { MotoClientConfig } from '../clientConfig';

// PutMetricData accepts at most 1000 datums per request.
const MAX_DATUMS_PER_REQUEST = 1000;

/**
 * One datapoint for {@link seedMetricData}.
 *
 * @public
 */
export interface SeedMetricValue {
  value: number;
  /** Defaults to the time of the call. */
  timestamp?: Date;
}

/**
 * Options for {@link seedMetricData}.
 *
 * @public
 */
export interface SeedMetricDataOptions {
  namespace: string;
  metricName: string;
  /**
   * Dimension names and values. A GetMetricData query only finds the
   * datapoints when it names exactly the same set of dimensions.
   */
  dimensions: Record<string, string>;
  values: SeedMetricValue[];
  unit?: StandardUnit;
}

/**
 * Publishes CloudWatch datapoints for one metric, split into as many
 * PutMetricData requests as the API limits need.
 *
 * @remarks
 * Real CloudWatch only accepts timestamps from two weeks ago up to two hours
 * ahead; moto accepts any timestamp.
 *
 * @public
 */
export async function seedMetricData(
  config: MotoClientConfig,
  options: SeedMetricDataOptions,
): Promise<void> {
  const now = new Date();
  const dimensions = Object.entries(options.dimensions).map(
    ([Name, Value]) => ({ Name, Value }),
  );
  const datums: MetricDatum[] = options.values.map(point => ({
    MetricName: options.metricName,
    Dimensions: dimensions,
    Timestamp: point.timestamp ?? now,
    Value: point.value,
    Unit: options.unit,
  }));
  const cloudWatch = new CloudWatchClient({
    ...config,
    // moto's server fails on compressed requests, see MotoClientConfig.
    disableRequestCompression: true,
  });
  try {
    for (let i = 0; i < datums.length; i += MAX_DATUMS_PER_REQUEST) {
      await cloudWatch.send(
        new PutMetricDataCommand({
          Namespace: options.namespace,
          MetricData: datums.slice(i, i + MAX_DATUMS_PER_REQUEST),
        }),
      );
    }
  } finally {
    cloudWatch.destroy();
  }
}
