import { ConflictError, InputError } from '@backstage/errors';
import {
  INCIDENT_PHASES,
  IncidentPhase,
  IncidentSeverity,
} from '@ops-health/backstage-plugin-ops-health-common';
import { hasVisibleText } from '../text';

export type { IncidentPhase, IncidentSeverity };

/** @internal */
export interface PostmortemActionItem {
  text: string;
  /** Who does it: a catalog user or group ref, or a name. */
  owner: string;
  /** YYYY-MM-DD. */
  dueDate?: string;
  done?: boolean;
}

/** @internal */
export interface Postmortem {
  summary?: string;
  impact?: string;
  rootCause?: string;
  actionItems?: PostmortemActionItem[];
  monitoringChanges?: string;
}

/** @internal */
export type AllowedTransition = {
  to: IncidentPhase;
  direction: 'forward' | 'backward';
  /** Backward moves need a note saying why. */
  requiresNote: boolean;
  /** Closing needs a complete post-mortem. */
  requiresPostmortem: boolean;
};

function indexOf(phase: string): number {
  const index = INCIDENT_PHASES.indexOf(phase as IncidentPhase);
  if (index < 0) {
    throw new InputError(
      `Unknown incident phase '${phase}'; expected one of ${INCIDENT_PHASES.join(
        ', ',
      )}`,
    );
  }
  return index;
}

/**
 * Every phase an incident in `from` may move to: any later phase, and any
 * earlier phase with a note; `closed` only from `lessons-learned`, where the
 * post-mortem is written.
 *
 * @internal
 */
export function allowedTransitions(from: IncidentPhase): AllowedTransition[] {
  const current = indexOf(from);
  return INCIDENT_PHASES.flatMap((to, index): AllowedTransition[] => {
    if (index === current) return [];
    if (to === 'closed' && from !== 'lessons-learned') return [];
    const forward = index > current;
    return [
      {
        to,
        direction: forward ? 'forward' : 'backward',
        requiresNote: !forward,
        requiresPostmortem: to === 'closed',
      },
    ];
  });
}

/** Text a reader sees: not only spaces or invisible characters. */
const hasText = hasVisibleText;

/**
 * What a post-mortem still lacks before the incident can close; empty when
 * complete.
 *
 * @internal
 */
export function missingPostmortemParts(
  postmortem: Postmortem | undefined | null,
): string[] {
  const missing: string[] = [];
  const pm = postmortem ?? {};
  if (!hasText(pm.summary)) missing.push('summary');
  if (!hasText(pm.impact)) missing.push('impact');
  if (!hasText(pm.rootCause)) missing.push('rootCause');
  const items = Array.isArray(pm.actionItems) ? pm.actionItems : [];
  if (items.length === 0) {
    missing.push('at least one action item (text, owner and due date)');
  } else {
    items.forEach((item, i) => {
      if (!hasText(item?.text)) missing.push(`actionItems[${i}].text`);
      if (!hasText(item?.owner)) missing.push(`actionItems[${i}].owner`);
      if (!hasText(item?.dueDate)) missing.push(`actionItems[${i}].dueDate`);
    });
  }
  if (!hasText(pm.monitoringChanges)) missing.push('monitoringChanges');
  return missing;
}

const POSTMORTEM_SECTIONS = [
  ['summary', 'summary'],
  ['impact', 'impact'],
  ['rootCause', 'root cause'],
  ['monitoringChanges', 'monitoring changes'],
] as const;

/** An action item as people name it: its text, cut short. */
function itemName(item: PostmortemActionItem): string {
  const text = (item.text ?? '').trim().replace(/\s+/g, ' ');
  return `'${text.length > 60 ? `${text.slice(0, 59)}…` : text}'`;
}

/**
 * What a post-mortem update changes, for the timeline and for the rule of
 * closed incidents: each change a phrase (`root cause`, `action item 'Add
 * an alarm' done`), and the changes a closed incident refuses: a section
 * rewritten or an action item removed (items are matched by their text, so
 * an item reworded is one removed and one added).
 *
 * @internal
 */
