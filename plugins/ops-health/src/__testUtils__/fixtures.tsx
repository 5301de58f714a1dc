import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  BackupCheckDetails,
  CostCheckDetails,
  OpsHealthCheckResult,
  OpsHealthEntityHealth,
  ReplicationCheckDetails,
  toHeadline,
  worstStatus,
} from '@ops-health/backstage-plugin-ops-health-common';
import { ReactElement } from 'react';
import { OpsHealthApi, opsHealthApiRef } from '../api';
import {
  ContentOptionsProvider,
  OpsHealthContentOptions,
} from '../hooks/useContentOptions';

export const ENTITY_REF = 'component:default/checkout-service';

export function testEntity(
  annotations: Record<string, string> = {
    'ops-health/cost-tags': 'service=checkout',
    'ops-health/s3-replication': 'checkout-data',
    'ops-health/backup-s3': 's3://checkout-backups/db/',
    'ops-health/backup-lambda': 'checkout-backup',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', annotations },
    spec: { type: 'service' },
  };
}

/**
 * Fixes the clock of each test of the calling suite at `iso`, timers still
 * running (Testing Library waits on them): what a page shows of a time
 * (30 min ago, the shift under way) does not depend on today's date or on
 * how long a loaded machine takes to render it.
 */
export function onAFixedDate(iso: string) {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date(iso),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
}

export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

export function result(
  overrides: Partial<OpsHealthCheckResult>,
): OpsHealthCheckResult {
  return {
    entityRef: ENTITY_REF,
    checkId: 'cost',
    subject: '',
    status: 'ok',
    message: '',
    measuredAt: minutesAgo(3),
    stale: false,
    ...overrides,
    headline: overrides.headline ?? toHeadline(overrides.message ?? ''),
  };
}

export function costDetails(
  overrides: Partial<CostCheckDetails> = {},
): CostCheckDetails {
  return {
    metric: 'UnblendedCost',
    tags: [{ key: 'service', value: 'checkout' }],
    lastCompleteDay: '2026-11-25',
    lastCompleteDayCost: 420,
    today: '2026-11-26',
    todaySoFar: 35,
    monthToDate: 1875.5,
    settledMonthToDate: 1840.5,
    projectedMonthEnd: 2400.5,
    remainingDays: 5,
    dailyThreshold: 150,
    monthlyThreshold: 2500,
    baseline: 80,
    baselineDays: 14,
    spike: true,
    spikeFactor: 2,
    over: {
      lastCompleteDay: true,
      today: false,
      monthToDate: false,
      projection: false,
    },
    drivers: [
      {
        service: 'Amazon Elastic Compute Cloud - Compute',
        amount: 1200,
        share: 0.64,
        yesterday: 300,
      },
      {
        service: 'Amazon Simple Storage Service',
        amount: 400,
        share: 0.21,
        yesterday: 60,
      },
    ],
    period: { start: '2026-11-01', end: '2026-11-27' },
    fetchedPeriod: { start: '2026-11-24', end: '2026-11-27' },
    backfilled: false,
    query: 'grouped',
    ...overrides,
  };
}

export function replicationDetails(
  overrides: Partial<ReplicationCheckDetails> = {},
): ReplicationCheckDetails {
  return {
    bucket: 'checkout-data',
    exists: true,
    configured: true,
    sourceVersioning: 'Enabled',
    role: {
      arn: 'arn:aws:iam::123456789012:role/replication',
      name: 'replication',
      exists: true,
      trustsS3: true,
    },
    rules: [
      {
        id: 'to-dr',
        status: 'Enabled',
        prefix: '',
        destinationBucket: 'checkout-data-dr',
        destinationVersioning: 'Enabled',
        metricsEnabled: true,
        metrics: {
          latencySeconds: 1800,
          pendingOperations: 12,
          failedOperations: 7,
        },
      },
    ],
    metricsAvailable: true,
    metricsWindowSeconds: 3600,
    thresholds: {
      latencyWarningSeconds: 900,
      latencyCriticalSeconds: 3600,
      failedOperations: 0,
      pendingOperations: 1000,
    },
    problems: ['7 operations failed to replicate in the last hour'],
    notes: [],
    ...overrides,
  };
}

export function backupDetails(
  overrides: Partial<BackupCheckDetails> = {},
): BackupCheckDetails {
  return {
    maxAgeSeconds: 26 * 3600,
    restorePoint: {
      kind: 's3-object',
      identifier: 's3://checkout-backups/db/2026-11-25.dump',
      time: minutesAgo(30 * 60),
      ageSeconds: 30 * 3600,
    },
    awsBackup: {
      resourceArn: 'arn:aws:rds:eu-west-1:123456789012:db:checkout',
      failedJobs: [
        {
          jobId: 'job-42',
          state: 'FAILED',
          createdAt: minutesAgo(120),
          statusMessage: 'Insufficient privileges to perform backup',
        },
      ],
    },
    logErrors: [],
    errors: [],
    ...overrides,
  };
}

/** A ResponseError as the backend's error handler answers it. */
export async function responseError(
  status: number,
  message: string,
  name = 'NotAllowedError',
  /** More fields of the body, e.g. the `reason` of a refused acknowledge link. */
  extra: Record<string, unknown> = {},
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'POST', url: '/api/ops-health/x' },
    response: { statusCode: status },
    ...extra,
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 403 ? 'Forbidden' : 'Error',
    headers: new Headers({ 'content-type': 'application/json; charset=utf-8' }),
    text: async () => body,
  } as Response);
}

export async function renderWithApi(
  element: ReactElement,
  api: Partial<OpsHealthApi>,
  options: { entity?: Entity; contentOptions?: OpsHealthContentOptions } = {},
) {
  const fullApi: Partial<OpsHealthApi> = {
    getEntityRunbook: async () => undefined,
    ...api,
  };
  return renderInTestApp(
    <TestApiProvider apis={[[opsHealthApiRef, fullApi]]}>
      <EntityProvider entity={options.entity ?? testEntity()}>
        <ContentOptionsProvider
          options={{ canaryPollIntervalMs: 5, ...options.contentOptions }}
        >
          {element}
        </ContentOptionsProvider>
      </EntityProvider>
    </TestApiProvider>,
    // People (who silenced an alert, started a test) link to the catalog.
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** An entity health summary with these check results. */
export function entityHealth(
  checks: OpsHealthCheckResult[],
): OpsHealthEntityHealth {
  return {
    entityRef: ENTITY_REF,
    status: worstStatus(checks.map(c => c.status)) ?? 'not-configured',
    checks,
    setup: {
      entityRef: ENTITY_REF,
      status: 'configured',
      annotations: [],
      checks: [],
      problems: [],
      snippet: '',
    },
    pending: [],
  };
}
