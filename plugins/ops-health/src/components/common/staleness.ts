import { OpsHealthCheckResult } from '@ops-health/backstage-plugin-ops-health-common';
import { timeAgo, formatDuration } from './format';

/**
 * Age after which a result counts as stale even when the backend has not
 * flagged it: twice the backend's default refresh interval of each check
 * (cost every 6 hours, replication every 5 minutes, backup every 15 minutes).
 *
 * @public
 */
export const DEFAULT_STALE_AFTER_MS: Record<string, number> = {
  cost: 2 * 6 * 3_600_000,
  replication: 2 * 5 * 60_000,
  backup: 2 * 15 * 60_000,
};

/**
 * Why a result is stale, or undefined when it is fresh: the backend marks a
 * result stale when its last collection failed (the result is the last good
 * one); a result that was not refreshed for too long is stale as well.
 *
 * @internal
 */
export function staleReason(
  result: Pick<
    OpsHealthCheckResult,
    'checkId' | 'measuredAt' | 'stale' | 'error' | 'errorAt'
  >,
  staleAfterMs: Record<string, number | undefined> = DEFAULT_STALE_AFTER_MS,
  now = Date.now(),
): string | undefined {
  if (result.stale) {
    return `Last collection failed ${timeAgo(
      result.errorAt ?? result.measuredAt,
      now,
    )}${result.error ? `: ${result.error}` : ''}`;
  }
  const limit = staleAfterMs[result.checkId];
  const age = now - new Date(result.measuredAt).getTime();
  if (limit !== undefined && age > limit) {
    return `Not refreshed for ${formatDuration(
      age / 1000,
    )}, more than ${formatDuration(limit / 1000)}`;
  }
  return undefined;
}
