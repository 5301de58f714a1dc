export {
  BackupCheckProvider,
  BACKUP_RUNBOOK_SECTION,
} from './BackupCheckProvider';
export type { BackupCheckProviderOptions } from './BackupCheckProvider';
export { triggerBackup } from './triggerBackup';
export type {
  TriggerBackupOptions,
  TriggerBackupResult,
} from './triggerBackup';
