import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { opsHealthApiRef } from '../api';

/**
 * One incident with its timeline, linked alerts and allowed moves; `retry`
 * reads it again, e.g. after a change or a 409.
 *
 * @internal
 */
export function useIncident(incidentId: string) {
  const api = useApi(opsHealthApiRef);
  return useAsyncRetry(() => api.getIncident(incidentId), [api, incidentId]);
}
