import { OpsHealthSetupReport } from '@ops-health/backstage-plugin-ops-health-common';
import { StoredCheckResult } from '../database/CheckResultStore';

const ORDER = [
  'ok',
  'unknown',
  'warning',
  'misconfigured',
  'critical',
] as const;

/**
 * The worst status of an entity's results; `misconfigured` when an
 * annotation is malformed, `not-configured` when it has no checks at all.
 *
 * @internal
 */
export function overallStatus(
  results: StoredCheckResult[],
  setup: OpsHealthSetupReport,
): (typeof ORDER)[number] | 'not-configured' {
  if (setup.status === 'not-configured' && results.length === 0) {
    return 'not-configured';
  }
  let worst: (typeof ORDER)[number] =
    setup.status === 'misconfigured' ? 'misconfigured' : 'ok';
  if (results.length === 0 && worst === 'ok') return 'unknown';
  for (const r of results) {
    if (ORDER.indexOf(r.status) > ORDER.indexOf(worst)) worst = r.status;
  }
  return worst;
}
