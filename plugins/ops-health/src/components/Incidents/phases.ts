import {
  phaseIndex,
  phaseLabel,
} from '@ops-health/backstage-plugin-ops-health-common';
import { OpsHealthIncident } from '../../api/incidentTypes';

export {
  INCIDENT_PHASES,
  INCIDENT_SEVERITIES,
  hasPostmortemPhase,
  phaseIndex,
  phaseLabel,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * When the incident was detected: the clock of MTTA, MTTR and its duration.
 *
 * @internal
 */
export function detectedAt(incident: OpsHealthIncident): string {
  return incident.phaseReachedAt.detection ?? incident.createdAt;
}

/**
 * Time to recover (ms): detection until recovery was reached, as MTTR
 * counts it; undefined while the incident is before recovery (or was moved
 * back from it).
 *
 * @internal
 */
export function timeToRecoverMs(
  incident: OpsHealthIncident,
): number | undefined {
  const recovered = incident.phaseReachedAt.recovery;
  if (!recovered || phaseIndex(incident.phase) < phaseIndex('recovery')) {
    return undefined;
  }
  return Math.max(
    0,
    new Date(recovered).getTime() - new Date(detectedAt(incident)).getTime(),
  );
}

/**
 * How long the incident has lasted (ms): until it closed, or until now.
 *
 * @internal
 */
export function incidentDurationMs(
  incident: OpsHealthIncident,
  now = Date.now(),
): number {
  const end =
    incident.phase === 'closed'
      ? new Date(incident.phaseReachedAt.closed ?? incident.updatedAt).getTime()
      : now;
  return Math.max(0, end - new Date(detectedAt(incident)).getTime());
}

/**
 * Time to acknowledge (ms): detection until assessment was reached, or until
 * now while nobody has.
 *
 * @internal
 */
export function timeToAcknowledgeMs(
  incident: OpsHealthIncident,
  now = Date.now(),
): { ms: number; acknowledged: boolean } {
  const acknowledgedAt = incident.phaseReachedAt.assessment;
  const end = acknowledgedAt ? new Date(acknowledgedAt).getTime() : now;
  return {
    ms: Math.max(0, end - new Date(detectedAt(incident)).getTime()),
    acknowledged: Boolean(acknowledgedAt),
  };
}

const POSTMORTEM_PARTS: Record<string, string> = {
  summary: 'Summary',
  impact: 'Impact',
  rootCause: 'Root cause',
  monitoringChanges: 'Monitoring rules to change',
  text: 'text',
  owner: 'owner',
  dueDate: 'due date',
};

/**
 * A missing post-mortem part as the backend names it (`rootCause`,
 * `actionItems[0].owner`), as people read it (`Root cause`, `Action item 1:
 * owner`).
 *
 * @internal
 */
export function postmortemPartLabel(part: string): string {
  const item = /^actionItems\[(\d+)\]\.(\w+)$/.exec(part);
  if (item) {
    return `Action item ${Number(item[1]) + 1}: ${
      POSTMORTEM_PARTS[item[2]] ?? item[2]
    }`;
  }
  if (part.startsWith('at least one action item')) {
    return 'At least one action item (text, owner and due date)';
  }
  return POSTMORTEM_PARTS[part] ?? part;
}

// What moving into each phase means, said as the step the on-call takes.
const NEXT_STEP: Record<string, string> = {
  assessment: 'Acknowledge',
  containment: 'Start containment',
  eradication: 'Start eradication',
  recovery: 'Mark recovered',
  'lessons-learned': 'Start the post-mortem',
  closed: 'Close incident',
};

/**
 * The label of a move: the step it is going forward (`Acknowledge` from
 * detection), `Back to <phase>` going back, `Reopen` from closed.
 *
 * @internal
 */
export function transitionLabel(from: string, to: string): string {
  if (from === 'closed') return `Reopen in ${phaseLabel(to)}`;
  if (phaseIndex(to) < phaseIndex(from)) return `Back to ${phaseLabel(to)}`;
  return NEXT_STEP[to] ?? `Move to ${phaseLabel(to)}`;
}

/**
 * The escalation level an incident reached, as people say it:
 * `Level 2 · DevOps manager`, `Level 2` when config does not name the
 * level, `Not escalated` before the first.
 */
export function escalationLevelLabel(
  incident: Pick<OpsHealthIncident, 'escalationLevel' | 'escalationLevelName'>,
): string {
  if (incident.escalationLevel <= 0) return 'Not escalated';
  return `Level ${incident.escalationLevel}${
    incident.escalationLevelName ? ` · ${incident.escalationLevelName}` : ''
  }`;
}
