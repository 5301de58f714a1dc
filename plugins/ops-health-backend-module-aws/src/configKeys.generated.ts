// GENERATED FILE, DO NOT EDIT: run `node scripts/generate-config-keys.js`
// at the repository root after changing config.d.ts.
import { OpsHealthConfigKeys } from '@ops-health/backstage-plugin-ops-health-node';

const frequency: OpsHealthConfigKeys = {
  keys: {
    cron: {},
    years: {},
    months: {},
    weeks: {},
    days: {},
    hours: {},
    minutes: {},
    seconds: {},
    milliseconds: {},
    trigger: {},
  },
};

const duration: OpsHealthConfigKeys = {
  keys: {
    years: {},
    months: {},
    weeks: {},
    days: {},
    hours: {},
    minutes: {},
    seconds: {},
    milliseconds: {},
  },
};

const schedule: OpsHealthConfigKeys = {
  keys: {
    frequency: frequency,
    timeout: duration,
    initialDelay: duration,
    scope: {},
  },
};

/**
 * The keys under `opsHealth` that this package's config.d.ts declares.
 *
 * @internal
 */
export const configKeys: OpsHealthConfigKeys = {
  keys: {
    aws: { keys: { region: {}, maxAttempts: {} } },
    cost: {
      keys: {
        schedule: schedule,
        metric: {},
        dailyThreshold: {},
        monthlyThreshold: {},
        spikeFactor: {},
        baselineDays: {},
        historyDays: {},
        refetchDays: {},
      },
    },
    replication: {
      keys: {
        schedule: schedule,
        latencyWarningSeconds: {},
        latencyCriticalSeconds: {},
        failedOperationsThreshold: {},
        pendingOperationsThreshold: {},
        metricsWindow: duration,
        canary: {
          keys: { timeout: duration, pollInterval: duration, keyPrefix: {} },
        },
      },
    },
    backup: {
      keys: {
        schedule: schedule,
        defaultMaxAge: duration,
        logsWindow: duration,
        logsFilterPattern: {},
        triggerInterval: duration,
      },
    },
    posture: {
      keys: {
        schedule: schedule,
        maxAccessKeyAge: duration,
        accounts: { items: { keys: { accountId: {}, entity: {} } } },
      },
    },
    trust: {
      keys: {
        resourceTagKey: {},
        requireResourceTag: {},
        accounts: {
          items: {
            keys: {
              accountId: {},
              owners: { items: {} },
              namespaces: { items: {} },
              locations: { items: {} },
            },
          },
        },
        costTags: {
          items: {
            keys: {
              tag: {},
              owners: { items: {} },
              namespaces: { items: {} },
              locations: { items: {} },
            },
          },
        },
        requireCostTagMapping: {},
      },
    },
  },
};
