export { S3Replicator } from './S3Replicator';
export type { S3ReplicatorOptions } from './S3Replicator';
