import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  FaultProxy,
  seedDemo,
  startFaultProxy,
  useMotoServer,
} from '@internal/aws-emulator';
import request from 'supertest';
import { opsHealthModuleAwsChecks, opsHealthPlugin } from '..';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { demoEntities, useAwsEndpoint } from '../__testUtils__/demoCatalog';

jest.setTimeout(240_000);

const databases = createTestDatabases();
const CHECKS = ['cost', 'replication', 'backup'];
const SHARE = 0.3;
const MAX_ATTEMPTS = 2;

const moto = useMotoServer();

/** The results of every demo entity with AWS checks, through the read API. */
async function results(server: any) {
  const all = await request(server).get(
    `/api/ops-health/health?${CHECKS.map(c => `check=${c}`).join(
      '&',
    )}&limit=500`,
  );
  expect(all.status).toBe(200);
  return all.body.items as Array<{
    entityRef: string;
    checkId: string;
    subject: string;
    status: string;
    measuredAt: string;
    stale: boolean;
    error?: string;
  }>;
}

describe.each(databases.eachSupportedId())('AWS faults on %p', databaseId => {
  let restore: () => void;
  let proxy: FaultProxy;
  beforeEach(async () => {
    await seedDemo(moto.endpoint);
    proxy = await startFaultProxy({
      target: moto.endpoint,
      share: 0,
      seed: 7,
      slowMs: 800,
    });
    restore = useAwsEndpoint(proxy.endpoint);
  });
  afterEach(async () => {
    restore();
    await proxy.close();
  });

  it('finishes every collection, keeps healthy results fresh and the last good ones stale with the error, and the read API answers no 5xx', async () => {
    const knex = await databases.init(databaseId);
    const start = () =>
      startTestBackend({
        features: [
          opsHealthPlugin,
          opsHealthModuleAwsChecks,
          catalogServiceMock.factory({ entities: demoEntities }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          mockServices.rootConfig.factory({
            data: {
              opsHealth: {
                aws: { maxAttempts: MAX_ATTEMPTS },
                trust: {
                  accounts: [
                    {
                      accountId: '210987654321',
                      owners: ['group:default/platform-ops'],
                    },
                  ],
                },
              },
            },
          }),
        ],
      });

    /** Waits until every check has measured (or failed) since `since`. */
    async function collectedSince(server: any, since: number) {
      for (let i = 0; i < 300; i++) {
        const summary = await request(server).get('/api/ops-health/checks');
        expect(summary.status).toBe(200);
        const done = CHECKS.every(id => {
          const c = summary.body.items.find((x: any) => x.checkId === id);
          const last = Math.max(
            Date.parse(c?.lastMeasuredAt ?? '') || 0,
            Date.parse(c?.lastErrorAt ?? '') || 0,
          );
          return last >= since;
        });
        if (done) return;
        await new Promise(r => setTimeout(r, 200));
      }
      throw new Error('the collection did not finish');
    }

    // First: a clean collection, the last good results.
    const firstStart = Date.now();
    const first = await start();
    await collectedSince(first.server, firstStart);
    // Give the checks that run per batch a moment to store everything.
    await new Promise(r => setTimeout(r, 1000));
    const good = await results(first.server);
    expect(good.every(r => !r.stale || r.error?.includes('210987654321'))).toBe(
      true,
    );
    await first.stop();

    // Then the same backend restarted while AWS fails on 30 % of calls.
    proxy.setShare(SHARE);
    const secondStart = Date.now();
    const second = await start();
    let reads = 0;
    const fiveHundreds: string[] = [];
    let reading = true;
    const reader = (async () => {
      const routes = [
        '/api/ops-health/health?limit=50',
        '/api/ops-health/checks',
        '/api/ops-health/entities/component/default/media-archive/health',
        '/api/ops-health/entities/component/default/billing-api/checks/backup',
        '/api/ops-health/alerts',
      ];
      while (reading) {
        const route = routes[reads % routes.length];
        const res = await request(second.server).get(route);
        reads++;
        if (res.status >= 500) fiveHundreds.push(`${route}: ${res.status}`);
        await new Promise(r => setTimeout(r, 20));
      }
    })();
    await collectedSince(second.server, secondStart);
    await new Promise(r => setTimeout(r, 1500));
    reading = false;
    await reader;

    const after = await results(second.server);
    const key = (r: { entityRef: string; checkId: string; subject: string }) =>
      `${r.entityRef}|${r.checkId}|${r.subject}`;
    const before = new Map(good.map(r => [key(r), r]));
    const fresh = after.filter(
      r => !r.stale && Date.parse(r.measuredAt) >= secondStart,
    );
    const affected = after.filter(
      r => r.stale && Date.parse(r.measuredAt) < secondStart,
    );
    // Every result is either measured again or kept from before, stale
    // with the error; none is lost.
    expect(after.map(key).sort()).toEqual([...before.keys()].sort());
    for (const r of affected) {
      expect(r.error).toBeTruthy();
      expect(r.measuredAt).toBe(before.get(key(r))!.measuredAt);
    }
    expect(fresh.length + affected.length).toBe(after.length);
    expect(fiveHundreds).toEqual([]);
    const injected = Object.values(proxy.stats.faults).reduce(
      (a, b) => a + b,
      0,
    );
    expect(injected).toBeGreaterThan(0);
    await second.stop();

    reportReliability({
      id: `aws-faults-${String(databaseId).toLowerCase()}`,
      title: `AWS faults (${databaseId})`,
      command:
        'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/awsFaults.test.ts',
      lines: [
        `A loopback proxy in front of moto failed ${Math.round(
          SHARE * 100,
        )} % of the calls of a collection (cost, replication, backup of the demo catalog), the SDK retrying each call up to ${MAX_ATTEMPTS} times: ${
          proxy.stats.calls
        } calls tried, ${injected} faults injected (${Object.entries(
          proxy.stats.faults,
        )
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}).`,
        `Every collection finished. Of ${after.length} results, ${fresh.length} were measured again and ${affected.length} kept their last good result, marked stale with the error.`,
        `The read API answered ${reads} requests during the collection, ${fiveHundreds.length} of them 5xx.`,
      ],
    });
  });
});
