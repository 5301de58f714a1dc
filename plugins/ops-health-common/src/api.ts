import type { components, operations, paths } from './schema/openapi.generated';

/**
 * The paths of the Ops Health API, generated from the backend's OpenAPI
 * spec (`openapi-typescript`).
 *
 * @public
 */
export type OpsHealthApiPaths = paths;

/**
 * The schemas of the Ops Health API, generated from the OpenAPI spec.
 *
 * @public
 */
export type OpsHealthApiComponents = components;

/**
 * The operations of the Ops Health API, generated from the OpenAPI spec.
 *
 * @public
 */
export type OpsHealthApiOperations = operations;

/**
 * Status of a check result, as served by the API (schema CheckStatus).
 *
 * @public
 */
export type OpsHealthCheckStatus = components['schemas']['CheckStatus'];

/**
 * One stored check result, as served by the API (schema CheckResult).
 *
 * @public
 */
export type OpsHealthCheckResult = components['schemas']['CheckResult'];

/**
 * An entity's health summary (schema EntityHealth).
 *
 * @public
 */
export type OpsHealthEntityHealth = components['schemas']['EntityHealth'];
