// GENERATED FILE, DO NOT EDIT: run `node scripts/generate-config-keys.js`
// at the repository root after changing config.d.ts.
import { OpsHealthConfigKeys } from '@ops-health/backstage-plugin-ops-health-node';

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
        schedule: {
          keys: {
            frequency: {
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
            },
            timeout: {
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
            },
            initialDelay: {
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
            },
            scope: {},
          },
        },
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
        schedule: {
          keys: {
            frequency: {
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
            },
            timeout: {
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
            },
            initialDelay: {
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
            },
            scope: {},
          },
        },
        latencyWarningSeconds: {},
        latencyCriticalSeconds: {},
        failedOperationsThreshold: {},
        pendingOperationsThreshold: {},
        metricsWindow: {
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
        },
        canary: {
          keys: {
            timeout: {
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
            },
            pollInterval: {
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
            },
            keyPrefix: {},
          },
        },
      },
    },
    backup: {
      keys: {
        schedule: {
          keys: {
            frequency: {
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
            },
            timeout: {
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
            },
            initialDelay: {
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
            },
            scope: {},
          },
        },
        defaultMaxAge: {
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
        },
        logsWindow: {
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
        },
        logsFilterPattern: {},
      },
    },
    posture: {
      keys: {
        schedule: {
          keys: {
            frequency: {
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
            },
            timeout: {
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
            },
            initialDelay: {
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
            },
            scope: {},
          },
        },
        maxAccessKeyAge: {
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
        },
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
      },
    },
  },
};
