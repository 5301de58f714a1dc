import { screen } from '@testing-library/react';
import { OpsHealthCheckResult } from '@ops-health/backstage-plugin-ops-health-common';
import {
  backupDetails,
  costDetails,
  minutesAgo,
  renderWithApi,
  replicationDetails,
  result,
  testEntity,
} from '../../__testUtils__/fixtures';
import { BackupSection } from '../BackupSection';
import { CostSection } from '../CostSection';
import { ReplicationSection } from '../ReplicationSection';

// Every shape of result the backend stores, for each check: measured in
// each status, misconfigured (its details are the annotation problems),
// never measured (unknown, no details), stale, and details from an older
// version that lack fields.
const SHAPES: Record<
  string,
  (check: string, details: Record<string, unknown>) => OpsHealthCheckResult
> = {
  ok: (checkId, details) =>
    result({ checkId, status: 'ok', headline: 'All good', details }),
  warning: (checkId, details) =>
    result({ checkId, status: 'warning', headline: 'Lagging', details }),
  critical: (checkId, details) =>
    result({ checkId, status: 'critical', headline: 'Broken', details }),
  misconfigured: checkId =>
    result({
      checkId,
      status: 'misconfigured',
      headline: 'Misconfigured: ops-health/backup-max-age',
      details: {
        problems: [
          {
            annotation: 'ops-health/backup-max-age',
            value: 'every night',
            message: 'expected a duration such as 26h',
          },
        ],
      },
    }),
  unknown: checkId =>
    result({
      checkId,
      status: 'unknown',
      headline: 'Not measured yet: AccessDenied',
      stale: true,
      error: 'AccessDenied',
      errorAt: minutesAgo(1),
    }),
  stale: (checkId, details) =>
    result({
      checkId,
      status: 'critical',
      headline: 'Broken, last known',
      stale: true,
      error: 'Throttling',
      errorAt: minutesAgo(1),
      details,
    }),
  'missing details': checkId =>
    result({ checkId, status: 'critical', headline: 'No details at all' }),
  'partial details': checkId =>
    result({
      checkId,
      status: 'critical',
      headline: 'Details of an older version',
      details: { bucket: 'x', today: 3 },
    }),
};

const CHECKS = [
  {
    checkId: 'cost',
    Section: CostSection,
    details: costDetails() as unknown as Record<string, unknown>,
  },
  {
    checkId: 'replication',
    Section: ReplicationSection,
    details: replicationDetails() as unknown as Record<string, unknown>,
  },
  {
    checkId: 'backup',
    Section: BackupSection,
    details: backupDetails() as unknown as Record<string, unknown>,
  },
];

const entity = testEntity({
  'ops-health/cost-tags': 'service=checkout',
  'ops-health/s3-replication': 'checkout-data',
  'ops-health/backup-s3': 's3://checkout-backups/db/',
  'ops-health/backup-max-age': '26h',
  'ops-health/backup-lambda': 'checkout-backup',
});

describe.each(CHECKS)('$checkId section', ({ checkId, Section, details }) => {
  it.each(Object.keys(SHAPES))('renders a %s result', async shape => {
    const shown = SHAPES[shape](checkId, details);
    await renderWithApi(
      <Section />,
      {
        getEntityCheck: async () => ({
          entityRef: shown.entityRef,
          checkId: checkId as 'cost',
          results: [{ ...shown, subject: checkId === 'cost' ? '' : 'x' }],
          dailyCosts: [],
          metricSamples: [],
        }),
        getReplicationCanaryRuns: async () => ({ runs: [] }),
      },
      { entity },
    );
    expect(await screen.findByText(shown.headline)).toBeInTheDocument();
  });
});
