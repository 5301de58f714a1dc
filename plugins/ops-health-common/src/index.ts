/**
 * Shared types and helpers of the Ops Health plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './parseAnnotations';
export * from './setup';
export * from './permissions';
export * from './api';
export * from './headline';
export * from './vocabulary/checks';
export * from './vocabulary/statuses';
export * from './vocabulary/links';
export * from './vocabulary/entityRefs';
export * from './vocabulary/incidents';
export * from './checks/cost';
export * from './checks/backup';
export * from './checks/posture';
export * from './checks/restoreCommand';
export * from './checks/replication';
