import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { OpsHealthCheckId } from '@ops-health/backstage-plugin-ops-health-common';
import { opsHealthApiRef } from '../api';

/**
 * One check of the current entity in detail, with `days` of history.
 *
 * @internal
 */
export function useCheckDetail(checkId: OpsHealthCheckId, days?: number) {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getEntityCheck(ref, checkId, days ? { days } : undefined),
    [api, ref.kind, ref.namespace, ref.name, checkId, days],
  );
}
