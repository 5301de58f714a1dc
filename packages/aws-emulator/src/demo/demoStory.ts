import {
  dailyCostResults,
  dailyCostResultsByTagAndDimension,
} from '../seed/dailyCostResults';
import { CostAndUsageResult } from '../seed/queueCostAndUsageResults';
import { addDays, daysBetween, formatDay } from '../seed/utcDays';

/**
 * Account and region the demo is seeded in; moto's default account.
 *
 * @public
 */
export const DEMO_ACCOUNT = {
  accountId: '123456789012',
  region: 'us-east-1',
} as const;

/**
 * The tag every demo bucket and function carries to prove which service it
 * belongs to: Ops Health reads and acts only on resources it proves.
 *
 * @public
 */
export const DEMO_OWNERSHIP_TAG = 'ops-health:entity';

/**
 * Inputs of the demo's Cost Explorer data: daily cost per value of the
 * `service` cost allocation tag, the checkout spike yesterday (the last
 * complete day, the one Ops Health judges) and today's partial cost.
 *
 * @public
 */
export const DEMO_COSTS = {
  tagKey: 'service',
  dailyBaseline: {
    checkout: 120,
    'media-archive': 40,
    'config-backup': 8,
    'billing-api': 60,
  },
  /** Checkout's cost yesterday. */
  checkoutSpike: 420,
  /** Today's cost so far, as a share of each service's baseline: Cost Explorer fills the day in. */
  todayShare: 0.4,
  /**
   * Days before today; more than the 90 days of history Ops Health backfills,
   * so the story reads the same on any day of the month.
   */
  historyDays: 120,
  /** Days per GetCostAndUsage page. */
  pageSize: 50,
  /** Per-service split of checkout's daily cost, on a normal day and on the spike day. */
  checkoutServices: {
    'Amazon Relational Database Service': { normal: 35, spike: 45 },
    'AWS Lambda': { normal: 15, spike: 25 },
  },
  /** Takes whatever remains of checkout's daily cost. */
  checkoutDominantService: 'Amazon Elastic Compute Cloud - Compute',
} as const;

/**
 * What a replication role needs to be allowed, besides S3 assuming it.
 *
 * @public
 */
export const REPLICATION_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionAcl',
  's3:ReplicateObject',
  's3:ReplicateDelete',
] as const;

/**
 * The `media-archive` story: replication that lags and fails (its role has
 * no permission policy, so nothing new replicates).
 *
 * @public
 */
export const DEMO_MEDIA_ARCHIVE = {
  sourceBucket: 'media-archive-primary',
  replicaBucket: 'media-archive-replica',
  role: 's3-replication-media-archive',
  enabledRule: 'archive-all',
  disabledRule: 'thumbnails',
  /** ReplicationLatency every 5 minutes over the last hour, oldest first. */
  latencySeconds: [
    1800, 1950, 2100, 2250, 2400, 2550, 2700, 2850, 3000, 3200, 3400, 3600,
  ],
  pendingOperations: 240,
  failedOperations: 17,
  bytesPending: 5 * 1024 ** 3,
  objects: [
    'videos/2026/launch-keynote.mp4',
    'videos/2026/product-tour.mp4',
    'images/2026/brand-kit.zip',
    'thumbnails/launch-keynote.jpg',
  ],
} as const;

/**
 * The `billing-api` story: healthy replication and fresh backups.
 *
 * @public
 */
export const DEMO_BILLING_API = {
  sourceBucket: 'billing-ledger-primary',
  replicaBucket: 'billing-ledger-replica',
  role: 's3-replication-billing',
  rule: 'ledger-all',
  latencySeconds: [24, 31, 45, 28, 52, 38, 60, 22, 35, 41, 29, 33],
  pendingOperations: 0,
  failedOperations: 0,
  bytesPending: 0,
  backupBucket: 'billing-backups',
  backupPrefix: 'daily/',
} as const;

/**
 * The `search-indexer` story: replication that lags behind (a warning, not
 * yet failing).
 *
 * @public
 */
export const DEMO_SEARCH_INDEXER = {
  sourceBucket: 'search-index-primary',
  replicaBucket: 'search-index-replica',
  role: 's3-replication-search-index',
  rule: 'index-all',
  latencySeconds: [
    600, 720, 840, 900, 960, 1020, 1080, 1140, 1200, 1140, 1080, 1200,
  ],
  pendingOperations: 120,
  failedOperations: 0,
  bytesPending: 300 * 1024 ** 2,
} as const;

/**
 * The `config-backup` story: nightly backups stopped landing because the
 * runner's role may no longer write to the bucket; the runner also runs
 * close to its timeout (88 % of 3 s), which the tuning figures show.
 *
 * @public
 */
