import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Ops Health: checks of catalog entities, alerts, notifications and incidents. The AWS checks' sections (aws, cost, replication, backup) are declared by @ops-health/backstage-plugin-ops-health-backend-module-aws. */
  opsHealth?: {
    /** Alerting: how check results become alerts and when they are sent. */
    alerting?: {
      /** Consecutive failing evaluations before an alert fires (no flapping). Default: 2. A check that declares its own (the cost check: 1) keeps it; set alerting.checks.<id>.firingAfter to change that one. */
      firingAfter?: number;
      /** Consecutive healthy evaluations before a firing alert resolves. Default: 2. */
      resolvingAfter?: number;
      /** Per-check overrides of firingAfter and resolvingAfter, by check id (cost, replication, backup, ...). Default: none. */
      checks?: {
        [checkId: string]: {
          /** Consecutive failing evaluations before this check's alerts fire. Default: the check's own (the cost check's is 1: its figures are settled days, which a second run only repeats), else alerting.firingAfter. */
          firingAfter?: number;
          /** Consecutive healthy evaluations before this check's alerts resolve. Default: alerting.resolvingAfter. */
          resolvingAfter?: number;
        };
      };
      /** How long to wait for more alerts of an entity before sending one message for all of them. Default: 30 seconds. */
      groupWait?: HumanDuration | string;
      /** Minimum time between two messages about the same entity. Default: 5 minutes. */
      groupInterval?: HumanDuration | string;
      /** Re-notification of a still-firing alert, with exponential backoff. */
      repeat?: {
        /** Wait before the first repeat. Default: 1 hour. */
        initial?: HumanDuration | string;
        /** Factor applied to the wait after each repeat. Default: 2. */
        multiplier?: number;
        /** Longest wait between repeats. Default: 24 hours. */
        max?: HumanDuration | string;
      };
    };

    /** Notification channels and their delivery. */
    notifications?: {
      /** Channels alerts are sent to. Default: none (alerts are still recorded and shown). */
      channels?: Array<{
        /** Unique name of the channel, used in logs, the API and the channel test. */
        name: string;
        /** backstage (notifications service, to the entity owner), slack (incoming webhook), webhook (signed JSON POST) or email (through the notifications email processor). */
        type: 'backstage' | 'slack' | 'webhook' | 'email';
        /** Lowest severity sent: info, warning or critical. Default: warning. */
        minSeverity?: 'info' | 'warning' | 'critical';
        /** Only alerts of these checks (cost, replication, backup, ...). Default: all checks. */
        checks?: string[];
        /**
         * Slack incoming-webhook URL, or the webhook channel's target URL. Required for slack and webhook.
         * @visibility secret
         */
        url?: string;
        /**
         * Key for the webhook channel's HMAC-SHA256 signature. Required for webhook.
         * @visibility secret
         */
        signingSecret?: string;
        /** Catalog users or groups to email, besides the entity owner (email channel). Default: none. */
        recipients?: string[];
      }>;
      /** Retries of a failed delivery, with exponential backoff. */
      /** When alerts become messages and the outbox is delivered. Default: every 15 seconds, first after 10 seconds (timeout 5 minutes: a replica that died mid-run holds the task that long). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      delivery?: {
        /** Attempts before a delivery is recorded as failed. Default: 8. */
        maxAttempts?: number;
        /** Wait before the first retry; doubles on each further retry. Default: 30 seconds. */
        initialBackoff?: HumanDuration | string;
        /** Longest wait between retries. Default: 1 hour. */
        maxBackoff?: HumanDuration | string;
        /** Per-request timeout of an outgoing HTTP delivery. Default: 10 seconds. */
        timeout?: HumanDuration | string;
      };
    };

    /** Reads of health (entity pages, portal-wide lists): how they ask the catalog what a caller may see. */
    access?: {
      /** How long what the catalog answered a caller (an entity read, the entities they can see) is kept, per caller. A permission or catalog change reaches health reads within this time; 0 asks the catalog on every read. At most 5 minutes. Default: 10 seconds. */
      cacheTtl?: HumanDuration | string;
      /** How long the index of annotated entities (their annotations, kind and owner, read from the catalog in pages) serves the entity health summaries of callers who may read every catalog entity, before it is read again (the old one serving meanwhile, for at most one more ttl): an annotation change reaches the summary's setup report within this time. 0 reads each entity from the catalog (per caller, for cacheTtl). At most 1 hour. Default: 1 minute. */
      indexTtl?: HumanDuration | string;
    };

    /** Manual actions: the replication test, the backup trigger, check now and channel tests. */
    actions?: {
      /** Service principals (token subjects, e.g. plugin:scaffolder or external:ops-bot) that may run them besides users; a permission policy allows every service, so they are refused unless named here. Default: none. */
      allowedServices?: string[];
    };

    /** Measuring entities that are new in the catalog, or whose Ops Health annotations changed, before their check's next run. */
    catchUp?: {
      /** How often to look for them; each check measures all it finds in one batched run. Default: every 2 minutes, first after 30 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /** History kept in the database. */
    retention?: {
      /** When to delete old history. Default: every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Days of daily cost series to keep; at least cost.historyDays. Default: 400. */
      costDays?: number;
      /** Days of metric samples to keep. Default: 14. */
      metricSampleDays?: number;
      /** Days resolved and cancelled alerts and their events are kept after they ended. Default: 90. */
      resolvedAlertDays?: number;
      /** Days silences are kept after they ended. Default: 90. */
      silenceDays?: number;
      /** Days replication test runs are kept after they finished. Default: 90. */
      canaryRunDays?: number;
      /** Days closed incidents, their timelines and alert links are kept after closing; kept longest. Default: 730. */
      closedIncidentDays?: number;
    };

    /** Contacts shown on every entity, besides its owner and escalation policy. */
    contacts?: {
      /** The primary DevOps contact, shown on every entity's contacts card. Default: none. */
      primary?: {
        /** Name shown for the primary contact; required when primary is set. */
        name?: string;
        /** Email address of the primary contact. Default: none. */
        email?: string;
        /** Chat channel or URL of the primary contact, e.g. https://chat.example.com/devops. Default: none. */
        chat?: string;
      };
    };

    /** Escalation of incidents that nobody moves out of detection. */
    /**
     * On-call schedules, targeted by escalation levels as schedule:<name>.
     * A schedule is one rotation (members, rotation, handoffTime, handoffDay,
     * start on the schedule itself) or several layers, the higher winning
     * while on duty. Default: none.
     */
    schedules?: Array<{
      /** Unique name: letters, digits, '-', '_' or '.'. */
      name: string;
      /** Title shown in the portal. Default: the name. */
      title?: string;
      /** The team (catalog group) the schedule belongs to; its members may take shifts in the portal. */
      team: string;
      /** IANA time zone of hand-off times, duty hours and local override times, e.g. Europe/Berlin. */
      timeZone: string;
      /** Required: members in rotation order, as user refs, e.g. user:default/alice. A member not in the catalog is skipped for the next. */
      members?: string[];
      /** Required: daily or weekly. */
      rotation?: string;
      /** Local time of the hand-off, HH:MM. Default: 09:00. */
      handoffTime?: string;
      /** Weekly rotations: the weekday of the hand-off, e.g. monday. Default: monday. */
      handoffDay?: string;
      /** Required (on the schedule, or on each layer): date YYYY-MM-DD whose hand-off time starts the rotation with the first member; a weekly rotation starting off its hand-off day gives them the days up to the first hand-off. Before it the rotation has nobody on call. */
      start?: string;
      /** Duty hours of a single rotation (with layers, set them on each layer): on call only on these days between from and to (local; to before from runs past midnight). */
      restrict?: {
        /** Weekdays, e.g. [mon, tue, wed, thu, fri]. Default: every day. */
        days?: string[];
        /** HH:MM. */
        from: string;
        /** HH:MM. */
        to: string;
      };
      /** Layers instead of a single rotation; the higher (later) layer wins while on duty. */
      layers?: Array<{
        /** Name shown in the portal. Default: layer <n>. */
        name?: string;
        /** Required: members in rotation order, as user refs, e.g. user:default/alice. A member not in the catalog is skipped for the next. */
        members?: string[];
        /** Required: daily or weekly. */
        rotation?: string;
        /** Local time of the hand-off, HH:MM. Default: 09:00. */
        handoffTime?: string;
        /** Weekly rotations: the weekday of the hand-off, e.g. monday. Default: monday. */
        handoffDay?: string;
        /** Required (on the schedule, or on each layer): date YYYY-MM-DD whose hand-off time starts the rotation with the first member; a weekly rotation starting off its hand-off day gives them the days up to the first hand-off. Before it the rotation has nobody on call. */
        start?: string;
        /** Duty hours: the layer is on call only on these days between from and to (local; to before from runs past midnight). */
        restrict?: {
          /** Weekdays, e.g. [mon, tue, wed, thu, fri]. Default: every day. */
          days?: string[];
          /** HH:MM. */
          from: string;
          /** HH:MM. */
          to: string;
        };
      }>;
      /** Shifts someone takes instead of the rotation; the portal adds its own. */
      overrides?: Array<{
        /** Start: 2026-12-24T18:00 (in the schedule's time zone) or with an offset. */
        from: string;
        /** End, after from. */
        to: string;
        /** The user on call instead, e.g. user:default/dave. */
        user: string;
      }>;
    }>;
    /** One-click acknowledge links in escalation and alert messages. */
    acknowledge?: {
      /** How long a link is good. Default: 12 hours. */
      ttl?: HumanDuration | string;
      /**
       * Key the links are signed with (HMAC-SHA256). Default: a random key the
       * plugin generates once and keeps in its database.
       * @visibility secret
       */
      secret?: string;
    };
    escalation?: {
      /** Policy of entities without the ops-health/escalation-policy annotation. Default: the first policy, or none when there are no policies. */
      defaultPolicy?: string;
      /** Escalation policies, by unique name. Default: none. */
      policies?: Array<{
        /** Unique name, referenced by defaultPolicy and the ops-health/escalation-policy annotation. */
        name: string;
        /** Levels in order (e.g. on-call engineer, DevOps manager, CTO); at least one. */
        levels: Array<{
          /** What the level is, shown with it in the portal and in its messages, e.g. On-call engineer, DevOps manager, CTO. Default: none (Level 1, Level 2, …). */
          name?: string;
          /** Catalog users or groups notified at this level, as full entity refs, e.g. user:default/alice-oncall or group:default/platform-ops, or schedule:<name> for whoever is on call on an on-call schedule when the level is reached. */
          targets: string[];
          /** Time after detection before this level is notified; never shorter than the previous level's. */
          delay: HumanDuration | string;
        }>;
        /** Groups or users (refs; kind group unless given) whose entities may name this policy in the ops-health/escalation-policy annotation; an entity of another owner that names it gets the default policy and a warning on its page. Default: any entity may name it. */
        owners?: string[];
      }>;
      /** How often open incidents are checked for escalation. Default: every 1 minute. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /** Runbook links shown with check results, alerts and incidents. */
    runbook?: {
      /** Runbook URL (or portal path such as /docs/default/component/ops-runbook/) for entities with neither the ops-health/runbook annotation nor a runbook link. Default: none. */
      defaultUrl?: string;
      /** Runbook section anchor by check id (cost, replication, backup, incident); given ones replace the default of that check. Default: cost-overrun-alert, s3-replication-failure, disaster-recovery-backup-failure and incident-response-workflow. */
      sections?: { [checkId: string]: string };
    };

    /** Incidents opened from alerts. */
    incidents?: {
      /** Further alerts of an entity within this window of its open incident attach to that incident instead of opening another. Default: 1 hour. */
      attachWindow?: HumanDuration | string;
      /** Open an incident automatically for a critical alert. Default: true. */
      autoOpen?: boolean;
      /**
       * The checks whose critical alerts open incidents, e.g. [replication, backup]; the others' alerts are sent through the notification channels only (the runbook has a cost overrun notify the DevOps team, not page on call). Their alerts still attach to an incident their entity already has open. Default: every check.
       */
      autoOpenChecks?: string[];
    };
  };
}
