import { randomBytes } from 'node:crypto';
import { motoClientConfig } from '../clientConfig';
import { connectMotoServer } from '../MotoServer';
import { seedBucket } from '../seed/seedBucket';
import { seedLambdaFunction } from '../seed/seedLambdaFunction';
import { seedLogEvents } from '../seed/seedLogEvents';
import { seedMetricData } from '../seed/seedMetricData';
import { seedPosture } from './seedPosture';
import { seedReplication } from '../seed/seedReplication';
import { seedReplicationMetrics } from '../seed/seedReplicationMetrics';
import { seedRole } from '../seed/seedRole';
import { queueCostAndUsageResults } from '../seed/queueCostAndUsageResults';
import { addDays, formatDay, parseDay } from '../seed/utcDays';
import {
  DEMO_ACCOUNT,
  DEMO_BILLING_API,
  DEMO_CONFIG_BACKUP,
  DEMO_MEDIA_ARCHIVE,
  DEMO_OWNERSHIP_TAG,
  DEMO_POSTURE,
  DEMO_SEARCH_INDEXER,
  demoCostResults,
  demoCostWindow,
  REPLICATION_ACTIONS,
} from './demoStory';

/**
 * What {@link seedDemo} created.
 *
 * @public
 */
export interface DemoSeedSummary {
  endpoint: string;
  accountId: string;
  region: string;
  buckets: string[];
  roles: string[];
  functions: string[];
  logGroups: string[];
  /** Number of GetCostAndUsage results queued, tag pages first. */
  queuedCostResults: number;
  /** Days covered by the cost data; `end` is exclusive, as in Cost Explorer. */
  costPeriod: { start: string; end: string };
}

/**
 * Seeds the Ops Health demo story into a moto server: a checkout cost spike,
 * lagging and failing media-archive replication, a healthy billing-api and a
 * config-backup whose nightly backups stopped landing.
 *
 * @remarks
 * Resets the server first, so running it again gives the same state (and a
 * fresh Cost Explorer queue) rather than duplicated metrics and results.
 *
 * @param endpoint - The moto server endpoint.
 * @param options - `now` fixes the moment the story is told relative to.
 * @public
 */
