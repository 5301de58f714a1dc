import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { escalationPolicyByRef } from './createIncidents';

describe('escalationPolicyByRef', () => {
  const policyFor = escalationPolicyByRef({
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'checkout',
            annotations: { 'ops-health/escalation-policy': 'payments' },
          },
          spec: { owner: 'group:default/payments' },
        },
      ],
    }),
    auth: mockServices.auth(),
    policyOf: entity =>
      entity.metadata.annotations?.['ops-health/escalation-policy'],
    defaultPolicy: 'platform',
  });

  it("gives an entity's own policy", async () => {
    expect(await policyFor('component:default/checkout')).toBe('payments');
  });

  it('escalates an incident for an entity gone from the catalog by the default policy', async () => {
    expect(await policyFor('component:default/deleted')).toBe('platform');
  });
});
