/**
 * The Ops Health backend plugin: AWS cost, S3 replication and backup health
 * for catalog entities.
 *
 * @packageDocumentation
 */
export { opsHealthPlugin as default } from './plugin';
