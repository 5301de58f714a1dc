const CHECK_TITLES: Record<string, string> = {
  cost: 'AWS cost',
  replication: 'S3 replication',
  backup: 'Disaster-recovery backup',
};

/**
 * The title of a check for tables and filters, e.g. `AWS cost`.
 *
 * @internal
 */
export function checkTitle(checkId: string): string {
  return CHECK_TITLES[checkId] ?? checkId;
}
