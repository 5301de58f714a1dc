import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// A minimal backend for working on the plugin alone (`yarn start` here):
//   curl http://localhost:7007/api/ops-health/entities/component/default/sample/setup
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'sample',
          annotations: { 'ops-health/cost-tags': 'service=sample' },
        },
        spec: { type: 'service', owner: 'guests', lifecycle: 'experimental' },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
