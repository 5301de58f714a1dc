/** @internal */
export interface MttaMttr {
  /** Mean time from detection to assessment, in ms; undefined without data. */
  mttaMs?: number;
  /** How many incidents reached assessment (the MTTA sample). */
  acknowledgedCount: number;
  /** Mean time from detection to recovery, in ms; undefined without data. */
  mttrMs?: number;
  /** How many incidents reached recovery (the MTTR sample). */
  recoveredCount: number;
  /** All incidents considered. */
  incidentCount: number;
}

/**
 * Mean time to acknowledge (detection to assessment) and to recover
 * (detection to recovery) over the incidents that reached those phases.
 *
 * @internal
 */
export function computeMttaMttr(
  incidents: Array<{
    detectionAt: Date;
    assessmentAt?: Date;
    recoveryAt?: Date;
  }>,
): MttaMttr {
  let ackSum = 0;
  let ackCount = 0;
  let recSum = 0;
  let recCount = 0;
  for (const incident of incidents) {
    const start = incident.detectionAt.getTime();
    if (incident.assessmentAt) {
      ackSum += Math.max(0, incident.assessmentAt.getTime() - start);
      ackCount++;
    }
    if (incident.recoveryAt) {
      recSum += Math.max(0, incident.recoveryAt.getTime() - start);
      recCount++;
    }
  }
  return {
    ...(ackCount ? { mttaMs: ackSum / ackCount } : {}),
    acknowledgedCount: ackCount,
    ...(recCount ? { mttrMs: recSum / recCount } : {}),
    recoveredCount: recCount,
    incidentCount: incidents.length,
  };
}
