/*
 * The collector at scale: the collection engine reads N annotated entities
 * from the catalog (paged) and runs the cost, replication and backup checks
 * against the in-process AWS, storing results and history in the database:
 * wall time and peak RSS of a first refresh (cost history backfilled) and of
 * the next one. Run it in a process of its own, so that the RSS is its own.
 * With `moto`, against a moto server instead (seeded through the AWS SDK:
 * tagged buckets, replication rules and their metrics, nightly backups, the
 * Cost Explorer answers queued), on real AWS SDK clients over HTTP.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/collector.ts 10000 [sqlite|postgres] [moto]
 *
 * or compiled ahead, as `./run bench` runs it (bench/bundle.ts):
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/bundle.ts collector.ts
 *   node --expose-gc node_modules/.cache/ops-health-bench/collector.js 10000 [sqlite|postgres] [moto]
 *
 * The process loads what the collector needs and no test library: the
 * services it calls are stand-ins with the one method each it calls.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DatabaseCheckResultStore } from '../plugins/ops-health-backend/src/database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from '../plugins/ops-health-backend/src/database/DatabaseHistoryStore';
import { CollectionEngine } from '../plugins/ops-health-backend/src/engine/CollectionEngine';
import { worldProviders, worldTargets } from './world';
import { benchDatabase, elapsed, silentLogger } from './benchUtils';
import {
  apiOf,
  createWorld,
  RequestCounter,
  withMiddleware,
  World,
} from './inProcessAws';
import {
  dailyCostResults,
  dailyCostResultsByTagAndDimension,
  motoClientConfig,
  MotoServer,
  queueCostAndUsageResults,
  seedBucket,
  seedReplication,
  seedReplicationMetrics,
  seedRole,
  startMotoServer,
} from '@internal/aws-emulator';
import { createMotoClientFactory } from '../plugins/ops-health-backend-module-aws/src/__testUtils__/awsClients';
import type { AwsClientFactory } from '../plugins/ops-health-backend-module-aws/src/AwsClientFactory';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Seeds the world into a moto server, and queues the Cost Explorer answers
 * of two refreshes (the backfill of 90 days, then the last days again; each
 * with the drill-down of the entities over their threshold).
 */
async function seedMoto(server: MotoServer, world: World) {
  const config = motoClientConfig(server.endpoint, 'us-east-1');
  const now = world.now.getTime();
  const owner = (name: string) => ({
    [world.resourceTagKey]: `component:default/${name}`,
  });
  const role = await seedRole(config, {
    name: 's3-replication',
    allow: ['s3:GetObjectVersionForReplication', 's3:ReplicateObject'],
  });
  for (const e of world.entities) {
    if (e.bucket) {
      await seedBucket(config, {
        name: e.bucket,
        versioning: true,
        tags: owner(e.name),
      });
      await seedBucket(config, {
        name: `${e.bucket}-replica`,
        versioning: true,
      });
      await seedReplication(config, {
        source: e.bucket,
        role,
        rules: [{ id: 'all', destinationBucket: `${e.bucket}-replica` }],
      });
      await seedReplicationMetrics(config, {
        sourceBucket: e.bucket,
        destinationBucket: `${e.bucket}-replica`,
        ruleId: 'all',
        latencySeconds: [30, 40, 35],
        pendingOperations: 0,
        failedOperations: 0,
        bytesPending: 0,
        at: world.now,
        intervalSeconds: 300,
      });
    }
    if (e.backupLocation) {
      await seedBucket(config, {
        name: e.backupLocation.bucket,
        tags: owner(e.name),
        objects: [0, 1, 2].map(i => ({
          key: `${e.backupLocation!.prefix}backup-${day(
            now - i * DAY_MS,
          )}.tar.gz`,
          body: 'bench backup',
        })),
      });
    }
  }
  const series = (days: number, hot: boolean) =>
    Array.from({ length: days }, () => (hot ? 150 : 20));
  const costs = (start: string, days: number) =>
    dailyCostResults({
      start,
      days,
      tagKey: 'service',
      series: Object.fromEntries(
        world.entities.map(e => [e.costTag, series(days, e.hot)]),
      ),
      pageSize: 10,
    });
  const monthStart = `${day(now).slice(0, 8)}01`;
  const monthDays = Math.round((now - Date.parse(monthStart)) / DAY_MS) + 1;
  const drivers = () =>
    dailyCostResultsByTagAndDimension({
      start: monthStart,
      days: monthDays,
      tagKey: 'service',
      dimension: 'SERVICE',
      series: Object.fromEntries(
        world.entities
          .filter(e => e.hot)
          .map(e => [
            e.costTag,
            {
              'Amazon Elastic Compute Cloud - Compute': series(monthDays, true),
              'Amazon Simple Storage Service': series(monthDays, false),
            },
          ]),
      ),
    });
  await queueCostAndUsageResults(server.endpoint, [
    ...costs(day(now - 95 * DAY_MS), 96),
    ...drivers(),
    ...costs(day(now - 3 * DAY_MS), 4),
    ...drivers(),
  ]);
}

