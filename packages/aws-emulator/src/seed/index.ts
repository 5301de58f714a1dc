export { seedBucket } from './seedBucket';
export type { SeedBucketOptions, SeedObject } from './seedBucket';
export { seedRole } from './seedRole';
export type { SeedRoleOptions } from './seedRole';
export { seedReplication } from './seedReplication';
export type {
  SeedReplicationOptions,
  SeedReplicationRule,
} from './seedReplication';
export { seedMetricData } from './seedMetricData';
export type { SeedMetricDataOptions, SeedMetricValue } from './seedMetricData';
export {
  seedReplicationMetrics,
  S3_REPLICATION_METRICS,
} from './seedReplicationMetrics';
export type { SeedReplicationMetricsOptions } from './seedReplicationMetrics';
export { queueCostAndUsageResults } from './queueCostAndUsageResults';
export type { CostAndUsageResult } from './queueCostAndUsageResults';
export {
  dailyCostResults,
  dailyCostResultsByDimension,
  dailyCostResultsByTagAndDimension,
} from './dailyCostResults';
export type {
  CostMetricName,
  DailyCostResultsBaseOptions,
  DailyCostResultsOptions,
  DailyCostResultsByDimensionOptions,
  DailyCostResultsByTagAndDimensionOptions,
} from './dailyCostResults';
export { seedLambdaFunction } from './seedLambdaFunction';
export type { SeedLambdaFunctionOptions } from './seedLambdaFunction';
export { createZip } from './createZip';
export type { ZipEntry } from './createZip';
export { seedLogEvents } from './seedLogEvents';
export type { SeedLogEventsOptions, SeedLogMessage } from './seedLogEvents';