export async function seedDemo(
  endpoint: string,
  options: { now?: Date } = {},
): Promise<DemoSeedSummary> {
  const now = options.now ?? new Date();
  const server = connectMotoServer(endpoint);
  const config = motoClientConfig(server.endpoint, DEMO_ACCOUNT.region);
  await server.reset();

  const costs = demoCostResults(now);
  const costResults = [...costs.byTag, ...costs.checkoutByService];
  await queueCostAndUsageResults(server.endpoint, costResults);

  const media = DEMO_MEDIA_ARCHIVE;
  await seedBucket(config, {
    name: media.sourceBucket,
    versioning: true,
    tags: ownedBy('media-archive'),
    objects: media.objects.map(key => ({
      key,
      body: `demo content of ${key}`,
    })),
  });
  await seedBucket(config, { name: media.replicaBucket, versioning: true });
  // Its role lost its permission policy: S3 (and the emulator's replicator)
  // copies nothing, so the replication test times out.
  const mediaRole = await seedRole(config, { name: media.role });
  await seedReplication(config, {
    source: media.sourceBucket,
    role: mediaRole,
    rules: [
      { id: media.enabledRule, destinationBucket: media.replicaBucket },
      {
        id: media.disabledRule,
        destinationBucket: media.replicaBucket,
        status: 'Disabled',
        prefix: 'thumbnails/',
      },
    ],
  });
  await seedReplicationMetrics(config, {
    sourceBucket: media.sourceBucket,
    destinationBucket: media.replicaBucket,
    ruleId: media.enabledRule,
    latencySeconds: [...media.latencySeconds],
    pendingOperations: media.pendingOperations,
    failedOperations: media.failedOperations,
    bytesPending: media.bytesPending,
    at: now,
    intervalSeconds: 300,
  });

  const billing = DEMO_BILLING_API;
  const today = formatDay(now);
  await seedBucket(config, {
    name: billing.sourceBucket,
    versioning: true,
    tags: ownedBy('billing-api'),
    objects: [{ key: `ledger/${today}.csv`, body: 'id,amount\n1,42.00\n' }],
  });
  await seedBucket(config, { name: billing.replicaBucket, versioning: true });
  const billingRole = await seedRole(config, {
    name: billing.role,
    allow: [...REPLICATION_ACTIONS],
  });
  await seedReplication(config, {
    source: billing.sourceBucket,
    role: billingRole,
    rules: [{ id: billing.rule, destinationBucket: billing.replicaBucket }],
  });
  await seedReplicationMetrics(config, {
    sourceBucket: billing.sourceBucket,
    destinationBucket: billing.replicaBucket,
    ruleId: billing.rule,
    latencySeconds: [...billing.latencySeconds],
    pendingOperations: billing.pendingOperations,
    failedOperations: billing.failedOperations,
    bytesPending: billing.bytesPending,
    at: now,
    intervalSeconds: 300,
  });
  await seedBucket(config, {
    name: billing.backupBucket,
    tags: ownedBy('billing-api'),
    objects: [
      {
        key: `${billing.backupPrefix}billing-ledger-${today}.sql.gz`,
        body: 'demo backup',
      },
    ],
  });

  const search = DEMO_SEARCH_INDEXER;
  await seedBucket(config, {
    name: search.sourceBucket,
    versioning: true,
    tags: ownedBy('search-indexer'),
    objects: [{ key: `segments/${today}.idx`, body: 'demo index segment' }],
  });
  await seedBucket(config, { name: search.replicaBucket, versioning: true });
  const searchRole = await seedRole(config, {
    name: search.role,
    allow: [...REPLICATION_ACTIONS],
  });
  await seedReplication(config, {
    source: search.sourceBucket,
    role: searchRole,
    rules: [{ id: search.rule, destinationBucket: search.replicaBucket }],
  });
  await seedReplicationMetrics(config, {
    sourceBucket: search.sourceBucket,
    destinationBucket: search.replicaBucket,
    ruleId: search.rule,
    latencySeconds: [...search.latencySeconds],
    pendingOperations: search.pendingOperations,
    failedOperations: search.failedOperations,
    bytesPending: search.bytesPending,
    at: now,
    intervalSeconds: 300,
  });

  const backup = DEMO_CONFIG_BACKUP;
  await seedBucket(config, {
    name: backup.bucket,
    tags: ownedBy('config-backup'),
    objects: [{ key: backup.archivedObject, body: 'demo archive' }],
  });
  const runnerArn = await seedLambdaFunction(config, server.endpoint, {
    name: backup.functionName,
    tags: ownedBy('config-backup'),
    description: `Nightly configuration backup to s3://${backup.bucket}/${backup.nightlyPrefix}`,
    environment: {
      BACKUP_BUCKET: backup.bucket,
      BACKUP_PREFIX: backup.nightlyPrefix,
    },
    timeoutSeconds: backup.timeoutSeconds,
    memorySizeMb: backup.memorySizeMb,
  });
  for (const hoursAgo of [25, 1]) {
    const start = new Date(now.getTime() - hoursAgo * 3600_000);
    await seedLogEvents(config, {
      logGroupName: backup.logGroupName,
      ...backupRunLog(start),
    });
    // What Lambda publishes for each run: its duration, and the error.
    const metric = (metricName: string, value: number) =>
      seedMetricData(config, {
        namespace: 'AWS/Lambda',
        metricName,
        dimensions: { FunctionName: backup.functionName },
        values: [{ value, timestamp: start }],
      });
    await metric('Invocations', 1);
    await metric('Errors', 1);
    await metric('Duration', backup.runDurationMs);
  }

  await seedPosture(config);

  const window = demoCostWindow(now);
  const end = addDays(parseDay(window.start), window.days);
  return {
    endpoint: server.endpoint,
    accountId: DEMO_ACCOUNT.accountId,
    region: DEMO_ACCOUNT.region,
    buckets: [
      media.sourceBucket,
      media.replicaBucket,
      billing.sourceBucket,
      billing.replicaBucket,
      billing.backupBucket,
      search.sourceBucket,
      search.replicaBucket,
      backup.bucket,
      DEMO_POSTURE.trailBucket,
    ],
    roles: [mediaRole, billingRole, searchRole],
    functions: [runnerArn],
    logGroups: [backup.logGroupName],
    queuedCostResults: costResults.length,
    costPeriod: { start: window.start, end: formatDay(end) },
  };
}

/**
 * The tag that proves a demo resource belongs to its service (Ops Health's
 * `opsHealth.trust.resourceTagKey`, default `ops-health:entity`).
 */
function ownedBy(component: string): Record<string, string> {
  return { [DEMO_OWNERSHIP_TAG]: `component:default/${component}` };
}

/** One failed run of the backup Lambda, logged the way Lambda logs it. */
function backupRunLog(start: Date) {
  const requestId = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const day = formatDay(start).replace(/-/g, '/');
  const key = `${DEMO_CONFIG_BACKUP.nightlyPrefix}${formatDay(
    start,
  )}/config.tar.gz`;
  const lines = [
    `START RequestId: ${requestId} Version: $LATEST`,
    `INFO Starting nightly config backup to s3://${DEMO_CONFIG_BACKUP.bucket}/${DEMO_CONFIG_BACKUP.nightlyPrefix}`,
    'INFO Collected 128 configuration files (4.2 MB)',
    `ERROR AccessDenied: s3:PutObject on arn:aws:s3:::${DEMO_CONFIG_BACKUP.bucket}/${key}`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${
      DEMO_CONFIG_BACKUP.runDurationMs
    } ms\tBilled Duration: ${Math.ceil(
      DEMO_CONFIG_BACKUP.runDurationMs,
    )} ms\tMemory Size: ${
      DEMO_CONFIG_BACKUP.memorySizeMb
    } MB\tMax Memory Used: 74 MB`,
  ];
  return {
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    messages: lines.map((message, index) => ({
      message,
      timestamp: start.getTime() + index * 300,
    })),
  };
}
