/*
 * The collector at scale: the collection engine reads N annotated entities
 * from the catalog (paged) and runs the cost, replication and backup checks
 * against the in-process AWS, storing results and history in the database:
 * wall time and peak RSS of a first refresh (cost history backfilled) and of
 * the next one. Run it in a process of its own, so that the RSS is its own.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/collector.ts 10000 [sqlite|postgres]
 */
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DatabaseCheckResultStore } from '../plugins/ops-health-backend/src/database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from '../plugins/ops-health-backend/src/database/DatabaseHistoryStore';
import { CollectionEngine } from '../plugins/ops-health-backend/src/engine/CollectionEngine';
import { worldProviders, worldTargets } from './awsCalls';
import { benchDatabase, elapsed, silentLogger } from './benchUtils';
import { createWorld, RequestCounter } from './inProcessAws';

const NOW = new Date('2026-11-26T12:00:00Z');

const mb = (kb: number) => Math.round(kb / 1024);

async function main() {
  const count = Number(process.argv[2] ?? 10000);
  const kind = (process.argv[3] ?? 'sqlite') as 'sqlite' | 'postgres';
  const world = createWorld({ count, accountCount: 1, now: NOW });
  const counter = new RequestCounter();
  const providers = worldProviders(world, counter);
  const entities = worldTargets(world).map(t => t.entity);
  const catalog = catalogServiceMock({ entities });
  const { database, close } = await benchDatabase(kind, `collector_${count}`);
  try {
    const engine = CollectionEngine.create({
      logger: silentLogger,
      auth: mockServices.auth(),
      catalog,
      results: await DatabaseCheckResultStore.create({ database }),
      history: await DatabaseHistoryStore.create({ database }),
      providers,
    });
    const baselineRssMb = mb(process.resourceUsage().maxRSS);
    const refreshes: Record<string, unknown>[] = [];
    for (const refresh of ['first', 'next']) {
      counter.reset();
      const checks: Record<string, unknown> = {};
      const wallMs = await elapsed(async () => {
        for (const provider of providers) {
          const summary = await engine.run(provider, {
            signal: new AbortController().signal,
            logger: silentLogger,
            now: NOW,
          });
          checks[provider.id] = {
            targets: summary.targets,
            results: summary.results,
            failures: summary.failures,
            durationMs: summary.durationMs,
          };
        }
      });
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
        database: kind,
        entities: count,
        replicatedBuckets: world.entities.filter(e => e.bucket).length,
        backupBuckets: world.entities.filter(e => e.backupLocation).length,
        baselineRssMb,
        refreshes,
      })}\n`,
    );
  } finally {
    await close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
