import type { OpsHealthCheckStatus } from '../api';

/**
 * Check statuses from the least to the most severe: the order in which an
 * entity's overall status, lists and sections are sorted.
 *
 * @public
 */
export const OPS_HEALTH_STATUS_ORDER: readonly OpsHealthCheckStatus[] = [
  'ok',
  'unknown',
  'warning',
  'misconfigured',
  'critical',
];

/**
 * How severe a status is: its index in {@link OPS_HEALTH_STATUS_ORDER}
 * (-1 for anything else, such as `not-configured`).
 *
 * @public
 */
export function statusRank(status: string): number {
  return OPS_HEALTH_STATUS_ORDER.indexOf(status as OpsHealthCheckStatus);
}

/**
 * The most severe of some statuses; `undefined` for none.
 *
 * @public
 */
export function worstStatus<T extends string>(statuses: T[]): T | undefined {
  return statuses.reduce<T | undefined>(
    (worst, s) =>
      worst === undefined || statusRank(s) > statusRank(worst) ? s : worst,
    undefined,
  );
}
