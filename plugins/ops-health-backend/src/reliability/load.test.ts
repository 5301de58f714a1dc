import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { seedDemo, useMotoServer } from '@internal/aws-emulator';
import { AddressInfo } from 'node:net';
import { opsHealthModuleAwsChecks, opsHealthPlugin } from '..';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { demoEntities, useAwsEndpoint } from '../__testUtils__/demoCatalog';

jest.setTimeout(300_000);

const databases = createTestDatabases();

const CLIENTS = 50;
const DURATION_MS = 60_000;
const EVERY_5_SECONDS = {
  frequency: { seconds: 5 },
  timeout: { seconds: 30 },
  initialDelay: { seconds: 0 },
};
const ROUTES = [
  '/api/ops-health/health?limit=50',
  '/api/ops-health/checks',
  '/api/ops-health/entities/component/default/media-archive/health',
  '/api/ops-health/entities/component/default/checkout-service/checks/cost',
  '/api/ops-health/entities/component/default/billing-api/checks/backup',
  '/api/ops-health/alerts',
  '/api/ops-health/incidents',
];

const moto = useMotoServer();

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

describe.each(databases.eachSupportedId())('load on %p', databaseId => {
  let restore: () => void;
  beforeEach(async () => {
    await seedDemo(moto.endpoint);
    restore = useAwsEndpoint(moto.endpoint);
  });
  afterEach(() => restore());

  it(`serves ${CLIENTS} concurrent readers for 60 s while the collectors run every 5 s, without an error`, async () => {
    const knex = await databases.init(databaseId);
    const backend = await startTestBackend({
      features: [
        opsHealthPlugin,
        opsHealthModuleAwsChecks,
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            opsHealth: {
              cost: { schedule: EVERY_5_SECONDS },
              replication: { schedule: EVERY_5_SECONDS },
              backup: { schedule: EVERY_5_SECONDS },
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const authorization = mockCredentials.user.header('user:default/alice');

    const latencies: number[] = [];
    const errors: string[] = [];
    const started = Date.now();
    const client = async (n: number) => {
      let i = n;
      while (Date.now() - started < DURATION_MS) {
        const route = ROUTES[i++ % ROUTES.length];
        const t = performance.now();
        try {
          const res = await fetch(base + route, { headers: { authorization } });
          await res.arrayBuffer();
          if (res.status !== 200) errors.push(`${route}: ${res.status}`);
        } catch (error) {
          errors.push(`${route}: ${(error as Error).message}`);
        }
        latencies.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    const elapsed = Date.now() - started;

    // The collectors ran all along: each check measured within the last
    // 10 seconds of the load.
    const summary = await fetch(`${base}/api/ops-health/checks`, {
      headers: { authorization },
    }).then(r => r.json());
    const lastRuns = Object.fromEntries(
      summary.items
        .filter((c: any) =>
          ['cost', 'replication', 'backup'].includes(c.checkId),
        )
        .map((c: any) => [c.checkId, Date.parse(c.lastMeasuredAt)]),
    );
    await backend.stop();

    expect(errors.slice(0, 10)).toEqual([]);
    for (const at of Object.values(lastRuns)) {
      expect(started + elapsed - (at as number)).toBeLessThan(15_000);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    reportReliability({
      id: `load-${String(databaseId).toLowerCase()}`,
      title: `Load while collecting (${databaseId})`,
      command:
        'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/load.test.ts',
      lines: [
        `${CLIENTS} concurrent clients read ${
          ROUTES.length
        } routes (the portal list, the check summary, entity health, cost and backup detail, alerts, incidents) for ${Math.round(
          elapsed / 1000,
        )} s, while the cost, replication and backup collectors ran every 5 s against moto (demo catalog), in the test process, on this machine.`,
        `${latencies.length} requests, ${errors.length} errors; ${Math.round(
          latencies.length / (elapsed / 1000),
        )} requests/s; latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(
          1,
        )} ms.`,
      ],
    });
  });
});
