export { ReplicationSection } from './ReplicationSection';
