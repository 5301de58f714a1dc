// GENERATED FILE, DO NOT EDIT: run `yarn generate:openapi` in
// plugins/ops-health-backend after changing its src/schema/openapi.yaml.

/** @public */
export interface paths {
  '/entities/{kind}/{namespace}/{name}/setup': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Which Ops Health annotations the entity has, which checks they enable, which values are malformed and a catalog-info.yaml snippet with the annotations still to add. */
    get: operations['GetEntitySetup'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The entity's health summary: the latest result of every check and subject, each with its time of measurement and a stale flag, the overall status, and the setup report. Read from the database only. Results leave out their check-specific details unless `details=true`; each check's route has them with its history. */
    get: operations['GetEntityHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/checks/{checkId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One check of the entity in detail: its results (with check-specific details: cost drivers, replication rules, backups and the restore point) and its stored history (daily cost series, metric samples). */
    get: operations['GetEntityCheck'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/checks/{checkId}/measure': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Measures the check of the entity now, as its schedule would, and evaluates its alerts: "check now" after a fix. Allowed to whoever may trigger Ops Health actions on the entity (ops-health.action.trigger), once a minute per entity and check and 10 times a minute per caller, counted across the replicas (429 with Retry-After); waits up to 30 s for a running collection of the check (409 after that); 400 when the check does not apply to the entity; 503 when the measurement did not finish within 2 minutes. */
    post: operations['MeasureEntityCheck'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/replication/canary': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The latest replication test run per source bucket of the entity. */
    get: operations['GetReplicationCanaryRuns'];
    put?: never;
    /** Starts a replication test: a probe object is written to each source bucket of the entity (or the one given) and the destinations are polled until it appears or the configured timeout passes. Answers 202 with the started runs; 409 with the running run when a test of the bucket is already running. */
    post: operations['StartReplicationCanary'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/backup/trigger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Invokes the entity's backup function (ops-health/backup-lambda) asynchronously. Each function at most once per `opsHealth.backup.triggerInterval` (default 15 minutes), on all replicas together: sooner is a 429 with `Retry-After`, naming who triggered it and when. */
    post: operations['TriggerBackup'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Check results across the catalog, filterable by status and check, paged. Only entities the caller can see in the catalog are listed. Results leave out their check-specific details unless `details=true`; one entity's are on its check route. */
    get: operations['ListHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/checks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per check, over the entities the caller can see: when it last measured something, its last collection error, and how many results are in each status. */
    get: operations['GetCheckSummary'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Alerts, newest first: open ones by default. Silenced alerts are listed with `silenced: true`. Only entities the caller can see; an entity (`entityRef`) the caller cannot see is a 404. Paged: `limit` and `offset`, and `totalCount` of all that match. */
    get: operations['ListAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/silences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Silences of the entities the caller can see, newest first, paged; `active=true` for those in force now, `entityRef` for one entity's (404 when the caller cannot see it). */
    get: operations['ListSilences'];
    put?: never;
    /** Silences alerts by dedup key or by entity and check until `expiresAt` (or for `duration`). Silenced alerts are still recorded and shown, only not sent. With an `Idempotency-Key` header, the same key from the same caller again (a double click, a retry after a timeout, the same request sent twice at once) answers 200 with the silence it created, not a second silence. */
    post: operations['CreateSilence'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/silences/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Ends a silence now. */
    delete: operations['ExpireSilence'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/channels': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The configured notification channels (never their secrets). */
    get: operations['ListChannels'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/channels/{name}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sends a test message through one channel right away and reports success or the error. A channel is sent at most 3 test messages a minute and a caller may send 5 (counted across the replicas); over that, 429 with Retry-After. */
    post: operations['TestChannel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Incidents, newest first, of the entities the caller can see; optionally of one entity, of some owners' entities and in some phases. Paged: `limit` and `offset`, and `totalCount` of all that match. */
    get: operations['ListIncidents'];
    put?: never;
    /** Declares an incident on an entity, in `detection`. Needs `ops-health.incident.create` on the entity. With an `Idempotency-Key` header, the same key from the same caller again (a double click, a retry after a timeout, the same request sent twice at once) answers 200 with the incident it declared, not a second incident. */
    post: operations['CreateIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** An incident with the newest page of its timeline (`eventCount` tells how many events it has in all; older pages come from `/incidents/{id}/events`), linked alerts and allowed moves. */
    get: operations['GetIncident'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Changes the commander (a user in the catalog; null removes it) and/or the severity. Each change is a timeline event with the note. `version` is the version the caller saw: a stale one is a 409. Needs `ops-health.incident.update`. */
    patch: operations['UpdateIncident'];
    trace?: never;
  };
  '/incidents/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A page of an incident's timeline, oldest first: the newest `limit` events, or those before the event `before`. */
    get: operations['ListIncidentEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/incidents/{id}/transition': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Moves the incident to another phase. `version` is the version the caller saw: a stale one is a 409. A move that is not allowed is a 409 naming the allowed ones. Needs `ops-health.incident.update`. */
    post: operations['TransitionIncident'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/incidents/{id}/notes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Adds a note to the timeline. With `version`, a stale version is a 409. Needs `ops-health.incident.update`. */
    post: operations['AddIncidentNote'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/incidents/{id}/postmortem': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Writes the post-mortem (from lessons-learned on). Closing the incident needs it complete. Once closed it keeps what it closed with: its sections and action items (matched by text) stay; items may be marked done, reassigned, rescheduled or added, and anything else is a 409 (move the incident back to lessons-learned to rework it). The timeline event says what changed. Needs `ops-health.incident.update`. */
    put: operations['UpdateIncidentPostmortem'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** MTTA (detection to assessment) and MTTR (detection to recovery) of the incidents detected in [from, to), portal-wide, for one entity or for the entities of some owners. Defaults to the last 30 days. */
    get: operations['GetIncidentMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/contacts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who to call about the entity: its owner from the catalog, the escalation chain resolved to people, and the primary contact. */
    get: operations['GetEntityContacts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/entities/{kind}/{namespace}/{name}/runbook': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The runbook of the entity, with the section anchor of a check (the `ops-health/runbook` annotation, else a `metadata.links` entry of type `runbook`, else the configured default). 404 when there is none. */
    get: operations['GetEntityRunbook'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The on-call schedules: who is on call now and next, the shifts of the coming days, the overrides and the members missing from the catalog. */
    get: operations['ListSchedules'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One on-call schedule, from now. */
    get: operations['GetSchedule'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{name}/overrides': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** The caller takes a shift ("I take Tuesday"): from `from` to `to` they are on call instead of the rotation, and escalation pages them. For members of the schedule's team or rotation with the `ops-health.schedule.override` permission; audited. */
    post: operations['CreateScheduleOverride'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/schedules/{name}/overrides/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Gives back a shift taken from the portal (team members; audited). */
    delete: operations['DeleteScheduleOverride'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Uses a one-click acknowledge link from a notification: the signed-in caller, who must be the user the link was sent to, moves its incident from detection to assessment. A damaged or forged link (400), one sent to someone else or expired (403) and one already used (409) are refused with `reason` and leave an auditor event. */
    post: operations['AcknowledgeFromLink'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
/** @public */
export type webhooks = Record<string, never>;
/** @public */
export interface components {
  schemas: {
    Error: {
      error: {
        name: string;
        message: string;
      };
      request?: {
        method?: string;
        url?: string;
      };
      response?: {
        statusCode?: number;
      };
    };
    /** The id of an installed check, e.g. cost, replication or backup; checks added by modules have their own. */
    CheckId: string;
    /**
     * A check that the Ops Health annotations configure.
     */
    BuiltInCheckId: 'cost' | 'replication' | 'backup';
    AnnotationProblem: {
      annotation: string;
      value: string;
      message: string;
    };
    SetupReport: {
      entityRef: string;
      status: 'configured' | 'partial' | 'not-configured' | 'misconfigured';
      annotations: {
        key:
          | 'awsAccountId'
          | 'costTags'
          | 'costInsightsTags'
          | 'costDailyThreshold'
          | 'costMonthlyThreshold'
          | 's3Replication'
          | 'backupS3'
          | 'backupResourceArn'
          | 'backupLambda'
          | 'backupMaxAge'
          | 'runbook'
          | 'escalationPolicy';
        annotation: string;
        state: 'set' | 'missing' | 'invalid';
        value?: string;
        message?: string;
        /** What the annotation means. Static text, the same for every entity: the setup route has it; the entity health summary leaves it out (the common package's OPS_HEALTH_ANNOTATION_DOCS holds it). */
        description?: string;
        /** An example value. Static, like description: the setup route has it, the entity health summary leaves it out. */
        example?: string;
        check?: components['schemas']['BuiltInCheckId'];
      }[];
      checks: {
        id: components['schemas']['BuiltInCheckId'];
        configured: boolean;
        missing: string[];
      }[];
      problems: components['schemas']['AnnotationProblem'][];
      snippet: string;
    };
    CheckStatus: 'ok' | 'warning' | 'critical' | 'unknown' | 'misconfigured';
    CheckResult: {
      entityRef: string;
      checkId: string;
      subject: string;
      status: components['schemas']['CheckStatus'];
      value?: number;
      threshold?: number;
      unit?: string;
      /** What is wrong (or right) in at most 90 characters, for rows, lists and notification titles. */
      headline: string;
      /** The full explanation. */
      message: string;
      details?: {
        [key: string]: unknown;
      };
      runbookSection?: string;
      /** Format: date-time */
      measuredAt: string;
      stale: boolean;
      error?: string;
      /** Format: date-time */
      errorAt?: string;
    };
    EntityHealth: {
      entityRef: string;
      status:
        | 'ok'
        | 'warning'
        | 'critical'
        | 'unknown'
        | 'misconfigured'
        | 'not-configured';
      checks: components['schemas']['CheckResult'][];
      setup: components['schemas']['SetupReport'];
      /** Configured checks with no result yet, and when their first measurement is due. */
      pending: {
        checkId: string;
        /**
         * Format: date-time
         * When the next catch-up pass, which measures it, is due; absent when catch-up passes run only when triggered (opsHealth.catchUp.schedule with a manual trigger).
         */
        dueBy?: string;
      }[];
    };
    DailyCost: {
      day: string;
      amount: number;
      unit: string;
      estimated: boolean;
    };
    MetricSample: {
      subject: string;
      metric: string;
      /** Format: date-time */
      timestamp: string;
      value: number;
    };
    CheckDetail: {
      entityRef: string;
      checkId: components['schemas']['CheckId'];
      results: components['schemas']['CheckResult'][];
      dailyCosts?: components['schemas']['DailyCost'][];
      metricSamples?: components['schemas']['MetricSample'][];
    };
    CanaryRun: {
      id: string;
      bucket: string;
      entityRef: string;
      status: 'running' | 'ok' | 'warning' | 'critical' | 'error';
      createdBy: string;
      progress?: string;
      result?: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      startedAt: string;
      /** Format: date-time */
      finishedAt?: string;
    };
    CanaryRuns: {
      runs: components['schemas']['CanaryRun'][];
    };
    BackupTrigger: {
      functionName: string;
      statusCode: number;
      requestId?: string;
      /** Format: date-time */
      invokedAt: string;
    };
    HealthList: {
      items: components['schemas']['CheckResult'][];
      totalCount: number;
      limit: number;
      offset: number;
    };
    Alert: {
      id: string;
      dedupKey: string;
      entityRef: string;
      checkId: string;
      subject: string;
      state: 'pending' | 'firing' | 'resolved' | 'cancelled';
      severity: 'warning' | 'critical';
      value?: number;
      threshold?: number;
      unit?: string;
      /** The last result's headline, at most 90 characters. */
      headline: string;
      message: string;
      runbookSection?: string;
      /** Format: date-time */
      firstSeen: string;
      /** Format: date-time */
      lastSeen: string;
      /** Format: date-time */
      firedAt?: string;
      /** Format: date-time */
      resolvedAt?: string;
      notifyCount: number;
      /** Format: date-time */
      lastNotifiedAt?: string;
      /** Format: date-time */
      nextNotifyAt?: string;
      silenced: boolean;
    };
    AlertList: {
      items: components['schemas']['Alert'][];
      /** How many match the filter in all, across pages. */
      totalCount: number;
      limit: number;
      offset: number;
    };
    Silence: {
      id: string;
      dedupKey?: string;
      entityRef?: string;
      checkId?: string;
      reason: string;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      expiresAt: string;
      /** Format: date-time */
      expiredAt?: string;
      expiredBy?: string;
    };
    SilenceList: {
      items: components['schemas']['Silence'][];
      totalCount: number;
      limit: number;
      offset: number;
    };
    Channel: {
      name: string;
      type: string;
      minSeverity: string;
      checks?: string[];
    };
    IncidentPhase:
      | 'detection'
      | 'assessment'
      | 'containment'
      | 'eradication'
      | 'recovery'
      | 'lessons-learned'
      | 'closed';
    IncidentSeverity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
    Postmortem: {
      summary?: string;
      impact?: string;
      rootCause?: string;
      actionItems?: {
        text: string;
        owner: string;
        /** YYYY-MM-DD */
        dueDate?: string;
        done?: boolean;
      }[];
      /** The monitoring rules to change (Markdown). */
      monitoringChanges?: string;
    };
    Incident: {
      id: string;
      entityRef: string;
      title: string;
      severity: components['schemas']['IncidentSeverity'];
      phase: components['schemas']['IncidentPhase'];
      commander?: string;
      version: number;
      createdBy: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
      /** When each phase was reached. Up to eradication the first time (the first response counts for MTTA); recovery, lessons-learned and closed the last time, and a move back before them (a reopen) clears them, so a reopened incident counts as recovered and closed only when it is again. */
      phaseReachedAt: {
        [key: string]: string;
      };
      postmortem?: components['schemas']['Postmortem'];
      sourceDedupKey?: string;
      escalationPolicy?: string;
      /** Escalation levels notified since the incident was detected, or since escalationSince. */
      escalationLevel: number;
      /** What the configuration calls the escalation level reached (`DevOps manager`), when it names it (opsHealth.escalation.policies[].levels[].name). */
      escalationLevelName?: string;
      /**
       * Format: date-time
       * When the incident last returned to detection (a back-step or a reopen): escalation started again from level 1, its delays counted from here.
       */
      escalationSince?: string;
    };
    IncidentEvent: {
      id: number;
      incidentId: string;
      /** Format: date-time */
      at: string;
      actor: string;
      type:
        | 'created'
        | 'phase-changed'
        | 'note'
        | 'escalated'
        | 'notification'
        | 'alert-firing'
        | 'alert-resolved'
        | 'postmortem-updated'
        | 'commander-changed'
        | 'severity-changed';
      fromPhase?: components['schemas']['IncidentPhase'];
      toPhase?: components['schemas']['IncidentPhase'];
      note?: string;
      /** Details of the event, e.g. the escalation level, its targets and channels, the dedup key of a linked alert, or the phases a phase change forward went through on the way (`skipped`, each recorded as reached in `phaseReachedAt`), or what a post-mortem update changed (`changes`, e.g. `root cause`, `action item 'Add an alarm' done`). */
      data?: {
        [key: string]: unknown;
      };
    };
    IncidentDetails: components['schemas']['Incident'] & {
      /** The newest page of the timeline, oldest first. */
      events: components['schemas']['IncidentEvent'][];
      /** Events on the whole timeline. */
      eventCount: number;
      alerts: {
        dedupKey: string;
        /**
         * Format: date-time
         * When the alert was linked, or linked again when it fired again after resolving.
         */
        linkedAt: string;
        /** Format: date-time */
        resolvedAt?: string;
      }[];
      allowedTransitions: {
        to: components['schemas']['IncidentPhase'];
        direction: 'forward' | 'backward';
        requiresNote: boolean;
        requiresPostmortem: boolean;
      }[];
      /** What the post-mortem lacks before the incident can close. */
      missingPostmortem: string[];
    };
    IncidentList: {
      items: components['schemas']['Incident'][];
      /** How many match the filter in all, across pages. */
      totalCount: number;
      limit: number;
      offset: number;
    };
    IncidentMetrics: {
      entityRef?: string;
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      mttaMs?: number;
      mttrMs?: number;
      acknowledgedCount: number;
      recoveredCount: number;
      incidentCount: number;
    };
    Contact: {
      entityRef: string;
      kind: string;
      displayName: string;
      email?: string;
      chat?: string;
      missing?: boolean;
      emailFrom?: string;
      members?: components['schemas']['Contact'][];
    };
    Contacts: {
      entityRef: string;
      owner?: components['schemas']['Contact'];
      escalation: {
        policy?: string;
        error?: string;
        levels: {
          level: number;
          /** What the level is, e.g. On-call engineer, when config names it. */
          name?: string;
          delayMs: number;
          targets: components['schemas']['Contact'][];
        }[];
      };
      primary?: {
        name: string;
        email?: string;
        chat?: string;
      };
      /** Who is on call now and next on the schedules that concern the entity: those its escalation levels target, then its owning team's. */
      onCall?: components['schemas']['OnCall'][];
    };
    SchedulePerson: {
      entityRef: string;
      displayName: string;
      email?: string;
      /** Not in the catalog; the rotation skips them. */
      missing?: boolean;
    };
    ScheduleShift: {
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      person?: components['schemas']['SchedulePerson'];
      layer?: string;
      overrideId?: string;
      /** Members whose turn it was but who are not in the catalog. */
      skipped: string[];
      /** The shift goes on past `to`, which is where the schedule was read to, not a hand-off (e.g. a rotation of one member). */
      openEnded?: boolean;
      /** The shift began before `from`, which is where the schedule was read from (8 days before now), not a hand-off (e.g. a rotation of one member, a long override). */
      openStart?: boolean;
    };
    ScheduleOverride: {
      id: string;
      person: components['schemas']['SchedulePerson'];
      /** Format: date-time */
      from: string;
      /** Format: date-time */
      to: string;
      source: 'config' | 'portal';
      createdBy?: string;
      /** Format: date-time */
      createdAt?: string;
      note?: string;
    };
    /** Who is on call on a schedule now and next. */
    OnCall: {
      name: string;
      title?: string;
      team: string;
      timeZone: string;
      current?: components['schemas']['ScheduleShift'];
      next?: components['schemas']['ScheduleShift'];
      missing: string[];
    };
    Schedule: {
      name: string;
      title?: string;
      team: string;
      timeZone: string;
      layers: {
        name: string;
        rotation: 'daily' | 'weekly';
        handoff: string;
        restriction?: string;
        members: components['schemas']['SchedulePerson'][];
      }[];
      current?: components['schemas']['ScheduleShift'];
      next?: components['schemas']['ScheduleShift'];
      shifts: components['schemas']['ScheduleShift'][];
      overrides: components['schemas']['ScheduleOverride'][];
      missing: string[];
    };
    Runbook: {
      url: string;
      source: 'annotation' | 'link' | 'config';
      section?: string;
    };
    CheckSummary: {
      checkId: string;
      /** Format: date-time */
      lastMeasuredAt?: string;
      lastError?: string;
      /** Format: date-time */
      lastErrorAt?: string;
      entityCount: number;
      staleCount: number;
      statusCounts: {
        [key: string]: number;
      };
    };
  };
  responses: {
    /** An error. */
    ErrorResponse: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: {
    scheduleName: string;
    kind: string;
    namespace: string;
    name: string;
    incidentId: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
/** @public */
export type $defs = Record<string, never>;
/** @public */
export interface operations {
  GetEntitySetup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The setup report. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SetupReport'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetEntityHealth: {
    parameters: {
      query?: {
        details?: boolean;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The health summary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EntityHealth'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetEntityCheck: {
    parameters: {
      query?: {
        /** UTC days of history to return, ending with today (partial), today included (default 30, at most 400). */
        days?: number;
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        checkId: components['schemas']['CheckId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The check detail. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckDetail'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  MeasureEntityCheck: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
        checkId: components['schemas']['CheckId'];
      };
      cookie?: never;
    };
    /** None; a body with any field is refused (400) rather than ignored. */
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** The check's results of the entity, as measured now. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            results: components['schemas']['CheckResult'][];
          };
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
      503: components['responses']['ErrorResponse'];
    };
  };
  GetReplicationCanaryRuns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The runs. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CanaryRuns'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  StartReplicationCanary: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': {
          /** One of the entity's source buckets; all of them when omitted. */
          bucket?: string;
        };
      };
    };
    responses: {
      /** The started runs. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CanaryRuns'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  TriggerBackup: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    /** None; a body with any field is refused (400) rather than ignored. */
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** The function was invoked. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BackupTrigger'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
    };
  };
  ListHealth: {
    parameters: {
      query?: {
        details?: boolean;
        status?: components['schemas']['CheckStatus'][];
        check?: components['schemas']['CheckId'][];
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** A page of results. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
    };
  };
  GetCheckSummary: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The summary. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['CheckSummary'][];
          };
        };
      };
      401: components['responses']['ErrorResponse'];
    };
  };
  ListAlerts: {
    parameters: {
      query?: {
        /** Only the alerts of this entity (an entity ref such as component:default/x). */
        entityRef?: string;
        state?: ('pending' | 'firing' | 'resolved' | 'cancelled')[];
        /** Alerts a page (default 100). */
        limit?: number;
        /** Alerts to skip (the page's start); `totalCount` says how many match in all. */
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The alerts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AlertList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListSilences: {
    parameters: {
      query?: {
        active?: boolean;
        entityRef?: string;
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The silences. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SilenceList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  CreateSilence: {
    parameters: {
      query?: never;
      header?: {
        /** A key the client makes for each silence it creates, e.g. a UUID: 1 to 255 visible ASCII characters. Reused with a request that differs in any field (matcher, reason, expiresAt, duration): 409. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          dedupKey?: string;
          entityRef?: string;
          checkId?: string;
          reason: string;
          /** Format: date-time */
          expiresAt?: string;
          /** A duration such as 2h or 30m, instead of expiresAt. */
          duration?: string;
        };
      };
    };
    responses: {
      /** The silence the same Idempotency-Key created earlier (the response has the header `Idempotent-Replayed: true`). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      /** The silence. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  ExpireSilence: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The expired silence. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Silence'];
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListChannels: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The channels. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            channels: components['schemas']['Channel'][];
          };
        };
      };
      401: components['responses']['ErrorResponse'];
    };
  };
  TestChannel: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    /** None; a body with any field is refused (400) rather than ignored. */
    requestBody?: {
      content: {
        'application/json': Record<string, never>;
      };
    };
    responses: {
      /** The outcome of the test. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            channel: string;
            ok: boolean;
            error?: string;
            /** Who the test message was addressed to (the caller, when a user), for channels that address people. */
            recipients: string[];
            /** Where the message went, in words, e.g. "email to user:default/alice" or "the Slack webhook at hooks.slack.com". */
            destination: string;
            durationMs: number;
          };
        };
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      429: components['responses']['ErrorResponse'];
    };
  };
  ListIncidents: {
    parameters: {
      query?: {
        entityRef?: string;
        phase?: components['schemas']['IncidentPhase'][];
        /** Only incidents of entities owned by one of these users or groups (entity refs; a bare name is a group in the default namespace). */
        owner?: string[];
        /** true, only incidents that are not closed; false, only closed ones. Not with `phase`. */
        open?: boolean;
        /** Incidents a page (default 100). */
        limit?: number;
        /** Incidents to skip (the page's start); `totalCount` says how many match in all. */
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The incidents. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentList'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  CreateIncident: {
    parameters: {
      query?: never;
      header?: {
        /** A key the client makes for each incident it declares, e.g. a UUID: 1 to 255 visible ASCII characters. Reused with a request that differs in any field (entity, title, severity, commander, note): 409. */
        'Idempotency-Key'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          entityRef: string;
          title: string;
          severity: components['schemas']['IncidentSeverity'];
          /** Entity ref of the incident commander (leave it out for none). */
          commander?: string;
          note?: string;
        };
      };
    };
    responses: {
      /** The incident the same Idempotency-Key declared earlier (the response has the header `Idempotent-Replayed: true`). */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      /** The incident. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  GetIncident: {
    parameters: {
      query?: {
        /** Timeline events to include, the newest. Default 200. */
        eventLimit?: number;
      };
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The incident. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentDetails'];
        };
      };
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  UpdateIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          version: number;
          /** Entity ref of a user, e.g. user:default/jane. */
          commander?: string | null;
          severity?: components['schemas']['IncidentSeverity'];
          note?: string;
        };
      };
    };
    responses: {
      /** The incident after the change. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  ListIncidentEvents: {
    parameters: {
      query?: {
        /** The id of the oldest event already shown. */
        before?: number;
        limit?: number;
      };
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The page. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['IncidentEvent'][];
            /** Events on the whole timeline. */
            totalCount: number;
          };
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  TransitionIncident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          to: components['schemas']['IncidentPhase'];
          version: number;
          note?: string;
        };
      };
    };
    responses: {
      /** The incident after the move. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  AddIncidentNote: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          note: string;
          version?: number;
        };
      };
    };
    responses: {
      /** The timeline event. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentEvent'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  UpdateIncidentPostmortem: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: components['parameters']['incidentId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          version: number;
          postmortem: components['schemas']['Postmortem'];
        };
      };
    };
    responses: {
      /** The incident with its post-mortem. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Incident'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  GetIncidentMetrics: {
    parameters: {
      query?: {
        entityRef?: string;
        /** Only incidents of entities owned by one of these users or groups (entity refs; a bare name is a group in the default namespace). */
        owner?: string[];
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The metrics. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IncidentMetrics'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetEntityContacts: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The contacts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Contacts'];
        };
      };
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  GetEntityRunbook: {
    parameters: {
      query?: {
        /** An installed check (or a part of one), or `incident` for the incident section. */
        checkId?: components['schemas']['CheckId'];
      };
      header?: never;
      path: {
        kind: components['parameters']['kind'];
        namespace: components['parameters']['namespace'];
        name: components['parameters']['name'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The runbook link. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Runbook'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  ListSchedules: {
    parameters: {
      query?: {
        /** How many days of shifts, from now (1 to 92, default 14). */
        days?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The schedules. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            items: components['schemas']['Schedule'][];
          };
        };
      };
      401: components['responses']['ErrorResponse'];
    };
  };
  GetSchedule: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: never;
      path: {
        name: components['parameters']['scheduleName'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** The schedule. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Schedule'];
        };
      };
      401: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  CreateScheduleOverride: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['scheduleName'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** ISO 8601 with an offset, e.g. 2026-12-08T08:00:00Z. */
          from: string;
          to: string;
          note?: string;
        };
      };
    };
    responses: {
      /** The override. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ScheduleOverride'];
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
    };
  };
  DeleteScheduleOverride: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: components['parameters']['scheduleName'];
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** Removed. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
  AcknowledgeFromLink: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** The incident, and whether this link acknowledged it. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            acknowledged: boolean;
            alreadyBy?: string;
            incident: components['schemas']['Incident'];
            /** The incident's page in the portal. */
            link: string;
          };
        };
      };
      400: components['responses']['ErrorResponse'];
      401: components['responses']['ErrorResponse'];
      403: components['responses']['ErrorResponse'];
      404: components['responses']['ErrorResponse'];
      409: components['responses']['ErrorResponse'];
    };
  };
}
