import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { OpsHealthCheckProvider } from './CheckProvider';
import { OpsHealthConfigKeys } from './configKeys';

/**
 * Lets other backend modules add check providers to the Ops Health plugin.
 *
 * @public
 */
export interface OpsHealthChecksExtensionPoint {
  addCheckProvider(...providers: OpsHealthCheckProvider[]): void;
  /**
   * Declares the keys under `opsHealth` that the module reads (its
   * `config.d.ts`, see {@link OpsHealthConfigKeys}). The plugin stops the
   * backend at start on a key under `opsHealth` that neither it nor an
   * installed module declares, so a module that reads config must declare
   * it here.
   */
  addConfigKeys(keys: OpsHealthConfigKeys): void;
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
