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
] as const;

/** @internal */
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** @internal */
export interface Incident {
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
  /** The first time each phase was reached; kept on a back-step. */
  phaseReachedAt: Partial<Record<IncidentPhase, Date>>;
  postmortem?: Postmortem;
  /** The alert that opened the incident automatically. */
  sourceDedupKey?: string;
}

/** @internal */
export interface IncidentEvent {
  id: number;
  incidentId: string;
  at: Date;
  actor: string;
  type: IncidentEventType;
  fromPhase?: IncidentPhase;
  toPhase?: IncidentPhase;
  note?: string;
  data?: Record<string, unknown>;
}

/** @internal */
export interface IncidentAlertLink {
  dedupKey: string;
  linkedAt: Date;
}

/** @internal */
export interface IncidentDetails extends Incident {
  /** Oldest first. */
  events: IncidentEvent[];
  alerts: IncidentAlertLink[];
}

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
    now: Date;
  }): Promise<Incident>;

  get(id: string): Promise<IncidentDetails | undefined>;

  /** Newest first. */
  list(options: {
    entityRef?: string;
    phases?: IncidentPhase[];
    limit: number;
  }): Promise<Incident[]>;

  /** Moves the incident to another phase; see checkTransition. */
  transition(
    id: string,
    options: {
      to: IncidentPhase;
      expectedVersion: number;
      actor: string;
      note?: string;
      now: Date;
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

  /** Links an alert; false when it was already linked. */
  linkAlert(id: string, dedupKey: string, now: Date): Promise<boolean>;

  addEvent(id: string, event: NewIncidentEvent): Promise<IncidentEvent>;

  /** The newest incident the alert opened that is not closed. */
  findOpenBySourceDedupKey(dedupKey: string): Promise<Incident | undefined>;

  /** Incidents of the entity not closed and created at or after since. */
  findOpenForEntity(entityRef: string, since: Date): Promise<Incident[]>;

  /** MTTA and MTTR over the incidents detected in [from, to). */
  metrics(options: {
    entityRef?: string;
    from: Date;
    to: Date;
  }): Promise<MttaMttr>;
}