export function postmortemChanges(
  before: Postmortem | undefined | null,
  after: Postmortem,
): { changes: string[]; losses: string[] } {
  const changes: string[] = [];
  const losses: string[] = [];
  for (const [part, label] of POSTMORTEM_SECTIONS) {
    if ((before?.[part] ?? '').trim() !== (after[part] ?? '').trim()) {
      changes.push(label);
      if (hasText(before?.[part])) losses.push(`its ${label} was rewritten`);
    }
  }
  const key = (item: PostmortemActionItem) => (item.text ?? '').trim();
  const unmatched = [...(after.actionItems ?? [])];
  for (const old of before?.actionItems ?? []) {
    const index = unmatched.findIndex(item => key(item) === key(old));
    if (index < 0) {
      changes.push(`action item ${itemName(old)} removed`);
      losses.push(`action item ${itemName(old)} was removed or reworded`);
      continue;
    }
    const [now] = unmatched.splice(index, 1);
    if (Boolean(now.done) !== Boolean(old.done)) {
      changes.push(
        `action item ${itemName(old)} ${now.done ? 'done' : 'not done'}`,
      );
    }
    if ((now.owner ?? '').trim() !== (old.owner ?? '').trim()) {
      changes.push(`action item ${itemName(old)} owner`);
    }
    if ((now.dueDate ?? '') !== (old.dueDate ?? '')) {
      changes.push(`action item ${itemName(old)} due date`);
    }
  }
  for (const added of unmatched) {
    changes.push(`action item ${itemName(added)} added`);
  }
  return { changes, losses };
}

function describeAllowed(from: IncidentPhase): string {
  const allowed = allowedTransitions(from);
  const forward = allowed.filter(t => t.direction === 'forward');
  const backward = allowed.filter(t => t.direction === 'backward');
  const parts: string[] = [];
  parts.push(
    forward.length
      ? `forward to ${forward.map(t => t.to).join(', ')}`
      : 'no forward moves',
  );
  if (backward.length) {
    parts.push(`back to ${backward.map(t => t.to).join(', ')} with a note`);
  }
  return `allowed from ${from}: ${parts.join('; ')}`;
}

/**
 * Checks a phase change and returns the phases reached, in order: every phase
 * after `from` up to `to` when moving forward, `[to]` when stepping back.
 *
 * @throws ConflictError when the move is not allowed: same phase, a backward
 * move without a note, closing from another phase than lessons-learned or
 * without a complete post-mortem.
 * @internal
 */
export function checkTransition(
  from: IncidentPhase,
  to: IncidentPhase,
  options: { note?: string; postmortem?: Postmortem | null } = {},
): IncidentPhase[] {
  const fromIndex = indexOf(from);
  const toIndex = indexOf(to);
  if (fromIndex === toIndex) {
    throw new ConflictError(
      `The incident is already in ${to}; that is not a transition (${describeAllowed(
        from,
      )})`,
    );
  }
  if (toIndex < fromIndex) {
    if (!hasText(options.note)) {
      throw new ConflictError(
        `Moving the incident back from ${from} to ${to} needs a note saying why (${describeAllowed(
          from,
        )})`,
      );
    }
    return [to];
  }
  if (to === 'closed' && from !== 'lessons-learned') {
    // As allowedTransitions says: the post-mortem is reviewed in
    // lessons-learned, also after a reopened incident moved back.
    throw new ConflictError(
      `An incident closes from lessons-learned, where its post-mortem is reviewed; move it to lessons-learned first (${describeAllowed(
        from,
      )})`,
    );
  }
  if (to === 'closed') {
    const missing = missingPostmortemParts(options.postmortem);
    if (missing.length > 0) {
      throw new ConflictError(
        `The incident cannot be closed before its post-mortem is complete; missing: ${missing.join(
          ', ',
        )}`,
      );
    }
  }
  return INCIDENT_PHASES.slice(fromIndex + 1, toIndex + 1);
}
