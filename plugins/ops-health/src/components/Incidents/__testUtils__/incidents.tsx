import { identityApiRef } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { OpsHealthApi, opsHealthApiRef } from '../../../api';
import {
  OpsHealthIncident,
  OpsHealthIncidentDetails,
} from '../../../api/incidentTypes';
import { ENTITY_REF, testEntity } from '../../../__testUtils__/fixtures';

export const HOUR = 3_600_000;

export function isoAgo(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}

export function incident(
  overrides: Partial<OpsHealthIncident> = {},
): OpsHealthIncident {
  return {
    id: 'inc-1',
    entityRef: ENTITY_REF,
    title: 'Checkout returns 500 for card payments',
    severity: 'SEV1',
    phase: 'containment',
    commander: 'user:default/jane',
    version: 4,
    createdBy: 'user:default/jane',
    createdAt: isoAgo(3 * HOUR),
    updatedAt: isoAgo(HOUR),
    phaseReachedAt: {
      detection: isoAgo(3 * HOUR),
      assessment: isoAgo(3 * HOUR - 12 * 60_000),
      containment: isoAgo(2 * HOUR),
    },
    escalationLevel: 1,
    escalationPolicy: 'checkout-oncall',
    ...overrides,
  };
}

export function details(
  overrides: Partial<OpsHealthIncidentDetails> = {},
): OpsHealthIncidentDetails {
  const base = incident(overrides);
  return {
    ...base,
    events: [
      {
        id: 1,
        incidentId: base.id,
        at: isoAgo(3 * HOUR),
        actor: 'user:default/jane',
        type: 'created',
        note: 'Card payments fail since the 10:00 deploy',
      },
      {
        id: 2,
        incidentId: base.id,
        at: isoAgo(3 * HOUR - 10 * 60_000),
        actor: 'ops-health',
        type: 'escalated',
        note: 'Still in detection after 10 min: escalated to level 1 · On-call engineer of policy checkout-oncall (schedule checkout-primary: user:default/oncall, group:default/devops), notified through email, slack',
        data: {
          policy: 'checkout-oncall',
          level: 1,
          levelName: 'On-call engineer',
          waitedMinutes: 10,
          targets: ['schedule:checkout-primary', 'group:default/devops'],
          recipients: ['user:default/oncall', 'group:default/devops'],
          channels: ['email', 'slack'],
        },
      },
      {
        id: 3,
        incidentId: base.id,
        at: isoAgo(3 * HOUR - 12 * 60_000),
        actor: 'user:default/jane',
        type: 'phase-changed',
        fromPhase: 'detection',
        toPhase: 'assessment',
      },
      {
        id: 4,
        incidentId: base.id,
        at: isoAgo(2 * HOUR),
        actor: 'user:default/jane',
        type: 'phase-changed',
        fromPhase: 'assessment',
        toPhase: 'containment',
        note: 'Rolled back to 1.41',
      },
    ],
    eventCount: 4,
    alerts: [],
    allowedTransitions: [
      {
        to: 'detection',
        direction: 'backward',
        requiresNote: true,
        requiresPostmortem: false,
      },
      {
        to: 'assessment',
        direction: 'backward',
        requiresNote: true,
        requiresPostmortem: false,
      },
      {
        to: 'eradication',
        direction: 'forward',
        requiresNote: false,
        requiresPostmortem: false,
      },
      {
        to: 'recovery',
        direction: 'forward',
        requiresNote: false,
        requiresPostmortem: false,
      },
      {
        to: 'lessons-learned',
        direction: 'forward',
        requiresNote: false,
        requiresPostmortem: false,
      },
    ],
    missingPostmortem: [
      'summary',
      'impact',
      'rootCause',
      'at least one action item (text, owner and due date)',
      'monitoringChanges',
    ],
    ...overrides,
  };
}

/** The users in the catalog of the tests; the signed-in user is sam. */
export const CATALOG_USERS = ['jane', 'sam'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {
    profile: { displayName: name[0].toUpperCase() + name.slice(1) },
    memberOf: [],
  },
}));

/**
 * Renders with a mocked Ops Health API and a permission API that allows or
 * denies everything, on the checkout-service entity.
 */
export async function renderIncidents(
  element: ReactElement,
  api: Partial<OpsHealthApi>,
  options: { allow?: boolean; routeEntries?: string[] } = {},
) {
  const permissionApi = mockApis.permission({
    authorize:
      options.allow === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [opsHealthApiRef, { getEntityRunbook: async () => undefined, ...api }],
        [permissionApiRef, permissionApi],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/sam' }),
        ],
        [catalogApiRef, catalogApiMock({ entities: CATALOG_USERS })],
      ]}
    >
      <EntityProvider entity={testEntity()}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
