import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OpsHealthEntityHealth,
  OpsHealthSetupReport,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * Client of the Ops Health backend.
 *
 * @public
 */
export interface OpsHealthApi {
  getEntitySetup(entity: CompoundEntityRef): Promise<OpsHealthSetupReport>;
  getEntityHealth(entity: CompoundEntityRef): Promise<OpsHealthEntityHealth>;
}

/** @public */
export const opsHealthApiRef = createApiRef<OpsHealthApi>({
  id: 'plugin.ops-health.service',
});
