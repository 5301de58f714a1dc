import { usePermission } from '@backstage/plugin-permission-react';
import {
  opsHealthIncidentCreatePermission,
  opsHealthIncidentUpdatePermission,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * Whether the user may declare and change incidents of an entity. The
 * backend checks again on every request; this only decides what to offer.
 *
 * @internal
 */
export function useIncidentPermissions(entityRef: string) {
  const create = usePermission({
    permission: opsHealthIncidentCreatePermission,
    resourceRef: entityRef,
  });
  const update = usePermission({
    permission: opsHealthIncidentUpdatePermission,
    resourceRef: entityRef,
  });
  return {
    loading: create.loading || update.loading,
    canCreate: create.allowed,
    canUpdate: update.allowed,
  };
}
