/*
 * AWS calls per refresh: the cost, replication and backup checks run once
 * over 10, 100, 1,000 and 10,000 annotated entities in 1 and 5 accounts,
 * against the in-process AWS; every request is counted per service. Prints
 * one JSON line per case (the report reads them).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/awsCalls.ts
 */
import type {
  CheckResult,
  CheckRunContext,
  DailyCost,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createWorld, RequestCounter } from './inProcessAws';
import { silentLogger } from './benchUtils';
import { worldProviders, worldTargets } from './world';

const NOW = new Date('2026-11-26T12:00:00Z');

/**
 * A history that holds what it is given: the cost series and the results of
 * earlier runs.
 */
export function memoryHistory() {
  const costs = new Map<string, DailyCost>();
  const results = new Map<string, CheckResult>();
  return {
    store(
      dailyCosts: Iterable<DailyCost> = [],
      checkResults: CheckResult[] = [],
    ) {
      for (const c of dailyCosts) costs.set(`${c.entityRef}|${c.day}`, c);
      for (const r of checkResults) {
        results.set(`${r.entityRef}|${r.checkId}|${r.subject}`, r);
      }
    },
    history: {
      async getResults(entityRefs: string[], checkId: string) {
        const refs = new Set(entityRefs);
        return [...results.values()].filter(
          r => refs.has(r.entityRef) && r.checkId === checkId,
        );
      },
      async getDailyCosts(entityRefs: string[], fromDay: string) {
        const refs = new Set(entityRefs);
        return [...costs.values()].filter(
          c => refs.has(c.entityRef) && c.day >= fromDay,
        );
      },
      async countDailyCosts(entityRefs: string[], from: string, to: string) {
        const refs = new Set(entityRefs);
        const counts = new Map<string, number>();
        for (const c of costs.values()) {
          if (!refs.has(c.entityRef) || c.day < from || c.day >= to) continue;
          counts.set(c.entityRef, (counts.get(c.entityRef) ?? 0) + 1);
        }
        return counts;
      },
    } satisfies CheckRunContext['history'],
  };
}

async function refresh(count: number, accountCount: number) {
  const world = createWorld({ count, accountCount, now: NOW });
  const counter = new RequestCounter();
  const providers = worldProviders(world, counter);
  const targets = worldTargets(world);
  const memory = memoryHistory();
  const context = (): CheckRunContext => ({
    signal: new AbortController().signal,
    logger: silentLogger,
    now: NOW,
    history: memory.history,
  });
  const runs: Record<string, unknown>[] = [];
  // The first refresh backfills the cost history; the second is the steady
  // state every later refresh repeats.
  for (const run of ['first', 'steady']) {
    counter.reset();
    const statuses: Record<string, Record<string, number>> = {};
    const failures: Record<string, number> = {};
    for (const provider of providers) {
      const own = targets.filter(t => provider.appliesTo(t));
      const output = await provider.run(own, context());
      memory.store(output.dailyCosts, output.results);
      failures[provider.id] = output.failures.length;
      const byStatus: Record<string, number> = {};
      for (const r of output.results) {
        byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      }
      statuses[provider.id] = byStatus;
      if (output.failures.length) {
        console.error(provider.id, output.failures.slice(0, 2));
      }
    }
    runs.push({
      run,
      requests: structuredClone(counter.counts),
      totals: Object.fromEntries(
        Object.keys(counter.counts).map(s => [s, counter.total(s)]),
      ),
      statuses,
      failures,
    });
  }
  return {
    bench: 'awsCalls',
    entities: count,
    accounts: accountCount,
    buckets: world.bucketOwner.size,
    hot: world.entities.filter(e => e.hot).length,
    runs,
  };
}

async function main() {
  const counts = process.argv.includes('--quick')
    ? [10, 100, 1000]
    : [10, 100, 1000, 10000];
  for (const accounts of [1, 5]) {
    for (const count of counts) {
      process.stdout.write(
        `${JSON.stringify(await refresh(count, accounts))}\n`,
      );
    }
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
