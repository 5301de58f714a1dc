import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { useMotoServer } from '../useMotoServer';
import {
  DEMO_BILLING_API,
  DEMO_CONFIG_BACKUP,
  DEMO_MEDIA_ARCHIVE,
  demoCostWindow,
} from './demoStory';
import { seedDemo } from './seedDemo';

// Seeding the whole demo is some 200 calls to moto: more than jest's 5 s
// default on a busy 2-core machine.
jest.setTimeout(60_000);

describe('seedDemo', () => {
  const moto = useMotoServer();

  async function withS3<T>(fn: (s3: S3Client) => Promise<T>): Promise<T> {
    const s3 = new S3Client(moto.clientConfig());
    try {
      return await fn(s3);
    } finally {
      s3.destroy();
    }
  }

  async function keysUnder(bucket: string, prefix: string) {
    return withS3(async s3 => {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }),
      );
      return (listed.Contents ?? []).map(object => object.Key);
    });
  }

  async function replicationMetric(
    story: { sourceBucket: string; replicaBucket: string },
    ruleId: string,
    metricName: string,
    now: Date,
    stat = 'Maximum',
  ) {
    const cloudWatch = new CloudWatchClient(moto.clientConfig());
    try {
      const { MetricDataResults } = await cloudWatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(now.getTime() - 3600_000),
          EndTime: new Date(now.getTime() + 60_000),
          MetricDataQueries: [
            {
              Id: 'm',
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/S3',
                  MetricName: metricName,
                  Dimensions: [
                    { Name: 'SourceBucket', Value: story.sourceBucket },
                    { Name: 'DestinationBucket', Value: story.replicaBucket },
                    { Name: 'RuleId', Value: ruleId },
                  ],
                },
                Period: 300,
                Stat: stat,
              },
            },
          ],
        }),
      );
      return MetricDataResults![0].Values ?? [];
    } finally {
      cloudWatch.destroy();
    }
  }

  it('seeds the whole story and summarizes it', async () => {
    const now = new Date();
    const summary = await seedDemo(moto.endpoint, { now });
    const window = demoCostWindow(now);

    expect(summary).toMatchObject({
      endpoint: moto.endpoint,
      accountId: '123456789012',
      region: 'us-east-1',
      functions: [
        'arn:aws:lambda:us-east-1:123456789012:function:config-backup-runner',
      ],
      logGroups: ['/aws/lambda/config-backup-runner'],
      queuedCostResults: Math.ceil(window.days / 50) + 1,
    });

    const bucketNames = await withS3(async s3 =>
      ((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).map(
        bucket => bucket.Name,
      ),
    );
    expect([...bucketNames].sort()).toEqual([...summary.buckets].sort());
    expect(bucketNames).toEqual(
      expect.arrayContaining([
        'media-archive-primary',
        'media-archive-replica',
        'billing-ledger-primary',
        'billing-ledger-replica',
        'billing-backups',
        'config-backups',
      ]),
    );
    for (const bucket of [
      DEMO_MEDIA_ARCHIVE.sourceBucket,
      DEMO_MEDIA_ARCHIVE.replicaBucket,
      DEMO_BILLING_API.sourceBucket,
      DEMO_BILLING_API.replicaBucket,
    ]) {
      const versioning = await withS3(s3 =>
        s3.send(new GetBucketVersioningCommand({ Bucket: bucket })),
      );
      expect(versioning.Status).toBe('Enabled');
    }
  });

  it('makes media-archive replication lag and fail with one disabled rule', async () => {
    const now = new Date();
    await seedDemo(moto.endpoint, { now });

    const { ReplicationConfiguration } = await withS3(s3 =>
      s3.send(
        new GetBucketReplicationCommand({ Bucket: 'media-archive-primary' }),
      ),
    );
    expect(ReplicationConfiguration?.Role).toBe(
      'arn:aws:iam::123456789012:role/s3-replication-media-archive',
    );
    const rules = ReplicationConfiguration?.Rules ?? [];
    expect(rules.map(rule => [rule.ID, rule.Status])).toEqual([
      ['archive-all', 'Enabled'],
      ['thumbnails', 'Disabled'],
    ]);
    expect(rules.filter(rule => rule.Status === 'Disabled')).toHaveLength(1);
    expect(rules[0].Destination?.Bucket).toBe(
      'arn:aws:s3:::media-archive-replica',
    );
    expect(await keysUnder('media-archive-primary', '')).toHaveLength(4);

    const iam = new IAMClient(moto.clientConfig());
    try {
      const { Role } = await iam.send(
        new GetRoleCommand({ RoleName: 's3-replication-media-archive' }),
      );
      expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toContain(
        's3.amazonaws.com',
      );
    } finally {
      iam.destroy();
    }

    const latency = await replicationMetric(
      DEMO_MEDIA_ARCHIVE,
      'archive-all',
      'ReplicationLatency',
      now,
    );
    expect(latency.length).toBeGreaterThanOrEqual(11);
    expect(Math.min(...latency)).toBeGreaterThanOrEqual(1800);
    expect(Math.max(...latency)).toBe(3600);
    expect(
      await replicationMetric(
        DEMO_MEDIA_ARCHIVE,
        'archive-all',
        'OperationsFailedReplication',
        now,
      ),
    ).toEqual([17]);
    expect(
      await replicationMetric(
        DEMO_MEDIA_ARCHIVE,
        'archive-all',
        'OperationsPendingReplication',
        now,
      ),
    ).toEqual([240]);
  });

  it('keeps billing-api healthy', async () => {
    const now = new Date();
    await seedDemo(moto.endpoint, { now });

    const { ReplicationConfiguration } = await withS3(s3 =>
      s3.send(
        new GetBucketReplicationCommand({ Bucket: 'billing-ledger-primary' }),
      ),
    );
    expect(ReplicationConfiguration?.Rules?.map(r => [r.ID, r.Status])).toEqual(
      [['ledger-all', 'Enabled']],
    );
    const latency = await replicationMetric(
      DEMO_BILLING_API,
      'ledger-all',
      'ReplicationLatency',
      now,
    );
    expect(Math.max(...latency)).toBeLessThanOrEqual(60);
    expect(
      await replicationMetric(
        DEMO_BILLING_API,
        'ledger-all',
        'OperationsPendingReplication',
        now,
      ),
    ).toEqual([0]);
    expect(await keysUnder('billing-backups', 'daily/')).toHaveLength(1);
  });

  it('leaves config-backup nightly/ empty with AccessDenied errors in the runner logs', async () => {
    await seedDemo(moto.endpoint);

    expect(
      await keysUnder('config-backups', DEMO_CONFIG_BACKUP.nightlyPrefix),
    ).toEqual([]);
    expect(await keysUnder('config-backups', 'archive/2025/')).toEqual([
      DEMO_CONFIG_BACKUP.archivedObject,
    ]);

    const lambda = new LambdaClient(moto.clientConfig());
    try {
      const { Configuration } = await lambda.send(
        new GetFunctionCommand({ FunctionName: 'config-backup-runner' }),
      );
      expect(Configuration?.Environment?.Variables).toEqual({
        BACKUP_BUCKET: 'config-backups',
        BACKUP_PREFIX: 'nightly/',
      });
    } finally {
      lambda.destroy();
    }

    const logs = new CloudWatchLogsClient(moto.clientConfig());
    try {
      const { events } = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: DEMO_CONFIG_BACKUP.logGroupName,
          filterPattern: '"ERROR AccessDenied"',
        }),
      );
      expect(events).toHaveLength(2);
      for (const event of events ?? []) {
        expect(event.message).toMatch(
          /^ERROR AccessDenied: s3:PutObject on arn:aws:s3:::config-backups\/nightly\//,
        );
      }
      const info = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: DEMO_CONFIG_BACKUP.logGroupName,
          filterPattern: 'INFO',
        }),
      );
      expect(info.events!.length).toBeGreaterThanOrEqual(2);
    } finally {
      logs.destroy();
    }
  });

  it('queues the checkout cost spike, then the service drill-down', async () => {
    const now = new Date();
    await seedDemo(moto.endpoint, { now });
    const window = demoCostWindow(now);

    const ce = new CostExplorerClient(moto.clientConfig());
    try {
      const pages: GetCostAndUsageCommandOutput[] = [];
      let token: string | undefined;
      do {
        const page = await ce.send(
          new GetCostAndUsageCommand({
            TimePeriod: { Start: window.start, End: '2099-01-01' },
            Granularity: 'DAILY',
            Metrics: ['UnblendedCost'],
            GroupBy: [{ Type: 'TAG', Key: 'service' }],
            NextPageToken: token,
          }),
        );
        pages.push(page);
        token = page.NextPageToken;
      } while (token && pages.length < 10);

      const days = pages.flatMap(page => page.ResultsByTime ?? []);
      expect(days).toHaveLength(window.days);
      const amount = (day: (typeof days)[number], key: string) =>
        Number(
          day.Groups?.find(group => group.Keys?.[0] === key)?.Metrics
            ?.UnblendedCost.Amount,
        );
      const yesterday = days.at(-2)!;
      expect(amount(yesterday, 'service$checkout')).toBe(420);
      expect(amount(days.at(-1)!, 'service$checkout')).toBe(48);
      expect(amount(days[0], 'service$checkout')).toBeCloseTo(120, -1);
      expect(amount(yesterday, 'service$billing-api')).toBeCloseTo(60, -1);

      const drillDown = await ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: window.start, End: '2099-01-01' },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          Filter: { Tags: { Key: 'service', Values: ['checkout'] } },
          GroupBy: [
            { Type: 'TAG', Key: 'service' },
            { Type: 'DIMENSION', Key: 'SERVICE' },
          ],
        }),
      );
      expect(drillDown.GroupDefinitions).toEqual([
        { Type: 'TAG', Key: 'service' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ]);
      const spikeDay = drillDown.ResultsByTime!.at(-2)!;
      const top = [...spikeDay.Groups!].sort(
        (a, b) =>
          Number(b.Metrics!.UnblendedCost.Amount) -
          Number(a.Metrics!.UnblendedCost.Amount),
      )[0];
      expect(top.Keys).toEqual([
        'service$checkout',
        'Amazon Elastic Compute Cloud - Compute',
      ]);
    } finally {
      ce.destroy();
    }
  });

  it('can run twice without duplicating state', async () => {
    const now = new Date();
    await seedDemo(moto.endpoint, { now });
    const second = await seedDemo(moto.endpoint, { now });
    expect(second.buckets).toHaveLength(9);
    expect(
      await replicationMetric(
        DEMO_MEDIA_ARCHIVE,
        'archive-all',
        'OperationsFailedReplication',
        now,
        'SampleCount',
      ),
    ).toEqual([1]);
    expect(await keysUnder('config-backups', 'nightly/')).toEqual([]);
  });
});
