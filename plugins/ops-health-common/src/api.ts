import type { components } from './schema/openapi.generated';

export type {
  /** The paths of the Ops Health API, generated from the backend's OpenAPI spec. */
  paths as OpsHealthApiPaths,
  /** The schemas of the Ops Health API, generated from the OpenAPI spec. */
  components as OpsHealthApiComponents,
  /** The operations of the Ops Health API, generated from the OpenAPI spec. */
  operations as OpsHealthApiOperations,
} from './schema/openapi.generated';

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
