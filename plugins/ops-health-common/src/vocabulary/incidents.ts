/**
 * The incident phases, in order: the six phases of incident handling, then
 * closed.
 *
 * @public
 */
export const INCIDENT_PHASES = [
  'detection',
  'assessment',
  'containment',
  'eradication',
  'recovery',
  'lessons-learned',
  'closed',
] as const;

/** @public */
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

/**
 * Incident severities, SEV1 the highest.
 *
 * @public
 */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

/** @public */
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

const PHASE_LABELS: Record<IncidentPhase, string> = {
  detection: 'Detection',
  assessment: 'Assessment',
  containment: 'Containment',
  eradication: 'Eradication',
  recovery: 'Recovery',
  'lessons-learned': 'Lessons learned',
  closed: 'Closed',
};

/** @public */
export function isIncidentPhase(value: unknown): value is IncidentPhase {
  return (INCIDENT_PHASES as readonly unknown[]).includes(value);
}

/** @public */
export function isIncidentSeverity(value: unknown): value is IncidentSeverity {
  return (INCIDENT_SEVERITIES as readonly unknown[]).includes(value);
}

/**
 * A phase as people read it, e.g. `Lessons learned`.
 *
 * @public
 */
export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase as IncidentPhase] ?? phase;
}

/**
 * The position of a phase in {@link INCIDENT_PHASES}; -1 for anything else.
 *
 * @public
 */
export function phaseIndex(phase: string): number {
  return INCIDENT_PHASES.indexOf(phase as IncidentPhase);
}

/**
 * Whether the incident has a post-mortem to write: from lessons-learned on.
 *
 * @public
 */
export function hasPostmortemPhase(phase: string): boolean {
  return phaseIndex(phase) >= phaseIndex('lessons-learned');
}
