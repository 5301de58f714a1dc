import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { CallCounter } from '../awsCalls';
import { formatDuration } from './evaluate';
import {
  lambdaFunctionName,
  readLambdaLogErrors,
  readS3Location,
} from './parts';

// Pagination needs more objects and log lines than is worth seeding into
// moto; these tests page through mocked responses instead.
describe('backup check parts', () => {
  const signal = new AbortController().signal;

  it('finds the newest object across all pages of a listing', async () => {
    const s3Mock = mockClient(S3Client);
    try {
      s3Mock
        .on(ListObjectsV2Command, { ContinuationToken: undefined })
        .resolves({
          IsTruncated: true,
          NextContinuationToken: 'p2',
          Contents: [
            {
              Key: 'db/a.dump',
              LastModified: new Date('2026-01-02T00:00:00Z'),
              Size: 1,
            },
          ],
        })
        .on(ListObjectsV2Command, { ContinuationToken: 'p2' })
        .resolves({
          IsTruncated: false,
          Contents: [
            {
              Key: 'db/b.dump',
              LastModified: new Date('2026-01-03T00:00:00Z'),
              Size: 2,
            },
            { Key: 'db/', LastModified: new Date('2026-01-04T00:00:00Z') },
          ],
        });
      const counter = new CallCounter();
      const details = await readS3Location(
        new S3Client({ region: 'us-east-1' }),
        { bucket: 'b', prefix: 'db/' },
        { signal, counter },
      );
      expect(details).toEqual({
        bucket: 'b',
        prefix: 'db/',
        exists: true,
        objectCount: 2,
        newestKey: 'db/b.dump',
        newestAt: '2026-01-03T00:00:00.000Z',
        newestSize: 2,
      });
      expect(counter.toRecord()).toEqual({ ListObjectsV2: 2 });
      expect(
        s3Mock.commandCalls(ListObjectsV2Command)[0].args[0].input,
      ).toEqual({ Bucket: 'b', Prefix: 'db/' });
    } finally {
      s3Mock.restore();
    }
  });

  it('keeps the newest 20 matching log lines across pages', async () => {
    const logsMock = mockClient(CloudWatchLogsClient);
    const line = (i: number) => ({
      timestamp: 1_000 + i,
      message: `ERROR ${i}`,
      logStreamName: 's',
    });
    try {
      logsMock
        .on(FilterLogEventsCommand, { nextToken: undefined })
        .resolves({
          events: Array.from({ length: 15 }, (_, i) => line(i)),
          nextToken: 't2',
        })
        .on(FilterLogEventsCommand, { nextToken: 't2' })
        .resolves({
          events: Array.from({ length: 15 }, (_, i) => line(15 + i)),
        });
      const now = new Date(10_000);
      const { summary, lines } = await readLambdaLogErrors(
        new CloudWatchLogsClient({ region: 'us-east-1' }),
        {
          functionNameOrArn: 'runner',
          filterPattern: 'ERROR',
          windowMs: 5_000,
          now,
        },
        { signal, counter: new CallCounter() },
      );
      expect(summary.matchedCount).toBe(30);
      expect(lines).toHaveLength(20);
      expect(lines[0].message).toBe('ERROR 29');
      expect(lines[19].message).toBe('ERROR 10');
      expect(
        logsMock.commandCalls(FilterLogEventsCommand)[0].args[0].input,
      ).toEqual({
        logGroupName: '/aws/lambda/runner',
        filterPattern: 'ERROR',
        startTime: 5_000,
        endTime: 10_000,
      });
    } finally {
      logsMock.restore();
    }
  });

  it('reads the function name from a name or an ARN', () => {
    expect(lambdaFunctionName('runner')).toBe('runner');
    expect(
      lambdaFunctionName(
        'arn:aws:lambda:eu-west-1:123456789012:function:runner:prod',
      ),
    ).toBe('runner');
  });

  it('formats durations for people', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(12 * 60)).toBe('12 min');
    expect(formatDuration(5400)).toBe('1.5 h');
    expect(formatDuration(26 * 3600)).toBe('26 h');
    expect(formatDuration(31.4 * 3600)).toBe('31 h');
    expect(formatDuration(4 * 86400)).toBe('4 d');
  });
});
