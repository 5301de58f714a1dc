import { trustEverything } from '../__testUtils__/trust';
import {
  seedBucket,
  seedLambdaFunction,
  seedLogEvents,
  seedMetricData,
  useMotoServer,
} from '@internal/aws-emulator';
import { BackupCheckDetails } from '@ops-health/backstage-plugin-ops-health-common';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { AwsClientFactory } from '../AwsClientFactory';
import {
  backupTarget,
  defaultBackupConfig,
  resultOf,
  runContext,
} from './__testUtils__/backupTestUtils';
import { BackupCheckProvider } from './BackupCheckProvider';

const HOUR = 3600_000;

describe('BackupCheckProvider against moto', () => {
  const moto = useMotoServer();

  function provider(clients?: AwsClientFactory) {
    return BackupCheckProvider.create({
      ownership: trustEverything,
      clients: clients ?? createMotoClientFactory(moto.endpoint),
      config: defaultBackupConfig(),
    });
  }

  it('applies to entities with any backup annotation only', () => {
    const p = provider();
    expect(p.appliesTo(backupTarget('a', { backupS3: 's3://b-1/x/' }))).toBe(
      true,
    );
    expect(
      p.appliesTo(
        backupTarget('b', {
          backupResourceArn:
            'arn:aws:dynamodb:us-east-1:123456789012:table/orders',
        }),
      ),
    ).toBe(true);
    expect(p.appliesTo(backupTarget('c', { backupLambda: 'runner' }))).toBe(
      true,
    );
    expect(
      p.appliesTo(backupTarget('d', { s3Replication: 'some-bucket' })),
    ).toBe(false);
  });

  it('reports a fresh backup as ok and names the restore point', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'config-backups',
      objects: [
        { key: 'nightly/', body: new Uint8Array(0) },
        { key: 'nightly/2025-01-01/config.tar.gz', body: 'old' },
        { key: 'nightly/2025-01-02/config.tar.gz', body: 'newest backup' },
        { key: 'archive/2025-01-03.tar.gz', body: 'outside the prefix' },
      ],
    });
    const context = runContext();
    const output = await provider().run(
      [backupTarget('config', { backupS3: 's3://config-backups/nightly/' })],
      context,
    );

    expect(output.failures).toEqual([]);
    const result = resultOf(output.results, 'component:default/config');
    const details = result.details as BackupCheckDetails;
    expect(result).toMatchObject({
      checkId: 'backup',
      subject: '',
      status: 'ok',
      threshold: 26 * 3600,
      unit: 's',
      runbookSection: 'disaster-recovery-backup-failure',
      measuredAt: context.now,
    });
    expect(result.value).toBeLessThan(60);
    expect(details.restorePoint).toMatchObject({
      kind: 's3-object',
      identifier: 's3://config-backups/nightly/2025-01-02/config.tar.gz',
    });
    expect(details.s3).toMatchObject({
      bucket: 'config-backups',
      prefix: 'nightly/',
      exists: true,
      newestKey: 'nightly/2025-01-02/config.tar.gz',
      newestSize: 'newest backup'.length,
      objectCount: 2,
    });
    expect(result.message).toMatch(
      /^Newest backup is \d+ s old \(max 26 h\): s3:\/\/config-backups\/nightly\/2025-01-02\/config\.tar\.gz$/,
    );
    expect(details.errors).toEqual([]);
    expect(output.calls).toEqual({
      ListObjectsV2: 1,
      GetBucketEncryption: 1,
      GetPublicAccessBlock: 1,
    });
    expect(context.logger.info).toHaveBeenCalledTimes(1);
    expect(context.logger.info).toHaveBeenCalledWith(
      'Backup check run',
      expect.objectContaining({
        entities: 1,
        calls: {
          ListObjectsV2: 1,
          GetBucketEncryption: 1,
          GetPublicAccessBlock: 1,
        },
        durationMs: expect.any(Number),
      }),
    );
  });

  it('warns when the backup bucket has no default encryption or public access block', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'open-backups',
      safeguards: false,
      objects: [{ key: 'nightly/config.tar.gz', body: 'x' }],
    });
    const output = await provider().run(
      [backupTarget('config', { backupS3: 's3://open-backups/nightly/' })],
      runContext(),
    );
    const result = resultOf(output.results, 'component:default/config');
    expect(result.status).toBe('warning');
    expect(result.message).toContain(
      'backup bucket open-backups has no default encryption and no public access block',
    );
  });

  it('reports a backup older than its max age as critical', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'config-backups',
      objects: [{ key: 'nightly/config.tar.gz', body: 'x' }],
    });
    // moto cannot backdate LastModified: measure two hours in the future.
    const output = await provider().run(
      [
        backupTarget('config', {
          backupS3: 's3://config-backups/nightly/',
          backupMaxAge: '1h',
        }),
      ],
      runContext({ now: new Date(Date.now() + 2 * HOUR) }),
    );

    const result = resultOf(output.results, 'component:default/config');
    expect(result.status).toBe('critical');
    expect(result.threshold).toBe(3600);
    expect(result.value).toBeGreaterThanOrEqual(2 * 3600 - 60);
    expect(result.message).toBe(
      'Newest backup is 2 h old (max 1 h): s3://config-backups/nightly/config.tar.gz',
    );
  });

  it('reports an empty prefix as critical', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'config-backups',
      objects: [{ key: 'archive/2025/config.tar.gz', body: 'x' }],
    });
    const output = await provider().run(
      [backupTarget('config', { backupS3: 's3://config-backups/nightly/' })],
      runContext(),
    );

    const result = resultOf(output.results, 'component:default/config');
    const details = result.details as BackupCheckDetails;
    expect(result.status).toBe('critical');
    expect(result.value).toBeUndefined();
    expect(result.message).toBe(
      'No backup found under s3://config-backups/nightly/',
    );
    expect(details.restorePoint).toBeNull();
    expect(details.s3).toMatchObject({ exists: true, objectCount: 0 });
  });

  it('reports a bucket that does not exist as critical', async () => {
    const output = await provider().run(
      [backupTarget('config', { backupS3: 's3://no-such-bucket/nightly/' })],
      runContext(),
    );

    expect(output.failures).toEqual([]);
    const result = resultOf(output.results, 'component:default/config');
    expect(result.status).toBe('critical');
    expect(result.message).toBe(
      'Bucket no-such-bucket does not exist (no backup found under s3://no-such-bucket/nightly/)',
    );
    expect((result.details as BackupCheckDetails).s3).toMatchObject({
      exists: false,
      objectCount: 0,
    });
  });

  it("proves the function it reads: an ARN of another account does not open the logs of the entity's account's function of that name", async () => {
    const now = Date.now();
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'team-a-backup',
    });
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: '/aws/lambda/team-a-backup',
      logStreamName: '2025/01/02/[$LATEST]abc',
      messages: [
        { message: 'ERROR db password=hunter2', timestamp: now - HOUR },
      ],
    });
    // The thief's own function in its own account carries its tag; team A's
    // function (the one of that name in the account the check reads) not.
    const asked: string[] = [];
    const ownership = {
      ...trustEverything,
      forRun: () => ownership,
      functionProblem: async (_account: string | undefined, fn: string) => {
        asked.push(fn);
        return fn.startsWith('arn:aws:lambda:us-east-1:999999999999:')
          ? undefined
          : `function ${fn} does not carry the tag naming component:default/thief`;
      },
    };
    const output = await BackupCheckProvider.create({
      ownership,
      clients: createMotoClientFactory(moto.endpoint),
      config: defaultBackupConfig(),
    }).run(
      [
        backupTarget('thief', {
          backupLambda:
            'arn:aws:lambda:us-east-1:999999999999:function:team-a-backup',
        }),
      ],
      runContext({ now: new Date(now) }),
    );
    expect(asked).toEqual(['team-a-backup']);
    const result = resultOf(output.results, 'component:default/thief');
    expect(result.status).not.toBe('ok');
    expect(result.message).toContain('function team-a-backup does not carry');
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(output.calls?.FilterLogEvents ?? 0).toBe(0);
  });

  it("shows the ERROR lines of the backup function's logs, newest first, and not its INFO lines", async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'config-backups',
      objects: [{ key: 'nightly/config.tar.gz', body: 'x' }],
    });
    const now = Date.now();
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'config-backup-runner',
    });
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: '/aws/lambda/config-backup-runner',
      logStreamName: '2025/01/02/[$LATEST]abc',
      messages: [
        { message: 'ERROR out of the window', timestamp: now - 30 * HOUR },
        { message: 'INFO Starting nightly backup', timestamp: now - 2 * HOUR },
        {
          message: 'ERROR AccessDenied: s3:PutObject on arn:aws:s3:::x/1\n',
          timestamp: now - 2 * HOUR + 100,
        },
        { message: 'INFO Starting nightly backup', timestamp: now - HOUR },
        {
          message: 'ERROR AccessDenied: s3:PutObject on arn:aws:s3:::x/2',
          timestamp: now - HOUR + 100,
        },
      ],
    });

    const output = await provider().run(
      [
        backupTarget('config', {
          backupS3: 's3://config-backups/nightly/',
          // an ARN names the function too
          backupLambda:
            'arn:aws:lambda:us-east-1:123456789012:function:config-backup-runner',
        }),
      ],
      runContext({ now: new Date(now) }),
    );

    const result = resultOf(output.results, 'component:default/config');
    const details = result.details as BackupCheckDetails;
    expect(details.logErrors).toEqual([
      {
        timestamp: new Date(now - HOUR + 100).toISOString(),
        message: 'ERROR AccessDenied: s3:PutObject on arn:aws:s3:::x/2',
        logStream: '2025/01/02/[$LATEST]abc',
      },
      {
        timestamp: new Date(now - 2 * HOUR + 100).toISOString(),
        message: 'ERROR AccessDenied: s3:PutObject on arn:aws:s3:::x/1',
        logStream: '2025/01/02/[$LATEST]abc',
      },
    ]);
    expect(details.logs).toMatchObject({
      functionName: 'config-backup-runner',
      logGroupName: '/aws/lambda/config-backup-runner',
      matchedCount: 2,
    });
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(
      /^Newest backup is \d+ s old \(max 26 h\): s3:\/\/config-backups\/nightly\/config\.tar\.gz; 2 errors in config-backup-runner's logs in the last 24 h: ERROR AccessDenied: s3:PutObject on arn:aws:s3:::x\/2$/,
    );
    expect(result.message).not.toMatch(/INFO/);
    expect(output.calls).toEqual({
      ListObjectsV2: 1,
      GetBucketEncryption: 1,
      GetPublicAccessBlock: 1,
      FilterLogEvents: 2,
      GetFunctionConfiguration: 1,
      GetMetricData: 1,
    });
  });

  it('notes "no logs yet" when the function has no log group', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'config-backups',
      objects: [{ key: 'nightly/config.tar.gz', body: 'x' }],
    });
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'never-ran',
    });
    const output = await provider().run(
      [
        backupTarget('config', {
          backupS3: 's3://config-backups/nightly/',
          backupLambda: 'never-ran',
        }),
      ],
      runContext(),
    );

    const result = resultOf(output.results, 'component:default/config');
    const details = result.details as BackupCheckDetails;
    expect(result.status).toBe('ok');
    expect(details.errors).toEqual([]);
    expect(details.logErrors).toEqual([]);
    expect(details.logs).toMatchObject({
      logGroupName: '/aws/lambda/never-ran',
      matchedCount: 0,
      note: 'no logs yet',
    });
  });

  it('is critical when the backup function failed after the newest backup was taken, and warns when its failures came before it', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'nightly-backups',
      objects: [
        { key: 'after/config.tar.gz', body: 'x' },
        { key: 'before/config.tar.gz', body: 'x' },
      ],
    });
    // The object was written now (moto's clock): the run looks 3 h on, at
    // failures 2 h after the backup, or 3 h before it.
    const written = Date.now();
    const now = written + 3 * HOUR;
    const failing = async (name: string, failedAt: number) => {
      await seedLambdaFunction(moto.clientConfig(), moto.endpoint, { name });
      await seedMetricData(moto.clientConfig(), {
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: { FunctionName: name },
        values: [{ value: 1, timestamp: new Date(failedAt) }],
      });
    };
    await failing('fails-after-backup', written + 2 * HOUR);
    await failing('failed-before-backup', written - 3 * HOUR);

    const output = await provider().run(
      [
        backupTarget('after', {
          backupS3: 's3://nightly-backups/after/',
          backupLambda: 'fails-after-backup',
        }),
        backupTarget('before', {
          backupS3: 's3://nightly-backups/before/',
          backupLambda: 'failed-before-backup',
        }),
      ],
      runContext({ now: new Date(now) }),
    );

    const after = resultOf(output.results, 'component:default/after');
    const tuning = (after.details as BackupCheckDetails).tuning!;
    expect(tuning.errors).toBe(1);
    expect(Date.parse(tuning.lastErrorPeriod!.start)).toBeGreaterThan(written);
    expect(tuning.lastErrorPeriod!.seconds).toBe(3600);
    expect(after.status).toBe('critical');
    expect(after.runbookSection).toBe('disaster-recovery-backup-failure');
    expect(after.message).toMatch(
      /^Backup function fails-after-backup failed once \(AWS\/Lambda Errors\), the last time between \d{4}-\d\d-\d\d \d\d:\d\d and \d\d:\d\d UTC, after the newest backup was taken: backups are failing, see its logs; newest backup is 3 h old \(max 26 h\)/,
    );

    const before = resultOf(output.results, 'component:default/before');
    expect((before.details as BackupCheckDetails).tuning!.errors).toBe(1);
    expect(before.status).toBe('warning');
    expect(before.message).toContain(
      'backup function failed-before-backup failed once (AWS/Lambda Errors)',
    );
    expect(before.message).not.toContain('after the newest backup');
  });

  it('keeps other entities and parts when one part cannot be read', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'good-backups',
      objects: [{ key: 'daily/db.dump', body: 'x' }],
    });
    await seedLambdaFunction(moto.clientConfig(), moto.endpoint, {
      name: 'locked-runner',
    });
    await seedLogEvents(moto.clientConfig(), {
      logGroupName: '/aws/lambda/locked-runner',
      messages: [{ message: 'ERROR disk full' }],
    });
    const moto_ = createMotoClientFactory(moto.endpoint);
    const lockedAccount = '999999999999';
    // S3 of the locked account refuses every call, as an AccessDenied would.
    const clients: AwsClientFactory = Object.assign(
      Object.create(moto_) as AwsClientFactory,
      {
        s3: async (accountId?: string) => {
          const s3 = await moto_.s3(accountId);
          if (accountId !== lockedAccount) return s3;
          return {
            send: async () => {
              throw Object.assign(new Error('Access Denied'), {
                name: 'AccessDenied',
              });
            },
          } as unknown as typeof s3;
        },
      },
    );

    const output = await provider(clients).run(
      [
        backupTarget('locked-with-logs', {
          awsAccountId: lockedAccount,
          backupS3: 's3://locked-backups/daily/',
          backupLambda: 'locked-runner',
        }),
        backupTarget('locked', {
          awsAccountId: lockedAccount,
          backupS3: 's3://locked-backups/daily/',
        }),
        backupTarget('good', { backupS3: 's3://good-backups/daily/' }),
      ],
      runContext(),
    );

    // Logs were read: a result that says what could not be measured.
    const withLogs = resultOf(
      output.results,
      'component:default/locked-with-logs',
    );
    const details = withLogs.details as BackupCheckDetails;
    expect(details.errors).toEqual([
      {
        part: 's3',
        message:
          'cannot list s3://locked-backups/daily/: AccessDenied: Access Denied',
      },
    ]);
    expect(details.logErrors.map(l => l.message)).toEqual(['ERROR disk full']);
    expect(withLogs.status).toBe('warning');
    expect(withLogs.value).toBeUndefined();
    expect(withLogs.message).toContain(
      'cannot list s3://locked-backups/daily/: AccessDenied',
    );

    // Nothing could be measured: a failure, so the last result goes stale.
    expect(output.failures).toEqual([
      {
        entityRef: 'component:default/locked',
        checkId: 'backup',
        subject: '',
        error:
          'cannot list s3://locked-backups/daily/: AccessDenied: Access Denied',
      },
    ]);
    expect(
      output.results.find(r => r.entityRef === 'component:default/locked'),
    ).toBeUndefined();

    expect(resultOf(output.results, 'component:default/good').status).toBe(
      'ok',
    );
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const context = runContext({ signal: controller.signal });
    await expect(
      provider().run(
        [backupTarget('config', { backupS3: 's3://config-backups/nightly/' })],
        context,
      ),
    ).rejects.toThrow();
    expect(context.logger.info).toHaveBeenCalledWith(
      'Backup check run',
      expect.objectContaining({ aborted: true }),
    );
  });
});
