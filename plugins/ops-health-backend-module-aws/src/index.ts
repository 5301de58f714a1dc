/**
 * The AWS checks of Ops Health — cost (Cost Explorer), S3 replication and
 * disaster-recovery backups — as a backend module added through the
 * `-node` extension point like any third-party module; and the AWS
 * operations behind the plugin's manual actions.
 *
 * @packageDocumentation
 */
export { opsHealthModuleAwsChecks as default } from './module';
export { opsHealthModuleAwsChecks } from './module';
export { DefaultAwsClientFactory } from './AwsClientFactory';
export type {
  AwsClientFactory,
  DefaultAwsClientFactoryOptions,
} from './AwsClientFactory';
export { COST_METRICS, readAwsChecksConfig } from './config';
export type { AwsChecksConfig, CostMetric } from './config';
export { runReplicationCanary } from './replication';
export type {
  ReplicationCanaryDestination,
  ReplicationCanaryOptions,
  ReplicationCanaryResult,
} from './replication';
export { triggerBackup } from './backup';
export type { TriggerBackupOptions, TriggerBackupResult } from './backup';
export { OwnershipVerifier } from './trust/OwnershipVerifier';
export type { Claimant, ResourceOwnership } from './trust/OwnershipVerifier';
export type { PostureConfig, TrustConfig, TrustedEntities } from './config';
export { CallCounter } from './awsCalls';
