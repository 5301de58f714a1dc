/**
 * Ops Health frontend plugin: AWS cost, S3 replication and backup health on
 * entity pages. The new frontend system is served from `./alpha`.
 *
 * @packageDocumentation
 */
export { opsHealthPlugin, EntityOpsHealthCard } from './plugin';
export { isOpsHealthAvailable } from './isOpsHealthAvailable';
export { opsHealthApiRef, OpsHealthClient } from './api';
export type { OpsHealthApi } from './api';
