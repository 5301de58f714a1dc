import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import { IncidentPhase, IncidentSeverity, Postmortem } from './workflow';
import { MttaMttr } from './metrics';

/** @internal */
export const INCIDENT_EVENT_TYPES = [
  'created',
  'phase-changed',
  'note',
  'escalated',
  'notification',
  'alert-firing',
  'alert-resolved',
  'postmortem-updated',
  'commander-changed',
  'severity-changed',
] as const;

/** @internal */
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** @internal */
export type Incident = {
  id: string;
  entityRef: string;
  title: string;
  severity: IncidentSeverity;
  phase: IncidentPhase;
  commander?: string;
  /** Bumped on each change; updates send the version they saw. */
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** The first time each phase was reached, kept on a back-step; for closed, the last time. */
  phaseReachedAt: Partial<Record<IncidentPhase, Date>>;
  postmortem?: Postmortem;
  /** The alert that opened the incident automatically. */
  sourceDedupKey?: string;
  /** The escalation policy the incident follows (undefined: none). */
  escalationPolicy?: string;
  /** How many escalation levels were notified (since escalationSince). */
  escalationLevel: number;
  /**
   * When the incident last returned to detection (a back-step or a reopen):
   * escalation starts again from level 1, its delays counted from here.
   * Unset: since it was first detected.
   */
  escalationSince?: Date;
};

/** @internal */
export type IncidentEvent = {
  id: number;
  incidentId: string;
  at: Date;
  actor: string;
  type: IncidentEventType;
  fromPhase?: IncidentPhase;
  toPhase?: IncidentPhase;
  note?: string;
  data?: Record<string, unknown>;
};

/** @internal */
export type IncidentAlertLink = {
  dedupKey: string;
  /** When it was linked, or linked again when it fired again after resolving. */
  linkedAt: Date;
  /** When the timeline recorded the alert resolving; unset while firing. */
  resolvedAt?: Date;
};

/** An alert linked to an open incident, for the automation. @internal */
export interface OpenIncidentAlertLink extends IncidentAlertLink {
  incidentId: string;
}

/** @internal */
export type IncidentDetails = Incident & {
  /** Oldest first: the newest page of the timeline (all of it unless limited). */
  events: IncidentEvent[];
  /** Events on the whole timeline. */
  eventCount: number;
  alerts: IncidentAlertLink[];
};

/**
 * A page of an incident's timeline: the newest `limit` events, or those
 * before the event `before` (its id).
 *
 * @internal
 */
export type TimelinePage = { limit: number; before?: number };

/** @internal */
export type NewIncidentEvent = Omit<IncidentEvent, 'id' | 'incidentId'>;

/**
 * Incidents and their workflow. Every change that bumps the version is a
 * compare-and-set on the version the caller saw: a stale one is a
 * ConflictError and changes nothing.
 *
 * @internal
 */
export interface IncidentStore {
  create(options: {
    id?: string;
    entityRef: string;
    title: string;
    severity: IncidentSeverity;
    commander?: string;
    createdBy: string;
    sourceDedupKey?: string;
    escalationPolicy?: string;
    /** The first note, written with the incident. */
    note?: string;
    /**
     * The declaring request's Idempotency-Key: unique per `createdBy`
     * (IncidentCreateKeyTakenError when that person already declared an
     * incident with it).
     */
    createKey?: string;
    /** A fingerprint of what the declaring request asked, kept with the key. */
    createRequest?: string;
    now: Date;
  }): Promise<Incident>;

  /**
   * The incident `createdBy` declared with the Idempotency-Key `createKey`,
   * and the fingerprint of the request that declared it.
   */
  findByCreateKey(
    createdBy: string,
    createKey: string,
  ): Promise<{ incident: Incident; request?: string } | undefined>;

  /** The incident; `events` limits its timeline to the newest page. */
  get(
    id: string,
    options?: { events?: Pick<TimelinePage, 'limit'> },
  ): Promise<IncidentDetails | undefined>;
  /**
   * A page of the timeline, oldest first: the newest `limit` events before
   * the cursor; undefined when the cursor is not one of the incident's
   * events.
   */
  listEvents(
    id: string,
    page: TimelinePage,
  ): Promise<{ events: IncidentEvent[]; totalCount: number } | undefined>;

  /** Newest first. */
  list(options: {
    entityRef?: string;
    /** Only incidents of these entities. */
    entityRefs?: string[];
    phases?: IncidentPhase[];
    limit: number;
  }): Promise<Incident[]>;
  /** A page of {@link IncidentStore.list}, with how many match in all. */
  page(options: {
    entityRefs: string[];
    phases?: IncidentPhase[];
    limit: number;
    offset: number;
  }): Promise<{ items: Incident[]; totalCount: number }>;
  /** The entities with incidents in these phases, or detected in the period. */
  listIncidentEntityRefs(options: {
    phases?: IncidentPhase[];
    detectedFrom?: Date;
    detectedTo?: Date;
  }): Promise<string[]>;

