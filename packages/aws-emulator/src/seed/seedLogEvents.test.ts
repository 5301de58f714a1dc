import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { useMotoServer } from '../useMotoServer';
import { seedLogEvents } from './seedLogEvents';

describe('seedLogEvents', () => {
  const moto = useMotoServer();

  async function filter(logGroupName: string, filterPattern?: string) {
    const logs = new CloudWatchLogsClient(moto.clientConfig());
    try {
      const { events } = await logs.send(
        new FilterLogEventsCommand({ logGroupName, filterPattern }),
      );
      return (events ?? []).map(event => event.message);
    } finally {
      logs.destroy();
    }
  }

  it('creates the group and stream and writes events in time order', async () => {
    const now = Date.now();
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: '/aws/lambda/runner',
      logStreamName: '2026/11/26/[$LATEST]abc',
      messages: [
        { message: 'ERROR AccessDenied: s3:PutObject', timestamp: now - 1000 },
        { message: 'INFO starting', timestamp: now - 2000 },
        { message: 'INFO done', timestamp: now },
      ],
    });

    expect(await filter('/aws/lambda/runner')).toEqual([
      'INFO starting',
      'ERROR AccessDenied: s3:PutObject',
      'INFO done',
    ]);
    expect(await filter('/aws/lambda/runner', 'ERROR')).toEqual([
      'ERROR AccessDenied: s3:PutObject',
    ]);
  });

  it('appends to an existing group and stream', async () => {
    const config = moto.clientConfig();
    await seedLogEvents(config, {
      logGroupName: 'app',
      messages: [{ message: 'first', timestamp: Date.now() - 1000 }],
    });
    await seedLogEvents(config, {
      logGroupName: 'app',
      messages: [{ message: 'second' }],
    });
    expect(await filter('app')).toEqual(['first', 'second']);
  });

  it('splits events spanning more than a day into several batches', async () => {
    const now = Date.now();
    const day = 24 * 60 * 60 * 1000;
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: 'spread',
      messages: [0, 1, 2].map(days => ({
        message: `event ${days}`,
        timestamp: now - days * day - 1000,
      })),
    });
    expect(await filter('spread')).toEqual(['event 2', 'event 1', 'event 0']);
  });
});
