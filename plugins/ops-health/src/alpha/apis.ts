import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { opsHealthApiRef, OpsHealthClient } from '../api';

/** @alpha */
export const opsHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: opsHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpsHealthClient(deps),
    }),
});