const mb = (kb: number) => Math.round(kb / 1024);

/**
 * The catalog as the collector meets it: the test catalog, but its pages
 * served as the catalog's HTTP API serves them, one page of the entities
 * that have one of the filter's annotations at a time, each entity arriving
 * as a fresh copy parsed from JSON. (The test catalog's own paging filters
 * and copies all N entities for every page; that work is the catalog
 * server's, not the collector's.)
 */
function pagedCatalog(entities: Entity[]): CatalogService {
  async function* streamEntities(
    request?: Parameters<CatalogService['streamEntities']>[0],
  ) {
    const filters = [request?.filter ?? []].flat();
    const annotations = filters.flatMap(f =>
      Object.keys(f).map(key => key.replace(/^metadata\.annotations\./, '')),
    );
    const matching = annotations.length
      ? entities.filter(e =>
          annotations.some(a => e.metadata.annotations?.[a] !== undefined),
        )
      : entities;
    const pageSize = request?.pageSize ?? 500;
    for (let i = 0; i < matching.length; i += pageSize) {
      yield JSON.parse(JSON.stringify(matching.slice(i, i + pageSize)));
    }
  }
  return { streamEntities } as unknown as CatalogService;
}

/** The plugin's own service credentials, the one call the collector makes. */
const serviceAuth = {
  getOwnServiceCredentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'plugin:ops-health' },
  }),
} as unknown as AuthService;

/** The factory's clients, each request counted as the in-process AWS does. */
function counted(
  factory: AwsClientFactory,
  counter: RequestCounter,
): AwsClientFactory {
  return withMiddleware(
    factory,
    'benchCount',
    service => (next: any, context: any) => async (args: any) => {
      counter.add(service, apiOf(context));
      return next(args);
    },
  );
}

async function main() {
  const count = Number(process.argv[2] ?? 10000);
  const kind = (process.argv[3] ?? 'sqlite') as 'sqlite' | 'postgres';
  const moto = process.argv[4] === 'moto';
  // moto stamps objects with the real time: its world is now.
  const now = moto ? new Date() : NOW;
  const world = createWorld({ count, accountCount: 1, now });
  const counter = new RequestCounter();
  let server: MotoServer | undefined;
  let seededMs: number | undefined;
  if (moto) {
    server = await startMotoServer();
    seededMs = await elapsed(() => seedMoto(server!, world));
  }
  const providers = worldProviders(
    world,
    counter,
    server && counted(createMotoClientFactory(server.endpoint), counter),
  );
  const entities = worldTargets(world).map(t => t.entity);
  const catalog = pagedCatalog(entities);
  const { database, close } = await benchDatabase(kind, `collector_${count}`);
  try {
    const results = await DatabaseCheckResultStore.create({ database });
    const engine = CollectionEngine.create({
      logger: silentLogger,
      auth: serviceAuth,
      catalog,
      results,
      history: await DatabaseHistoryStore.create({ database }),
      providers,
    });
    const baselineRssMb = mb(process.resourceUsage().maxRSS);
    // The heap in use after a full collection (with --expose-gc): before
    // the first refresh, and after the second; not in the figures timed.
    const heapInUseMb = () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) return undefined;
      gc();
      return Math.round(process.memoryUsage().heapUsed / 1048576);
    };
    const heapBeforeMb = heapInUseMb();
    const refreshes: Record<string, unknown>[] = [];
    for (const refresh of ['first', 'next']) {
      counter.reset();
      const checks: Record<string, unknown> = {};
      const wallMs = await elapsed(async () => {
        for (const provider of providers) {
          const summary = await engine.run(provider, {
            signal: new AbortController().signal,
            logger: silentLogger,
            now,
          });
          checks[provider.id] = {
            targets: summary.targets,
            results: summary.results,
            failures: summary.failures,
            durationMs: summary.durationMs,
          };
        }
      });
      // What each check found (after the timing): the results by status.
      for (const summary of (await results.summarizeChecks(
        new Set(worldTargets(world).map(t => t.entityRef)),
      )) as Array<{ checkId: string; statusCounts: object }>) {
        Object.assign(checks[summary.checkId] ?? {}, {
          statuses: summary.statusCounts,
        });
      }
      refreshes.push({
        refresh,
        wallMs,
        peakRssMb: mb(process.resourceUsage().maxRSS),
        requests: Object.fromEntries(
          Object.keys(counter.counts).map(s => [s, counter.total(s)]),
        ),
        checks,
      });
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'collector',
        aws: moto ? 'moto' : 'in-process',
        ...(seededMs !== undefined ? { motoSeededMs: seededMs } : {}),
        database: kind,
        entities: count,
        replicatedBuckets: world.entities.filter(e => e.bucket).length,
        backupBuckets: world.entities.filter(e => e.backupLocation).length,
        baselineRssMb,
        refreshes,
        heapBeforeMb,
        heapAfterMb: heapInUseMb(),
      })}\n`,
    );
  } finally {
    await close();
    await server?.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
