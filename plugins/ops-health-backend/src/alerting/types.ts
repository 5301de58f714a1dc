import { CheckResult } from '@ops-health/backstage-plugin-ops-health-node';

/** @internal */
export type AlertState = 'pending' | 'firing' | 'resolved' | 'cancelled';

/** @internal */
export type AlertSeverity = 'warning' | 'critical';

/** @internal */
export const ALERT_SEVERITY_RANK: Record<AlertSeverity, number> = {
  warning: 1,
  critical: 2,
};

/**
 * An alert: a condition (a warning or critical result) of one dedup key
 * `${entityRef}|${checkId}|${subject}`. At most one alert per dedup key is
 * open (pending or firing) at a time.
 *
 * @internal
 */
export interface Alert {
  id: string;
  dedupKey: string;
  entityRef: string;
  checkId: string;
  subject: string;
  state: AlertState;
  severity: AlertSeverity;
  /** Consecutive evaluations with the condition. */
  breaches: number;
  /** Consecutive evaluations without it (status ok). */
  clears: number;
  value?: number;
  threshold?: number;
  unit?: string;
  /** The last result's headline (at most 90 characters). */
  headline: string;
  message: string;
  runbookSection?: string;
  /** When the condition was first measured. */
  firstSeen: Date;
  /** When the alert was last evaluated (condition or clear). */
  lastSeen: Date;
  /** measuredAt of the last result evaluated; older or equal ones are skipped. */
  lastMeasuredAt: Date;
  firedAt?: Date;
  /** When it resolved or was cancelled. */
  resolvedAt?: Date;
  notifyCount: number;
  lastNotifiedAt?: Date;
  /** When a still-firing alert is due to be repeated. */
  nextNotifyAt?: Date;
  /** What the last message sent about this alert said. */
  notifiedState?: 'firing' | 'resolved';
  notifiedSeverity?: AlertSeverity;
  /** Bumped by each evaluation; updates compare and set it. */
  revision: number;
}

/** @internal */
export type AlertEventType =
  | 'pending'
  | 'fired'
  | 'severity-changed'
  | 'resolved'
  | 'cancelled'
  | 'notified'
  | 'silenced';

/** @internal */
export interface AlertEvent {
  id: number;
  alertId: string;
  at: Date;
  type: AlertEventType;
  fromState?: AlertState;
  toState?: AlertState;
  severity?: AlertSeverity;
  value?: number;
  message?: string;
}

/** An event to record; the id is assigned by the store. @internal */
export type NewAlertEvent = Omit<AlertEvent, 'id'>;

/**
 * A silence: alerts it matches are evaluated, recorded and shown, but not
 * sent. It matches one dedup key, or one check of one entity (all subjects).
 *
 * @internal
 */
export interface Silence {
  id: string;
  dedupKey?: string;
  entityRef?: string;
  checkId?: string;
  reason: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when expired early through the API. */
  expiredAt?: Date;
  expiredBy?: string;
}

/**
 * The notification group of an entity: the alerts of one entity that changed
 * since its last message, sent together once `sendAfter` is reached.
 *
 * @internal
 */
export interface NotificationGroup {
  entityRef: string;
  /** When the first unsent change arrived; unset when nothing is pending. */
  pendingSince?: Date;
  sendAfter?: Date;
  lastSentAt?: Date;
  /** Dedup keys changed since the last message. */
  changes: string[];
}

/**
 * A check result to evaluate; `stale` (the last collection failed, the value
 * is the last good one) results leave the alert alone.
 *
 * @internal
 */
export type EvaluatedResult = CheckResult & { stale?: boolean };

/** @internal */
export function dedupKeyOf(result: {
  entityRef: string;
  checkId: string;
  subject: string;
}): string {
  return `${result.entityRef}|${result.checkId}|${result.subject}`;
}
