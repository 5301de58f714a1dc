/**
 * The Ops Health backend: AWS cost, S3 replication and backup health for
 * catalog entities.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { opsHealthModuleAwsChecks } from './module';
import { opsHealthPlugin } from './plugin';

export { opsHealthPlugin } from './plugin';
export { opsHealthModuleAwsChecks } from './module';

/**
 * The plugin with its built-in AWS checks: what
 * `backend.add(import('@ops-health/backstage-plugin-ops-health-backend'))`
 * installs.
 *
 * @public
 */
export default createBackendFeatureLoader({
  loader: () => [opsHealthPlugin, opsHealthModuleAwsChecks],
});
