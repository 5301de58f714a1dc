import { BackupCheckDetails } from './backup';

/** Quotes a value for a POSIX shell: S3 keys may hold any character. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * How to restore from the entity's last successful backup, as commands to
 * paste into a shell with the AWS CLI: a copy of the S3 object, or an AWS
 * Backup restore job of the recovery point (its restore metadata first, then
 * `start-restore-job` with a role that may restore). Undefined when there is
 * no restore point. Values are shell-quoted; `<…>` marks what the operator
 * fills in.
 *
 * @public
 */
export function restoreCommand(
  details: Pick<BackupCheckDetails, 'restorePoint' | 'awsBackup'>,
): string | undefined {
  const point = details.restorePoint;
  if (!point) return undefined;
  if (point.kind === 's3-object') {
    const key = point.identifier.replace(/^s3:\/\/[^/]+\//, '');
    const file = key.split('/').pop() || 'backup';
    return [
      `# Copy the backup taken ${point.time} out of S3, then restore from the file`,
      `aws s3 cp ${shellQuote(point.identifier)} ${shellQuote(`./${file}`)}`,
    ].join('\n');
  }
  const vault = details.awsBackup?.lastRecoveryPoint?.backupVaultName;
  return [
    `# Restore the AWS Backup recovery point taken ${point.time}`,
    `aws backup get-recovery-point-restore-metadata \\`,
    `  --backup-vault-name ${shellQuote(vault ?? '<backup-vault-name>')} \\`,
    `  --recovery-point-arn ${shellQuote(point.identifier)} \\`,
    `  --query RestoreMetadata > restore-metadata.json`,
    `aws backup start-restore-job \\`,
    `  --recovery-point-arn ${shellQuote(point.identifier)} \\`,
    `  --iam-role-arn '<restore-role-arn>' \\`,
    `  --metadata file://restore-metadata.json`,
  ].join('\n');
}
