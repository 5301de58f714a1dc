import { trustEverything } from '../__testUtils__/trust';
import {
  BackupClient,
  BackupJob,
  ListBackupJobsCommand,
  ListRecoveryPointsByResourceCommand,
} from '@aws-sdk/client-backup';
import { seedBucket, useMotoServer } from '@internal/aws-emulator';
import { BackupCheckDetails } from '@ops-health/backstage-plugin-ops-health-common';
import { mockClient } from 'aws-sdk-client-mock';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import {
  backupTarget,
  defaultBackupConfig,
  resultOf,
  runContext,
} from './__testUtils__/backupTestUtils';
import { BackupCheckProvider } from './BackupCheckProvider';

const HOUR = 3600_000;
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/orders';
const OTHER_TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/payments';
const VAULT = 'arn:aws:backup:us-east-1:123456789012:recovery-point:';

// moto does not emulate AWS Backup: the factory's real BackupClient is
// intercepted, while S3 still goes to moto.
const backupMock = mockClient(BackupClient);

describe('BackupCheckProvider with AWS Backup', () => {
  const moto = useMotoServer();
  const now = new Date();
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);

  function job(id: string, state: string, hoursAgo: number): BackupJob {
    return {
      BackupJobId: id,
      State: state as BackupJob['State'],
      ResourceArn: TABLE,
      BackupVaultName: 'default',
      CreationDate: ago(hoursAgo),
      CompletionDate: state === 'COMPLETED' ? ago(hoursAgo - 0.5) : undefined,
      RecoveryPointArn: state === 'COMPLETED' ? `${VAULT}${id}` : undefined,
      StatusMessage:
        state === 'FAILED' ? 'Insufficient privileges to perform backup' : '',
    };
  }

  beforeEach(() => {
    backupMock.reset();
    backupMock.on(ListBackupJobsCommand).resolves({ BackupJobs: [] });
    backupMock
      .on(ListRecoveryPointsByResourceCommand)
      .resolves({ RecoveryPoints: [] });
  });

  function provider() {
    return BackupCheckProvider.create({
      ownership: trustEverything,
      clients: createMotoClientFactory(moto.endpoint),
      config: defaultBackupConfig(),
    });
  }

  it('makes the last completed job and recovery point the restore point', async () => {
    // Completed jobs come in two pages, newest on the first.
    backupMock
      .on(ListBackupJobsCommand, { ByResourceArn: TABLE, ByState: 'COMPLETED' })
      .resolves({
        BackupJobs: [job('job-3h', 'COMPLETED', 3.5)],
        NextToken: 'page-2',
      })
      .on(ListBackupJobsCommand, {
        ByResourceArn: TABLE,
        ByState: 'COMPLETED',
        NextToken: 'page-2',
      })
      .resolves({ BackupJobs: [job('job-27h', 'COMPLETED', 27.5)] });
    backupMock.on(ListRecoveryPointsByResourceCommand).resolves({
      RecoveryPoints: [
        {
          RecoveryPointArn: `${VAULT}job-27h`,
          Status: 'COMPLETED',
          CreationDate: ago(27.5),
        },
        {
          RecoveryPointArn: `${VAULT}job-3h`,
          Status: 'AVAILABLE',
          CreationDate: ago(3.5),
          BackupVaultName: 'default',
          BackupSizeBytes: 1024,
        },
        {
          RecoveryPointArn: `${VAULT}running`,
          Status: 'CREATING',
          CreationDate: ago(0.2),
        },
      ],
    });

    const output = await provider().run(
      [backupTarget('orders', { backupResourceArn: TABLE })],
      runContext({ now }),
    );

    expect(output.failures).toEqual([]);
    const result = resultOf(output.results, 'component:default/orders');
    const details = result.details as BackupCheckDetails;
    expect(result.status).toBe('ok');
    // The backup's data is as of when its job started (3.5 h ago), not
    // when it completed half an hour later.
    expect(result.value).toBe(3.5 * 3600);
    expect(details.restorePoint).toEqual({
      kind: 'recovery-point',
      identifier: `${VAULT}job-3h`,
      time: ago(3.5).toISOString(),
      ageSeconds: 3.5 * 3600,
    });
    expect(details.awsBackup).toMatchObject({
      resourceArn: TABLE,
      lastCompletedJob: {
        jobId: 'job-3h',
        state: 'COMPLETED',
        completedAt: ago(3).toISOString(),
        recoveryPointArn: `${VAULT}job-3h`,
      },
      lastRecoveryPoint: {
        recoveryPointArn: `${VAULT}job-3h`,
        status: 'AVAILABLE',
        createdAt: ago(3.5).toISOString(),
        sizeBytes: 1024,
      },
      failedJobs: [],
    });
    expect(result.message).toBe(
      `Newest backup is 3.5 h old (max 26 h): ${VAULT}job-3h`,
    );

    // Failures are asked for since the last completed job, by state.
    const failedQueries = backupMock
      .commandCalls(ListBackupJobsCommand)
      .map(call => call.args[0].input)
      .filter(input => input.ByState !== 'COMPLETED');
    expect(failedQueries.map(q => q.ByState).sort()).toEqual([
      'ABORTED',
      'EXPIRED',
      'FAILED',
    ]);
    for (const query of failedQueries) {
      expect(query).toMatchObject({
        ByResourceArn: TABLE,
        ByCreatedAfter: ago(3.5),
      });
    }
    expect(output.calls).toEqual({
      ListBackupJobs: 5,
      ListRecoveryPointsByResource: 1,
    });
  });

  it('is critical when a job failed after the last completed one', async () => {
    backupMock
      .on(ListBackupJobsCommand, { ByResourceArn: TABLE, ByState: 'COMPLETED' })
      .resolves({ BackupJobs: [job('job-20h', 'COMPLETED', 20.5)] })
      .on(ListBackupJobsCommand, { ByResourceArn: TABLE, ByState: 'FAILED' })
      .resolves({ BackupJobs: [job('job-failed-1h', 'FAILED', 1)] })
      .on(ListBackupJobsCommand, { ByResourceArn: TABLE, ByState: 'ABORTED' })
      // Older than the last completed one (a lenient filter): not counted.
      .resolves({ BackupJobs: [job('job-aborted-30h', 'ABORTED', 30)] });

    const output = await provider().run(
      [backupTarget('orders', { backupResourceArn: TABLE })],
      runContext({ now }),
    );

    const result = resultOf(output.results, 'component:default/orders');
    const details = result.details as BackupCheckDetails;
    expect(result.status).toBe('critical');
    expect(details.restorePoint?.identifier).toBe(`${VAULT}job-20h`);
    expect(details.awsBackup?.failedJobs).toEqual([
      expect.objectContaining({ jobId: 'job-failed-1h', state: 'FAILED' }),
    ]);
    expect(result.message).toBe(
      `AWS Backup job job-failed-1h FAILED after the last completed one: Insufficient privileges to perform backup; newest backup is 21 h old (max 26 h): ${VAULT}job-20h`,
    );
  });

  it('is critical when AWS Backup has never completed a backup', async () => {
    const output = await provider().run(
      [backupTarget('orders', { backupResourceArn: TABLE })],
      runContext({ now }),
    );
    const result = resultOf(output.results, 'component:default/orders');
    expect(result.status).toBe('critical');
    expect(result.message).toBe(`No completed AWS Backup of ${TABLE}`);
    expect((result.details as BackupCheckDetails).restorePoint).toBeNull();
  });

  it('keeps the S3 part of an entity whose AWS Backup call fails, and other entities', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'orders-exports',
      objects: [{ key: 'daily/orders.json.gz', body: 'x' }],
    });
    backupMock
      .on(ListBackupJobsCommand, { ByResourceArn: TABLE })
      .rejects(
        Object.assign(new Error('User is not authorized to list jobs'), {
          name: 'AccessDeniedException',
        }),
      )
      .on(ListBackupJobsCommand, {
        ByResourceArn: OTHER_TABLE,
        ByState: 'COMPLETED',
      })
      .resolves({
        BackupJobs: [
          { ...job('payments-1h', 'COMPLETED', 1.5), ResourceArn: OTHER_TABLE },
        ],
      });

    const output = await provider().run(
      [
        backupTarget('orders', {
          backupS3: 's3://orders-exports/daily/',
          backupResourceArn: TABLE,
        }),
        backupTarget('payments', { backupResourceArn: OTHER_TABLE }),
      ],
      runContext(),
    );

    expect(output.failures).toEqual([]);
    const orders = resultOf(output.results, 'component:default/orders');
    const details = orders.details as BackupCheckDetails;
    expect(details.s3).toMatchObject({
      newestKey: 'daily/orders.json.gz',
      objectCount: 1,
    });
    expect(details.restorePoint).toMatchObject({
      kind: 's3-object',
      identifier: 's3://orders-exports/daily/orders.json.gz',
    });
    expect(details.awsBackup).toBeUndefined();
    expect(details.errors).toEqual([
      {
        part: 'awsBackup',
        message: `cannot read AWS Backup of ${TABLE}: AccessDeniedException: User is not authorized to list jobs`,
      },
    ]);
    // Fresh, but one annotated location could not be checked.
    expect(orders.status).toBe('warning');
    expect(orders.message).toContain(`cannot read AWS Backup of ${TABLE}`);

    const payments = resultOf(output.results, 'component:default/payments');
    expect(payments.status).toBe('ok');
    expect(
      (payments.details as BackupCheckDetails).awsBackup?.lastCompletedJob
        ?.jobId,
    ).toBe('payments-1h');
  });
});
