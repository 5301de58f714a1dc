/**
 * The Ops Health backend: AWS cost, S3 replication and backup health for
 * catalog entities.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { opsHealthModuleAwsChecks } from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { opsHealthPlugin } from './plugin';

export { opsHealthPlugin } from './plugin';
export { opsHealthModuleAwsChecks };

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
export { verifyWebhookSignature } from './notifications/channels/webhookSignature';
