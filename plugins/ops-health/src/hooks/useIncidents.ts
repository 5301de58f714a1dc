import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { opsHealthApiRef } from '../api';
import { useRefreshWhileVisible } from './useRefreshWhileVisible';

/**
 * The incident history of the current entity, newest first, with its MTTA
 * and MTTR. Metrics are an extra: the history shows without them.
 *
 * @internal
 */
export function useIncidents(options: { limit?: number } = {}) {
  const api = useApi(opsHealthApiRef);
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const { limit } = options;
  const state = useAsyncRetry(async () => {
    const [incidents, metrics] = await Promise.all([
      api.listIncidents({ entityRef, limit }),
      api.getIncidentMetrics({ entityRef }).catch(() => undefined),
    ]);
    return {
      incidents: incidents.items,
      totalCount: incidents.totalCount ?? incidents.items.length,
      metrics,
    };
  }, [api, entityRef, limit]);
  // Incidents are declared, acknowledged and closed while the tab is open.
  useRefreshWhileVisible(state.retry);
  return state;
}
