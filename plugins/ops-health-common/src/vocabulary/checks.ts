/**
 * Display titles of the built-in checks, and of what goes wrong with them
 * (the title of an incident opened from an alert).
 */
const CHECKS: Record<string, { title: string; failure: string }> = {
  cost: { title: 'AWS cost', failure: 'Cost overrun' },
  replication: {
    title: 'S3 replication',
    failure: 'S3 replication failure',
  },
  'replication-canary': {
    title: 'Replication test',
    failure: 'Replication test failure',
  },
  backup: { title: 'Disaster-recovery backup', failure: 'Backup failure' },
  posture: {
    title: 'Compliance and access posture',
    failure: 'Compliance or access posture failure',
  },
};

function humanize(checkId: string): string {
  const words = checkId.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The title of a check for people, e.g. `AWS cost` for `cost`; a check added
 * by a module gets its id in words (`disk-usage` → `Disk usage`).
 *
 * @public
 */
export function checkTitle(checkId: string): string {
  return CHECKS[checkId]?.title ?? humanize(checkId);
}

/**
 * What a failure of the check is called, e.g. `Cost overrun`.
 *
 * @public
 */
export function checkFailureTitle(checkId: string): string {
  return CHECKS[checkId]?.failure ?? `${humanize(checkId)} failure`;
}
