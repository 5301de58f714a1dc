import { CheckHistoryReader } from '@ops-health/backstage-plugin-ops-health-node';

/** A stored history with nothing in it: no costs, no earlier results. */
export const emptyHistory: CheckHistoryReader = {
  getDailyCosts: async () => [],
  countDailyCosts: async () => new Map(),
  getResults: async () => [],
};
