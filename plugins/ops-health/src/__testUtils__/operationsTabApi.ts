import { OpsHealthApi } from '../api';
import {
  details,
  incident,
} from '../components/Incidents/__testUtils__/incidents';
import {
  costDetails,
  ENTITY_REF,
  entityHealth,
  minutesAgo,
  result,
} from './fixtures';

/**
 * An Ops Health API for the Operations tab of checkout-service: cost
 * critical with its runbook section, one firing alert, one incident.
 */
export function operationsTabApi(
  overrides: Partial<OpsHealthApi> = {},
): Partial<OpsHealthApi> {
  return {
    getEntityCheck: async (_entity, checkId) => ({
      entityRef: ENTITY_REF,
      checkId,
      results:
        checkId === 'cost'
          ? [
              result({
                status: 'critical',
                headline: 'USD 420.00 today, over USD 150.00',
                message: 'USD 420.00 today, over USD 150.00',
                runbookSection: 'cost-overrun-alert',
                details: costDetails(),
              }),
            ]
          : [],
      dailyCosts: [],
    }),
    getEntityHealth: async () =>
      entityHealth([
        result({
          status: 'critical',
          headline: 'USD 420.00 today, over USD 150.00',
          message: 'USD 420.00 today, over USD 150.00',
        }),
      ]),
    getReplicationCanaryRuns: async () => ({ runs: [] }),
    listAlerts: async () => ({
      items: [
        {
          id: 'a1',
          dedupKey: `${ENTITY_REF}|cost|`,
          entityRef: ENTITY_REF,
          checkId: 'cost',
          subject: '',
          state: 'firing' as const,
          severity: 'critical' as const,
          headline: 'Cost over threshold',
          message: 'Cost over threshold',
          runbookSection: 'cost-overrun-alert',
          firstSeen: minutesAgo(60),
          lastSeen: minutesAgo(1),
          notifyCount: 1,
          silenced: false,
        },
      ],
    }),
    listSilences: async () => ({ items: [], totalCount: 0 }),
    getEntityRunbook: async () => undefined,
    listIncidents: async () => ({ items: [incident()] }),
    getIncidentMetrics: async () => ({
      entityRef: ENTITY_REF,
      from: minutesAgo(30 * 24 * 60),
      to: minutesAgo(0),
      acknowledgedCount: 1,
      recoveredCount: 0,
      incidentCount: 1,
      mttaMs: 12 * 60_000,
    }),
    getIncident: async () => details(),
    ...overrides,
  };
}
