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
    alerting: {
      keys: {
        firingAfter: {},
        resolvingAfter: {},
        checks: { anyKey: { keys: { firingAfter: {}, resolvingAfter: {} } } },
        groupWait: {
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
        groupInterval: {
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
        repeat: {
          keys: {
            initial: {
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
            multiplier: {},
            max: {
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
          },
        },
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
        delivery: {
          keys: {
            maxAttempts: {},
            initialBackoff: {
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
            maxBackoff: {
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
          },
        },
      },
    },
    access: {
      keys: {
        cacheTtl: {
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
        indexTtl: {
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
      },
    },
    actions: { keys: { allowedServices: { items: {} } } },
    catchUp: {
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
      },
    },
    retention: {
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
          restrict: { keys: { days: { items: {} }, from: {}, to: {} } },
          layers: {
            items: {
              keys: {
                name: {},
                members: { items: {} },
                rotation: {},
                handoffTime: {},
                handoffDay: {},
                start: {},
                restrict: { keys: { days: { items: {} }, from: {}, to: {} } },
              },
            },
          },
          overrides: { items: { keys: { from: {}, to: {}, user: {} } } },
        },
      },
    },
    acknowledge: {
      keys: {
        ttl: {
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
        secret: {},
      },
    },
    escalation: {
      keys: {
        defaultPolicy: {},
        policies: {
          items: {
            keys: {
              name: {},
              levels: {
                items: {
                  keys: {
                    targets: { items: {} },
                    delay: {
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
                  },
                },
              },
              owners: { items: {} },
            },
          },
        },
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
      },
    },
    runbook: { keys: { defaultUrl: {}, sections: { anyKey: {} } } },
    incidents: {
      keys: {
        attachWindow: {
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
        autoOpen: {},
      },
    },
  },
};
