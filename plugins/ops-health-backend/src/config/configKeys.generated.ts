// GENERATED FILE, DO NOT EDIT: run `node scripts/generate-config-keys.js`
// at the repository root after changing config.d.ts.
import { OpsHealthConfigKeys } from '@ops-health/backstage-plugin-ops-health-node';

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

const schedule: OpsHealthConfigKeys = {
  keys: {
    frequency: frequency,
    timeout: duration,
    initialDelay: duration,
    scope: {},
  },
};

const restrict: OpsHealthConfigKeys = {
  keys: { days: { items: {} }, from: {}, to: {} },
};

/**
 * The keys under `opsHealth` that this package's config.d.ts declares.
 *
 * @internal
 */
export const configKeys: OpsHealthConfigKeys = {
  keys: {
    alerting: {
      keys: {
        firingAfter: {},
        resolvingAfter: {},
        checks: { anyKey: { keys: { firingAfter: {}, resolvingAfter: {} } } },
        groupWait: duration,
        groupInterval: duration,
        repeat: { keys: { initial: duration, multiplier: {}, max: duration } },
      },
    },
    notifications: {
      keys: {
        channels: {
          items: {
            keys: {
              name: {},
              type: {},
              minSeverity: {},
              checks: { items: {} },
              url: {},
              signingSecret: {},
              recipients: { items: {} },
            },
          },
        },
        schedule: schedule,
        delivery: {
          keys: {
            maxAttempts: {},
            initialBackoff: duration,
            maxBackoff: duration,
            timeout: duration,
          },
        },
      },
    },
    access: { keys: { cacheTtl: duration, indexTtl: duration } },
    actions: { keys: { allowedServices: { items: {} } } },
    catchUp: { keys: { schedule: schedule } },
    retention: {
      keys: {
        schedule: schedule,
        costDays: {},
        metricSampleDays: {},
        resolvedAlertDays: {},
        silenceDays: {},
        canaryRunDays: {},
        closedIncidentDays: {},
      },
    },
    contacts: {
      keys: { primary: { keys: { name: {}, email: {}, chat: {} } } },
    },
    schedules: {
      items: {
        keys: {
          name: {},
          title: {},
          team: {},
          timeZone: {},
          members: { items: {} },
          rotation: {},
          handoffTime: {},
          handoffDay: {},
          start: {},
          restrict: restrict,
          layers: {
            items: {
              keys: {
                name: {},
                members: { items: {} },
                rotation: {},
                handoffTime: {},
                handoffDay: {},
                start: {},
                restrict: restrict,
              },
            },
          },
          overrides: { items: { keys: { from: {}, to: {}, user: {} } } },
        },
      },
    },
    acknowledge: { keys: { ttl: duration, secret: {} } },
    escalation: {
      keys: {
        defaultPolicy: {},
        policies: {
          items: {
            keys: {
              name: {},
              levels: {
                items: {
                  keys: { name: {}, targets: { items: {} }, delay: duration },
                },
              },
              owners: { items: {} },
            },
          },
        },
        schedule: schedule,
      },
    },
    runbook: { keys: { defaultUrl: {}, sections: { anyKey: {} } } },
    incidents: {
      keys: {
        attachWindow: duration,
        autoOpen: {},
        autoOpenChecks: { items: {} },
      },
    },
  },
};
