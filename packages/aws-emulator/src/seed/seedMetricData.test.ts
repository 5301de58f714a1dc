import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { useMotoServer } from '../useMotoServer';
import { seedMetricData } from './seedMetricData';
import { seedReplicationMetrics } from './seedReplicationMetrics';

describe('seedMetricData', () => {
  const moto = useMotoServer();

  async function metricData(
    queries: MetricDataQuery[],
    startTime: Date,
    endTime: Date,
  ) {
    const cloudWatch = new CloudWatchClient(moto.clientConfig());
    try {
      const { MetricDataResults } = await cloudWatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: 'TimestampAscending',
        }),
      );
      return MetricDataResults ?? [];
    } finally {
      cloudWatch.destroy();
    }
  }

  it('publishes more datapoints than one PutMetricData request takes', async () => {
    const start = new Date('2026-11-20T00:00:00Z');
    await seedMetricData(moto.clientConfig(), {
      namespace: 'Custom/Test',
      metricName: 'Widgets',
      dimensions: { Service: 'checkout' },
      unit: 'Count',
      values: Array.from({ length: 1500 }, (_, index) => ({
        value: index,
        timestamp: new Date(start.getTime() + index * 1000),
      })),
    });

    const [result] = await metricData(
      [
        {
          Id: 'widgets',
          MetricStat: {
            Metric: {
              Namespace: 'Custom/Test',
              MetricName: 'Widgets',
              Dimensions: [{ Name: 'Service', Value: 'checkout' }],
            },
            Period: 3600,
            Stat: 'SampleCount',
          },
        },
      ],
      start,
      new Date(start.getTime() + 3600 * 1000),
    );
    expect(result.Values).toEqual([1500]);
  });

  it('seeds S3 replication metrics under the dimensions S3 uses', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    await seedReplicationMetrics(moto.clientConfig(), {
      sourceBucket: 'media-archive-primary',
      destinationBucket: 'media-archive-replica',
      ruleId: 'archive-all',
      latencySeconds: [1800, 2400, 3000, 3600],
      pendingOperations: 240,
      failedOperations: 17,
      bytesPending: 5e9,
      at,
      intervalSeconds: 300,
    });

    const dimensions = [
      { Name: 'SourceBucket', Value: 'media-archive-primary' },
      { Name: 'DestinationBucket', Value: 'media-archive-replica' },
      { Name: 'RuleId', Value: 'archive-all' },
    ];
    const query = (id: string, metricName: string, period: number) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/S3',
          MetricName: metricName,
          Dimensions: dimensions,
        },
        Period: period,
        Stat: 'Maximum',
      },
    });
    const results = await metricData(
      [
        query('latency', 'ReplicationLatency', 300),
        query('pending', 'OperationsPendingReplication', 3600),
        query('failed', 'OperationsFailedReplication', 3600),
        query('bytes', 'BytesPendingReplication', 3600),
      ],
      new Date(at.getTime() - 15 * 60 * 1000),
      new Date(at.getTime() + 60 * 1000),
    );
    const byId = Object.fromEntries(results.map(r => [r.Id, r]));
    expect(byId.latency.Values).toEqual([1800, 2400, 3000, 3600]);
    expect(byId.latency.Timestamps?.at(-1)).toEqual(at);
    expect(byId.pending.Values).toEqual([240]);
    expect(byId.failed.Values).toEqual([17]);
    expect(byId.bytes.Values).toEqual([5e9]);

    const [partial] = await metricData(
      [
        {
          Id: 'partial',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/S3',
              MetricName: 'ReplicationLatency',
              Dimensions: dimensions.slice(0, 2),
            },
            Period: 300,
            Stat: 'Maximum',
          },
        },
      ],
      new Date(at.getTime() - 15 * 60 * 1000),
      new Date(at.getTime() + 60 * 1000),
    );
    expect(partial.Values).toEqual([]);
  });
});
