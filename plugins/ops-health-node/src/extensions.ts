import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { OpsHealthCheckProvider } from './CheckProvider';

/**
 * Lets other backend modules add check providers to the Ops Health plugin.
 *
 * @public
 */
export interface OpsHealthChecksExtensionPoint {
  addCheckProvider(...providers: OpsHealthCheckProvider[]): void;
}

/**
 * Extension point for adding check providers, used as
 * `env.registerInit({ deps: { checks: opsHealthChecksExtensionPoint }, ... })`
 * in a backend module for the `ops-health` plugin.
 *
 * @public
 */
export const opsHealthChecksExtensionPoint =
  createExtensionPoint<OpsHealthChecksExtensionPoint>({
    id: 'ops-health.checks',
  });
