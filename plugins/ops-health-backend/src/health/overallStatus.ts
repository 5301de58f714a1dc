import {
  OpsHealthCheckStatus,
  OpsHealthSetupReport,
  statusRank,
} from '@ops-health/backstage-plugin-ops-health-common';
import { StoredCheckResult } from '../database/CheckResultStore';

/**
 * The worst status of an entity's results; `misconfigured` when an
 * annotation is malformed, `not-configured` when it has no checks at all.
 *
 * @internal
 */
export function overallStatus(
  results: StoredCheckResult[],
  setup: OpsHealthSetupReport,
): OpsHealthCheckStatus | 'not-configured' {
  if (setup.status === 'not-configured' && results.length === 0) {
    return 'not-configured';
  }
  let worst: OpsHealthCheckStatus =
    setup.status === 'misconfigured' ? 'misconfigured' : 'ok';
  if (results.length === 0 && worst === 'ok') return 'unknown';
  for (const r of results) {
    if (statusRank(r.status) > statusRank(worst)) worst = r.status;
  }
  return worst;
}