export const DEMO_CONFIG_BACKUP = {
  bucket: 'config-backups',
  /** Holds no object at all. */
  nightlyPrefix: 'nightly/',
  archivedObject: 'archive/2025/config-2025-12-31.tar.gz',
  functionName: 'config-backup-runner',
  logGroupName: '/aws/lambda/config-backup-runner',
  timeoutSeconds: 3,
  memorySizeMb: 128,
  /** How long each run takes (REPORT line and CloudWatch `Duration`). */
  runDurationMs: 2650.5,
} as const;

/**
 * Days covered by the demo's cost data for a given moment: the
 * {@link DEMO_COSTS}.historyDays days before today and today (UTC).
 *
 * @public
 */
export function demoCostWindow(now: Date = new Date()): {
  start: string;
  days: number;
} {
  const today = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()),
  );
  const first = addDays(today, -DEMO_COSTS.historyDays);
  return { start: formatDay(first), days: daysBetween(first, today) + 1 };
}

// A fixed weekly wobble keeps the series realistic and reproducible.
const WOBBLE = [0, 0.02, -0.015, 0.01, -0.02, 0.015, -0.01];

/**
 * Daily cost per `service` tag value over `days` days, the last day being
 * today (partial, {@link DEMO_COSTS}.todayShare of the baseline) and the
 * one before it yesterday, with checkout's spike.
 *
 * @public
 */
export function demoCostSeries(days: number): Record<string, number[]> {
  const series: Record<string, number[]> = {};
  for (const [value, baseline] of Object.entries(DEMO_COSTS.dailyBaseline)) {
    series[value] = Array.from({ length: days }, (_, index) =>
      round(baseline * (1 + WOBBLE[index % WOBBLE.length])),
    );
    series[value][days - 1] = round(baseline * DEMO_COSTS.todayShare);
  }
  series.checkout[days - 2] = DEMO_COSTS.checkoutSpike;
  return series;
}

/**
 * Splits checkout's daily cost by AWS service for the drill-down.
 *
 * @public
 */
export function demoCheckoutServiceSeries(
  checkout: number[],
): Record<string, number[]> {
  // The spike was yesterday; today is partial.
  const spikeDay = checkout.length - 2;
  const today = checkout.length - 1;
  const series: Record<string, number[]> = {
    [DEMO_COSTS.checkoutDominantService]: [],
  };
  for (const [service, split] of Object.entries(DEMO_COSTS.checkoutServices)) {
    series[service] = checkout.map((_, index) => {
      if (index === spikeDay) return split.spike;
      if (index === today) return round(split.normal * DEMO_COSTS.todayShare);
      return split.normal;
    });
  }
  series[DEMO_COSTS.checkoutDominantService] = checkout.map((total, index) =>
    round(
      total -
        Object.keys(DEMO_COSTS.checkoutServices).reduce(
          (sum, service) => sum + series[service][index],
          0,
        ),
    ),
  );
  return series;
}

/**
 * The GetCostAndUsage results the demo queues, in order: the daily pages
 * grouped by the `service` tag, then the drill-down of the entities over a
 * threshold (checkout only) grouped by the `service` tag and `SERVICE`, as
 * one page.
 *
 * @public
 */
export function demoCostResults(now: Date = new Date()): {
  byTag: CostAndUsageResult[];
  checkoutByService: CostAndUsageResult[];
} {
  const window = demoCostWindow(now);
  const series = demoCostSeries(window.days);
  return {
    byTag: dailyCostResults({
      ...window,
      tagKey: DEMO_COSTS.tagKey,
      series,
      pageSize: DEMO_COSTS.pageSize,
    }),
    checkoutByService: dailyCostResultsByTagAndDimension({
      ...window,
      tagKey: DEMO_COSTS.tagKey,
      dimension: 'SERVICE',
      series: { checkout: demoCheckoutServiceSeries(series.checkout) },
    }),
  };
}

function round(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * The demo account's posture: a logging multi-region trail with a protected
 * bucket and a metric filter on IAM policy changes, but no alarm on it.
 *
 * @public
 */
export const DEMO_POSTURE = {
  trailName: 'demo-org-trail',
  trailBucket: 'demo-cloudtrail-logs',
  logGroup: 'demo-cloudtrail',
  metricFilter: 'iam-policy-changes',
  iamPolicyEvents: [
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
  /** moto answers GetCallerIdentity with this user for any key. */
  readerUser: 'moto',
  readerActions: [
    'ce:GetCostAndUsage',
    's3:ListBucket',
    's3:GetReplicationConfiguration',
    's3:GetBucketVersioning',
    'cloudtrail:DescribeTrails',
    'cloudtrail:GetTrailStatus',
    'iam:ListUsers',
    'iam:ListAccessKeys',
  ],
} as const;
