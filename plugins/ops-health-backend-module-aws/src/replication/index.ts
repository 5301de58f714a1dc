export {
  ReplicationCheckProvider,
  REPLICATION_CHECK_ID,
  REPLICATION_RUNBOOK_SECTION,
} from './ReplicationCheckProvider';
export type { ReplicationCheckProviderOptions } from './ReplicationCheckProvider';
export { runReplicationCanary } from './runReplicationCanary';
export type {
  ReplicationCanaryDestination,
  ReplicationCanaryOptions,
  ReplicationCanaryResult,
} from './runReplicationCanary';
export type { ReplicationCheckDetails } from './readReplicationSetup';
