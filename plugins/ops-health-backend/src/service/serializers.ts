import { INCIDENT_PHASES } from '@ops-health/backstage-plugin-ops-health-common';
import type { OpsHealthApiComponents } from '@ops-health/backstage-plugin-ops-health-common';
import { CanaryRun } from '../database/CanaryRunStore';
import { StoredCheckResult } from '../database/CheckResultStore';
import { Alert, Silence } from '../alerting';
import {
  Incident,
  IncidentDetails,
  IncidentEvent,
} from '../incidents/IncidentStore';
import {
  allowedTransitions,
  missingPostmortemParts,
} from '../incidents/workflow';
import { EntityHealth } from '../health/EntityHealthService';

// The API's JSON shapes (openapi.yaml, typed by the types generated from it
// in -common) of the stores' records: dates as ISO strings, absent fields
// left out.

type Schemas = OpsHealthApiComponents['schemas'];

function iso(date: Date | undefined) {
  return date ? date.toISOString() : undefined;
}

export function serializeAlert(a: Alert, silenced: boolean): Schemas['Alert'] {
  return {
    id: a.id,
    dedupKey: a.dedupKey,
    entityRef: a.entityRef,
    checkId: a.checkId,
    subject: a.subject,
    state: a.state,
    severity: a.severity,
    ...(a.value !== undefined ? { value: a.value } : {}),
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    ...(a.unit ? { unit: a.unit } : {}),
    headline: a.headline,
    message: a.message,
    ...(a.runbookSection ? { runbookSection: a.runbookSection } : {}),
    firstSeen: a.firstSeen.toISOString(),
    lastSeen: a.lastSeen.toISOString(),
    ...(a.firedAt ? { firedAt: iso(a.firedAt) } : {}),
    ...(a.resolvedAt ? { resolvedAt: iso(a.resolvedAt) } : {}),
    notifyCount: a.notifyCount,
    ...(a.lastNotifiedAt ? { lastNotifiedAt: iso(a.lastNotifiedAt) } : {}),
    ...(a.nextNotifyAt ? { nextNotifyAt: iso(a.nextNotifyAt) } : {}),
    silenced,
  };
}

export function serializeSilence(s: Silence): Schemas['Silence'] {
  const { createdAt, expiresAt, expiredAt, ...rest } = s;
  return {
    ...rest,
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(expiredAt ? { expiredAt: expiredAt.toISOString() } : {}),
  };
}

/**
 * An incident as the API answers it; `levelName` is what config calls its
 * escalation level (`DevOps manager`), when it names it.
 */
export function serializeIncident(
  i: Incident,
  levelName?: string,
): Schemas['Incident'] {
  const { createdAt, updatedAt, phaseReachedAt, escalationSince, ...rest } = i;
  return {
    ...rest,
    ...(levelName ? { escalationLevelName: levelName } : {}),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(escalationSince
      ? { escalationSince: escalationSince.toISOString() }
      : {}),
    phaseReachedAt: Object.fromEntries(
      Object.entries(phaseReachedAt).map(([phase, at]) => [
        phase,
        at!.toISOString(),
      ]),
    ),
  };
}

export function serializeIncidentEvent(
  e: IncidentEvent,
): Schemas['IncidentEvent'] {
  return { ...e, at: e.at.toISOString() };
}

export function serializeIncidentDetails(
  i: IncidentDetails,
  levelName?: string,
): Schemas['IncidentDetails'] {
  const { events, eventCount, alerts, ...incident } = i;
  return {
    ...serializeIncident(incident, levelName),
    events: events.map(serializeIncidentEvent),
    eventCount,
    alerts: alerts.map(a => ({
      dedupKey: a.dedupKey,
      linkedAt: a.linkedAt.toISOString(),
      ...(a.resolvedAt ? { resolvedAt: a.resolvedAt.toISOString() } : {}),
    })),
    allowedTransitions: allowedTransitions(i.phase),
    missingPostmortem:
      INCIDENT_PHASES.indexOf(i.phase) >=
      INCIDENT_PHASES.indexOf('lessons-learned')
        ? missingPostmortemParts(i.postmortem)
        : [],
  };
}

export function serializeResult(r: StoredCheckResult): Schemas['CheckResult'] {
  const { measuredAt, errorAt, configHash: _hash, ...rest } = r;
  return {
    ...rest,
    measuredAt: measuredAt.toISOString(),
    ...(errorAt ? { errorAt: errorAt.toISOString() } : {}),
  };
}

export function serializeRun(r: CanaryRun): Schemas['CanaryRun'] {
  const { startedAt, finishedAt, ...rest } = r;
  return {
    ...rest,
    startedAt: startedAt.toISOString(),
    ...(finishedAt ? { finishedAt: finishedAt.toISOString() } : {}),
  };
}

export function serializeEntityHealth(
  h: EntityHealth,
): Schemas['EntityHealth'] {
  return {
    entityRef: h.entityRef,
    status: h.status,
    checks: h.checks.map(serializeResult),
    setup: h.setup,
    pending: h.pending.map(p => ({
      checkId: p.checkId,
      ...(p.dueBy ? { dueBy: p.dueBy.toISOString() } : {}),
    })),
  };
}
