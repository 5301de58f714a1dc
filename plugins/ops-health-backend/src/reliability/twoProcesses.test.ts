import {
  createChildBackends,
  sleep,
  testPostgres,
} from '../__testUtils__/childBackends';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { startReceiver } from '../notifications/channels/__testUtils__/receiver';

jest.setTimeout(600_000);

const ENTITIES = 10;
const FLIPS = 6;

(testPostgres ? describe : describe.skip)(
  'two backend processes on one PostgreSQL database',
  () => {
    it('make one incident per dedup key, one message per transition, one escalation per level', async () => {
      const receiver = await startReceiver();
      const cluster = await createChildBackends({
        receiverUrl: receiver.url,
        entities: ENTITIES,
      });
      try {
        // The first migrates; then the second joins.
        const a = await cluster.start();
        await cluster.started(0);
        const from = cluster.logs.length;
        const b = await cluster.start();
        await cluster.started(from);
        // Both run every task each second; the check flips every 6 s, past
        // both escalation levels (2 s and 4 s) while critical.
        for (let flip = 1; flip <= FLIPS; flip++) {
          await sleep(6_000);
          cluster.setState(flip % 2 === 1 ? 'ok' : 'critical');
        }
        await sleep(8_000);
        a.kill('SIGTERM');
        b.kill('SIGTERM');
        await Promise.all([cluster.exited(a), cluster.exited(b)]);

        const keys = receiver.requests.map(
          r => r.headers['idempotency-key'] as string,
        );
        const c = await cluster.counts(keys);
        expect(c.transitions).toBeGreaterThanOrEqual(50);
        expect(c.incidentsPerKey.size).toBe(ENTITIES);
        expect([...c.incidentsPerKey.values()].every(n => n === 1)).toBe(true);
        expect([...c.escalationsPerLevel.values()].every(n => n === 1)).toBe(
          true,
        );
        // One message per transition: each fire and resolve of an entity
        // is its own grouped message (groups wait 1 s; flips are 6 s apart).
        expect(c.notifications.alerts).toBe(c.transitions);
        // One delivery per message and channel, each sent once.
        expect(c.deliveries).toBe(
          c.notifications.alerts + c.notifications.escalations,
        );
        expect(c.undelivered).toBe(0);
        expect(c.requests).toBe(c.uniqueKeys);

        reportReliability({
          id: 'two-processes-postgres_15',
          title: 'Two backend processes on one database (POSTGRES_15)',
          command:
            'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/twoProcesses.test.ts',
          lines: [
            `Two real backend processes on one PostgreSQL database ran collection, evaluation, incidents, escalation and delivery every second while the check of ${ENTITIES} entities flipped ${FLIPS} times: ${c.transitions} alert transitions.`,
            `Incidents: ${c.incidents}, one per dedup key (${c.incidentsPerKey.size} keys). Escalations: ${c.escalations}, one per level per incident.`,
            `Messages: ${c.notifications.alerts} for ${
              c.transitions
            } transitions, ${
              c.notifications.escalations
            } escalation messages; ${
              c.deliveries
            } deliveries on the one channel, ${
              c.undelivered
            } undelivered; the receiver got ${c.requests} requests, ${
              c.requests - c.uniqueKeys
            } duplicates.`,
          ],
        });
      } finally {
        await cluster.cleanUp();
        await receiver.close();
      }
    });
  },
);
