import { toHeadline } from '@ops-health/backstage-plugin-ops-health-common';
import { randomUUID } from 'crypto';
import { AlertPatch } from './AlertStore';
import { AlertRule } from './config';
import {
  Alert,
  ALERT_SEVERITY_RANK,
  AlertSeverity,
  dedupKeyOf,
  EvaluatedResult,
  NewAlertEvent,
} from './types';

/**
 * What one evaluation does to the open alert of a dedup key.
 *
 * @internal
 */
export type AlertTransition =
  | {
      kind: 'insert';
      alert: Alert;
      events: NewAlertEvent[];
      /** Whether the entity's notification group gets this change. */
      notify: boolean;
    }
  | {
      kind: 'update';
      alert: Alert;
      patch: AlertPatch;
      events: NewAlertEvent[];
      notify: boolean;
    };

function isCondition(
  status: EvaluatedResult['status'],
): status is AlertSeverity {
  return status === 'warning' || status === 'critical';
}

function headlineOf(result: EvaluatedResult): string {
  return toHeadline(result.headline ?? result.message);
}

function measurement(result: EvaluatedResult) {
  return {
    value: result.value ?? null,
    threshold: result.threshold ?? null,
    unit: result.unit ?? null,
    headline: headlineOf(result),
    message: result.message,
    runbookSection: result.runbookSection ?? null,
    lastSeen: result.measuredAt,
    lastMeasuredAt: result.measuredAt,
  };
}

/**
 * The effect of evaluating `result` against the open alert of its dedup key
 * (`current`, undefined when none is open). Undefined: nothing changes.
 *
 * - warning or critical is the condition (its severity), ok clears it;
 *   unknown, misconfigured and stale results leave the alert alone, and so
 *   does a result not newer than the last one evaluated (each measurement
 *   counts once, whichever replica evaluates it).
 * - A pending alert fires after `firingAfter` consecutive conditions, and is
 *   cancelled after `resolvingAfter` consecutive clears; a firing alert
 *   resolves after `resolvingAfter` consecutive clears.
 * - Notified: firing, resolving after firing, and a raised severity while
 *   firing.
 *
 * @internal
 */
export function evaluateTransition(
  current: Alert | undefined,
  result: EvaluatedResult,
  rule: AlertRule,
  now: Date,
): AlertTransition | undefined {
  const { status } = result;
  if (result.stale) return undefined;
  if (status !== 'ok' && !isCondition(status)) return undefined;
  if (
    current &&
    result.measuredAt.getTime() <= current.lastMeasuredAt.getTime()
  ) {
    return undefined;
  }
  const event = (
    e: Omit<NewAlertEvent, 'alertId' | 'at' | 'value' | 'message'>,
    alertId: string,
  ): NewAlertEvent => ({
    alertId,
    at: now,
    value: result.value,
    message: result.message,
    ...e,
  });

  if (!current) {
    if (!isCondition(status)) return undefined;
    const fires = rule.firingAfter <= 1;
    const alert: Alert = {
      id: randomUUID(),
      dedupKey: dedupKeyOf(result),
      entityRef: result.entityRef,
      checkId: result.checkId,
      subject: result.subject,
      state: fires ? 'firing' : 'pending',
      severity: status,
      breaches: 1,
      clears: 0,
      value: result.value,
      threshold: result.threshold,
      unit: result.unit,
      headline: headlineOf(result),
      message: result.message,
      runbookSection: result.runbookSection,
      firstSeen: result.measuredAt,
      lastSeen: result.measuredAt,
      lastMeasuredAt: result.measuredAt,
      firedAt: fires ? now : undefined,
      notifyCount: 0,
      revision: 0,
    };
    return {
      kind: 'insert',
      alert,
      events: [
        event(
          {
            type: fires ? 'fired' : 'pending',
            toState: alert.state,
            severity: status,
          },
          alert.id,
        ),
      ],
      notify: fires,
    };
  }

  const events: NewAlertEvent[] = [];
  const patch: AlertPatch = {
    ...measurement(result),
    revision: current.revision + 1,
  };
  let notify = false;

  if (isCondition(status)) {
    patch.breaches = current.breaches + 1;
    patch.clears = 0;
    patch.severity = status;
    if (current.state === 'pending' && patch.breaches >= rule.firingAfter) {
      patch.state = 'firing';
      patch.firedAt = now;
      events.push(
        event(
          {
            type: 'fired',
            fromState: 'pending',
            toState: 'firing',
            severity: status,
          },
          current.id,
        ),
      );
      notify = true;
    } else if (status !== current.severity) {
      events.push(
        event(
          {
            type: 'severity-changed',
            fromState: current.state,
            toState: current.state,
            severity: status,
          },
          current.id,
        ),
      );
      notify =
        current.state === 'firing' &&
        ALERT_SEVERITY_RANK[status] > ALERT_SEVERITY_RANK[current.severity];
    }
  } else {
    patch.breaches = 0;
    patch.clears = current.clears + 1;
    if (patch.clears >= rule.resolvingAfter) {
      const fired = current.state === 'firing';
      patch.state = fired ? 'resolved' : 'cancelled';
      patch.resolvedAt = now;
      patch.nextNotifyAt = null;
      patch.open = false;
      events.push(
        event(
          {
            type: fired ? 'resolved' : 'cancelled',
            fromState: current.state,
            toState: patch.state,
            severity: current.severity,
          },
          current.id,
        ),
      );
      notify = fired;
    }
  }
  return { kind: 'update', alert: current, patch, events, notify };
}

/**
 * Closing an open alert whose result is gone (the entity lost its
 * annotation, the bucket was removed from it).
 *
 * @internal
 */
export function cancelTransition(current: Alert, now: Date): AlertTransition {
  return {
    kind: 'update',
    alert: current,
    patch: {
      state: 'cancelled',
      resolvedAt: now,
      nextNotifyAt: null,
      open: false,
      revision: current.revision + 1,
    },
    events: [
      {
        alertId: current.id,
        at: now,
        type: 'cancelled',
        fromState: current.state,
        toState: 'cancelled',
        severity: current.severity,
        message: 'The check no longer reports this subject',
      },
    ],
    notify: false,
  };
}
