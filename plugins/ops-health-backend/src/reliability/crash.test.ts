import {
  createChildBackends,
  sleep,
  testPostgres,
} from '../__testUtils__/childBackends';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { startReceiver } from '../notifications/channels/__testUtils__/receiver';

jest.setTimeout(600_000);

// A real backend process on one PostgreSQL database, killed with SIGKILL.
const KILLS = Number(process.env.CRASH_KILLS ?? 22);
const ENTITIES = 5;

/** A deterministic PRNG, so a failing run can be repeated. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

(testPostgres ? describe : describe.skip)('crash safety on PostgreSQL', () => {
  it(`loses and doubles nothing when the backend is killed ${KILLS} times`, async () => {
    const receiver = await startReceiver();
    const cluster = await createChildBackends({
      receiverUrl: receiver.url,
      entities: ENTITIES,
    });
    const draw = random(20261202);
    let flips = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const from = cluster.logs.length;
        const child = await cluster.start();
        if (kill < 2) {
          // The first ones die while starting: mid-migration, holding
          // knex's migration lock, which the next start must free.
          await sleep(300 + Math.floor(draw() * 1500));
        } else {
          // Then killed anywhere in the next few runs of every task: mid
          // collection, evaluation, incident opening, escalation, delivery.
          await cluster.started(from);
          await sleep(200 + Math.floor(draw() * 3000));
        }
        child.kill('SIGKILL');
        await cluster.exited(child);
        if (kill % 4 === 3) {
          flips++;
          cluster.setState(flips % 2 === 1 ? 'ok' : 'critical');
        }
      }
      // Then one that is left to finish its work.
      const from = cluster.logs.length;
      const last = await cluster.start();
      await cluster.started(from);
      await sleep(12_000);
      last.kill('SIGTERM');
      await cluster.exited(last);

      const keys = receiver.requests.map(
        r => r.headers['idempotency-key'] as string,
      );
      const c = await cluster.counts(keys);
      if (c.incidents === 0) {
        throw new Error(
          `no incident; the backend said:\n${cluster.logs.slice(-30).join('')}`,
        );
      }
      expect(c.incidentsPerKey.size).toBe(ENTITIES);
      expect([...c.incidentsPerKey.values()].every(n => n === 1)).toBe(true);
      expect(c.untold).toBe(0);
      expect(c.undelivered).toBe(0);
      expect([...c.escalationsPerLevel.values()].every(n => n === 1)).toBe(
        true,
      );
      // Every delivery reached the receiver; repeats keep their key.
      expect(c.uniqueKeys).toBe(c.deliveries);

      reportReliability({
        id: 'crash-safety-postgres_15',
        title: 'Crash safety (POSTGRES_15)',
        command:
          'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/crash.test.ts',
        lines: [
          `A real backend process (the plugin, a check driven by a file, a webhook channel to a loopback receiver, escalation after 2 s and 4 s) was killed with SIGKILL ${KILLS} times: twice while starting (migrations), then 0.2 to 3.2 s after the plugin said it started, while collection, alert evaluation, incident opening, escalation and delivery ran every second; the check flipped between critical and ok ${flips} times; then one run was left to finish.`,
          `Alert transitions: ${c.transitions}. Incidents: ${c.incidents}, ${
            c.incidentsPerKey.size
          } dedup keys, at most ${Math.max(
            ...c.incidentsPerKey.values(),
          )} per key.`,
          `Notifications lost: ${c.untold} alerts whose state was never told, ${c.undelivered} deliveries never delivered, of ${c.deliveries}.`,
          `Escalations: ${c.escalations}, at most ${Math.max(
            0,
            ...c.escalationsPerLevel.values(),
          )} per level per incident.`,
          `The receiver got ${c.requests} requests for ${
            c.uniqueKeys
          } deliveries: ${
            c.requests - c.uniqueKeys
          } duplicates, each with the idempotency key of its first sending.`,
        ],
      });
    } finally {
      await cluster.cleanUp();
      await receiver.close();
    }
  });
});
