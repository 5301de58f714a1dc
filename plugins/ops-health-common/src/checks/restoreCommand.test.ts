import { restoreCommand } from './restoreCommand';

describe('restoreCommand', () => {
  it('copies the newest S3 object, quoted for the shell', () => {
    expect(
      restoreCommand({
        restorePoint: {
          kind: 's3-object',
          identifier: "s3://billing-backups/daily/ledger 2026-12-01's.tar.gz",
          time: '2026-12-01T02:00:00.000Z',
          ageSeconds: 3600,
        },
      }),
    ).toBe(
      [
        '# Copy the backup taken 2026-12-01T02:00:00.000Z out of S3, then restore from the file',
        `aws s3 cp 's3://billing-backups/daily/ledger 2026-12-01'\\''s.tar.gz' './ledger 2026-12-01'\\''s.tar.gz'`,
      ].join('\n'),
    );
  });

  it('starts an AWS Backup restore job of the recovery point', () => {
    const arn = 'arn:aws:backup:us-east-1:123456789012:recovery-point:abc-123';
    const command = restoreCommand({
      restorePoint: {
        kind: 'recovery-point',
        identifier: arn,
        time: '2026-02-29T23:30:00.000Z',
        ageSeconds: 60,
      },
      awsBackup: {
        resourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/ledger',
        lastRecoveryPoint: {
          recoveryPointArn: arn,
          backupVaultName: 'ledger-vault',
        },
        failedJobs: [],
      },
    })!;
    expect(command).toContain("--backup-vault-name 'ledger-vault'");
    expect(command).toContain(
      `aws backup start-restore-job \\\n  --recovery-point-arn '${arn}'`,
    );
    expect(command).toContain("--iam-role-arn '<restore-role-arn>'");
  });

  it('has nothing to restore without a restore point', () => {
    expect(restoreCommand({ restorePoint: null })).toBeUndefined();
  });
});