  /**
   * Moves the incident to another phase; see checkTransition. Whatever
   * `inTransaction` writes commits with the move, or neither does.
   */
  transition(
    id: string,
    options: {
      to: IncidentPhase;
      expectedVersion: number;
      actor: string;
      note?: string;
      now: Date;
      inTransaction?: (tx: Knex.Transaction) => Promise<void>;
    },
  ): Promise<Incident>;

  /**
   * Adds a note to the timeline. Notes do not bump the version (they never
   * conflict), but an expectedVersion, when sent, is checked.
   */
  addNote(
    id: string,
    options: {
      note: string;
      actor: string;
      expectedVersion?: number;
      now: Date;
    },
  ): Promise<IncidentEvent>;

  /**
   * Changes the commander and/or the severity. Each field that changes is a
   * timeline event (`commander-changed`, `severity-changed`) with the old and
   * new value in `data` and the note; a field equal to the current value
   * changes nothing. `commander: null` removes the commander.
   */
  update(
    id: string,
    options: {
      commander?: string | null;
      severity?: IncidentSeverity;
      note?: string;
      actor: string;
      expectedVersion: number;
      now: Date;
      /**
       * Runs in the transaction of the change, with the incident after it,
       * when the commander changed (e.g. writes the message to the outbox).
       */
      onCommanderChange?: (
        tx: Knex.Transaction,
        incident: Incident,
      ) => Promise<void>;
    },
  ): Promise<Incident>;

  /** Only in lessons-learned or later. */
  updatePostmortem(
    id: string,
    options: {
      postmortem: Postmortem;
      actor: string;
      expectedVersion: number;
      now: Date;
    },
  ): Promise<Incident>;

  /**
   * Links an alert, or marks a linked alert that had resolved as firing
   * again; false when it was already linked and firing. With `firedAt` (the
   * alert's own firing), a link made before it is linked again too: the
   * alert resolved and fired again between two looks. With `event`, the
   * event is added in the same transaction when the link changed.
   */
  linkAlert(
    id: string,
    dedupKey: string,
    now: Date,
    event?: NewIncidentEvent,
    firedAt?: Date,
  ): Promise<boolean>;

  /**
   * Records a linked alert as resolved; false when it already was (another
   * replica did it). With `event`, the event is added in the same transaction
   * when it changed; with `allResolvedEvent`, that one too when it was the
   * incident's last linked alert still firing.
   */
  markAlertResolved(
    id: string,
    dedupKey: string,
    now: Date,
    event?: NewIncidentEvent,
    allResolvedEvent?: NewIncidentEvent,
  ): Promise<boolean>;

  /**
   * Whether the alert was linked (or linked again, firing again) to any
   * incident (closed ones too) since.
   */
  wasLinkedSince(dedupKey: string, since: Date): Promise<boolean>;

  /** The linked alerts of every incident that is not closed. */
  listOpenAlertLinks(): Promise<OpenIncidentAlertLink[]>;

  /**
   * Moves an incident still in detection from escalation level `fromLevel`
   * to `toLevel`, once across replicas: false when it is no longer in
   * detection, another replica escalated first, or someone changed the
   * incident since the engine read it (the next run looks again). The event and whatever
   * `inTransaction` writes (the notification) commit together with it.
   */
  escalate(
    id: string,
    options: {
      /** The version the engine read: a change since then skips this run. */
      expectedVersion: number;
      fromLevel: number;
      toLevel: number;
      event: NewIncidentEvent;
      inTransaction?: (tx: Knex.Transaction) => Promise<void>;
    },
  ): Promise<boolean>;

  addEvent(id: string, event: NewIncidentEvent): Promise<IncidentEvent>;

  /** The newest incident the alert opened that is not closed. */
  findOpenBySourceDedupKey(dedupKey: string): Promise<Incident | undefined>;

  /**
   * Incidents of the entities not closed and created at or after since,
   * newest first: one read for any number of entities.
   */
  findOpenForEntities(entityRefs: string[], since: Date): Promise<Incident[]>;

  /** MTTA and MTTR over the incidents detected in [from, to). */
  metrics(options: {
    entityRef?: string;
    /** Only incidents of these entities. */
    entityRefs?: string[];
    from: Date;
    to: Date;
  }): Promise<MttaMttr>;
}

/**
 * Thrown when the person declaring an incident already declared one with
 * the same Idempotency-Key. @internal
 */
export class IncidentCreateKeyTakenError extends ConflictError {
  constructor(readonly createKey: string) {
    super(`An incident was already declared with the key ${createKey}`);
  }
}
