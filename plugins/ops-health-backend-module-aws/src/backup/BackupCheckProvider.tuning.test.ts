import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  seedLambdaFunction,
  seedLogEvents,
  seedMetricData,
  useMotoServer,
} from '@internal/aws-emulator';
import { BackupCheckDetails } from '@ops-health/backstage-plugin-ops-health-common';
import { trustEverything } from '../__testUtils__/trust';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { CallCounter } from '../awsCalls';
import {
  backupTarget,
  defaultBackupConfig,
  resultOf,
  runContext,
} from './__testUtils__/backupTestUtils';
import { BackupCheckProvider } from './BackupCheckProvider';
import { readLambdaMetrics, readTuningLines } from './tuning';

const MINUTE = 60_000;

function report(n: number, durationMs: number, sizeMb: number, usedMb: number) {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return `REPORT RequestId: ${id}\tDuration: ${durationMs.toFixed(
    2,
  )} ms\tBilled Duration: ${Math.ceil(
    durationMs,
  )} ms\tMemory Size: ${sizeMb} MB\tMax Memory Used: ${usedMb} MB\t\n`;
}

describe('BackupCheckProvider: how the backup function runs', () => {
  const moto = useMotoServer();

  async function seedFunction(
    name: string,
    options: {
      timeoutSeconds: number;
      memorySizeMb: number;
      lines: string[];
      durationsMs?: number[];
      errors?: number;
      throttles?: number;
    },
    now: number,
  ) {
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name,
      timeoutSeconds: options.timeoutSeconds,
      memorySizeMb: options.memorySizeMb,
    });
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: `/aws/lambda/${name}`,
      messages: [
        // Not a tuning line, and out of the window: neither counts.
        { message: 'INFO START', timestamp: now - 60 * MINUTE },
        {
          message: report(999, 99_999, options.memorySizeMb, 1),
          timestamp: now - 25 * 60 * MINUTE,
        },
        ...options.lines.map((message, i) => ({
          message,
          timestamp: now - 50 * MINUTE + i * 1000,
        })),
      ],
    });
    const dimensions = { FunctionName: name };
    const metric = (metricName: string, values: number[], unit?: any) =>
      seedMetricData(moto.clientConfig(), {
        namespace: 'AWS/Lambda',
        metricName,
        dimensions,
        unit,
        values: values.map((value, i) => ({
          value,
          timestamp: new Date(now - (90 - i) * MINUTE),
        })),
      });
    const durations = options.durationsMs ?? [];
    await metric('Duration', durations, 'Milliseconds');
    await metric(
      'Invocations',
      durations.map(() => 1),
    );
    await metric('Errors', [options.errors ?? 0]);
    await metric('Throttles', [options.throttles ?? 0]);
  }

  it('warns at 80 % of the timeout or memory, is critical on a timeout or out of memory, and reads all functions of an account with one GetMetricData', async () => {
    const now = Date.now();
    // 20 runs of 1 to 9.5 s against a 10 s timeout: the longest is 95 %.
    const slowDurations = Array.from({ length: 20 }, (_, i) => 1000 + i * 450);
    await seedFunction(
      'slow-backup',
      {
        timeoutSeconds: 10,
        memorySizeMb: 512,
        lines: slowDurations.map((d, i) => report(i, d, 512, 200 + i)),
        durationsMs: slowDurations,
        errors: 2,
      },
      now,
    );
    await seedFunction(
      'timing-out-backup',
      {
        timeoutSeconds: 3,
        memorySizeMb: 256,
        lines: [
          report(1, 1200, 256, 90),
          '2026-12-01T10:00:00.000Z 00000000-0000-4000-8000-000000000002 Task timed out after 3.00 seconds\n',
          report(2, 3000, 256, 95),
        ],
        durationsMs: [1200, 3000],
      },
      now,
    );
    await seedFunction(
      'memory-bound-backup',
      {
        timeoutSeconds: 60,
        memorySizeMb: 128,
        lines: [report(1, 2000, 128, 110), report(2, 2100, 128, 128)],
        durationsMs: [2000, 2100],
        throttles: 3,
      },
      now,
    );
    await seedFunction(
      'healthy-backup',
      {
        timeoutSeconds: 30,
        memorySizeMb: 1024,
        lines: [report(1, 4000, 1024, 300), report(2, 5000, 1024, 310)],
        durationsMs: [4000, 5000],
      },
      now,
    );

    const provider = BackupCheckProvider.create({
      ownership: trustEverything,
      clients: createMotoClientFactory(moto.endpoint),
      config: defaultBackupConfig(),
    });
    const names = [
      'slow-backup',
      'timing-out-backup',
      'memory-bound-backup',
      'healthy-backup',
    ];
    const output = await provider.run(
      names.map(name => backupTarget(name, { backupLambda: name })),
      runContext({ now: new Date(now) }),
    );
    expect(output.failures).toEqual([]);
    const result = (name: string) =>
      resultOf(output.results, `component:default/${name}`);
    const tuning = (name: string) =>
      (result(name).details as BackupCheckDetails).tuning!;

    expect(tuning('slow-backup')).toMatchObject({
      functionName: 'slow-backup',
      timeoutSeconds: 10,
      memorySizeMb: 512,
      invocations: 20,
      errors: 2,
      throttles: 0,
      maxDurationMs: 9550,
      // nearest rank: the 19th of 20 sorted durations
      p95DurationMs: 9100,
      maxMemoryUsedMb: 219,
      reports: 20,
      timeouts: 0,
      outOfMemory: 0,
      windowSeconds: 24 * 3600,
      // 24 periods of the window: each point the longest run of an hour.
      periodSeconds: 3600,
    });
    expect(tuning('slow-backup').durationSeries.length).toBeGreaterThan(0);
    expect(
      Math.max(
        ...tuning('slow-backup').durationSeries.map(p => p.maxDurationMs),
      ),
    ).toBe(9550);
    expect(result('slow-backup')).toMatchObject({
      status: 'warning',
      runbookSection: 'optimizing-backup-functions',
    });
    expect(result('slow-backup').message).toContain(
      "backup function slow-backup's longest run took 9.55 s, 96 % of its 10 s timeout",
    );

    expect(result('timing-out-backup').status).toBe('critical');
    expect(result('timing-out-backup').message).toContain(
      'function timing-out-backup timed out once (timeout 3 s): raise its timeout or make it faster',
    );
    expect(tuning('timing-out-backup')).toMatchObject({
      timeouts: 1,
      outOfMemory: 0,
    });

    expect(result('memory-bound-backup').status).toBe('critical');
    expect(result('memory-bound-backup').message).toContain(
      'function memory-bound-backup ran out of memory once (memory 128 MB): raise its memory',
    );
    expect(result('memory-bound-backup').message).toContain(
      'was throttled 3 times',
    );

    expect(result('healthy-backup').status).not.toBe('critical');
    expect(result('healthy-backup').status).not.toBe('warning');
    expect(result('healthy-backup').message).toContain(
      'backup function healthy-backup ran at most 5 s of 30 s, 310 of 1024 MB',
    );
    expect(result('healthy-backup').runbookSection).toBe(
      'disaster-recovery-backup-failure',
    );

    // Per function: its configuration, its error lines, its tuning lines.
    // CloudWatch: one call for the four functions of the account, asked
    // again without the p95 once moto failed on it (500).
    expect(output.calls).toEqual({
      GetFunctionConfiguration: 4,
      FilterLogEvents: 8,
      GetMetricData: 2,
    });
    expect(tuning('slow-backup').p95From).toBe('logs');
    expect(result('slow-backup').message).toContain(
      'slow-backup failed 2 times (AWS/Lambda Errors)',
    );
    // The next run knows: one call.
    const again = await provider.run(
      names.map(name => backupTarget(name, { backupLambda: name })),
      runContext({ now: new Date(now) }),
    );
    expect(again.calls?.GetMetricData).toBe(1);
  });

  it('says when the annotated function does not exist', async () => {
    const provider = BackupCheckProvider.create({
      ownership: trustEverything,
      clients: createMotoClientFactory(moto.endpoint),
      config: defaultBackupConfig(),
    });
    const output = await provider.run(
      [
        backupTarget('gone', {
          backupS3: 's3://no-such-backups/x/',
          backupLambda: 'no-such-function',
        }),
      ],
      runContext(),
    );
    const details = resultOf(output.results, 'component:default/gone')
      .details as BackupCheckDetails;
    expect(details.errors).toEqual([
      {
        part: 'tuning',
        message: expect.stringMatching(
          /^cannot read how the backup function no-such-function runs: ResourceNotFoundException/,
        ),
      },
    ]);
  });

  it('pages GetMetricData by 500 queries: 130 functions (four queries each, without p95) take two calls', async () => {
    const now = Date.now();
    await seedMetricData(moto.clientConfig(), {
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: 'fn-129' },
      values: [{ value: 1234, timestamp: new Date(now - 10 * MINUTE) }],
    });
    const counter = new CallCounter();
    const cloudWatch = new CloudWatchClient(moto.clientConfig());
    const names = Array.from({ length: 130 }, (_, i) => `fn-${i}`);
    const figures = await readLambdaMetrics(
      cloudWatch,
      names,
      { windowMs: 24 * 3600_000, now: new Date(now), percentiles: false },
      { signal: new AbortController().signal, counter },
    );
    expect(counter.get('GetMetricData')).toBe(2);
    expect(figures.get('fn-129')?.maxDurationMs).toBe(1234);
    expect(figures.get('fn-0')?.maxDurationMs).toBeUndefined();
  });
});

describe('readTuningLines', () => {
  it('counts timeouts and out-of-memory invocations once each', () => {
    const id = '11111111-2222-4333-8444-555555555555';
    expect(
      readTuningLines([
        `2026-02-28T23:59:59.000Z ${id} Task timed out after 15.02 seconds`,
        `REPORT RequestId: ${id}\tDuration: 15015.00 ms\tBilled Duration: 15000 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout`,
        `{"errorType":"Runtime.OutOfMemory","requestId":"aaaaaaaa-2222-4333-8444-555555555555"}`,
        `REPORT RequestId: aaaaaaaa-2222-4333-8444-555555555555\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128 MB\tMax Memory Used: 128 MB\tError Type: Runtime.OutOfMemory`,
        'INFO unrelated',
      ]),
    ).toEqual({
      reports: 2,
      p95DurationMs: 15015,
      maxDurationMs: 15015,
      maxMemoryUsedMb: 128,
      timeouts: 1,
      outOfMemory: 1,
    });
    expect(readTuningLines([])).toEqual({
      reports: 0,
      p95DurationMs: undefined,
      maxDurationMs: undefined,
      maxMemoryUsedMb: undefined,
      timeouts: 0,
      outOfMemory: 0,
    });
  });
});
