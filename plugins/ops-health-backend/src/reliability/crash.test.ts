import knexFactory from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { startReceiver } from '../notifications/channels/__testUtils__/receiver';

jest.setTimeout(600_000);

// A real backend process on one PostgreSQL database, killed with SIGKILL.
const pg = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
const KILLS = Number(process.env.CRASH_KILLS ?? 22);
const ENTITIES = 5;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A deterministic PRNG, so a failing run can be repeated. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return a / 2147483648;
  };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

(pg ? describe : describe.skip)('crash safety on PostgreSQL', () => {
  it(`loses and doubles nothing when the backend is killed ${KILLS} times`, async () => {
    const receiver = await startReceiver();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-health-crash-'));
    const prefix = `crash_${randomBytes(4).toString('hex')}_`;
    const database = `${prefix}ops-health`;
    const stateFile = path.join(dir, 'state');
    const port = await freePort();
    const one = (frequency: object, timeout: object) => ({
      frequency,
      timeout,
      initialDelay: { seconds: 0 },
    });
    const config = {
      backend: {
        baseUrl: `http://localhost:${port}`,
        listen: { port },
        database: { client: 'pg', connection: pg, prefix },
      },
      app: { baseUrl: 'http://localhost:3000' },
      permission: { enabled: false },
      opsHealth: {
        alerting: {
          firingAfter: 1,
          resolvingAfter: 1,
          groupWait: '1s',
          groupInterval: '1s',
        },
        catchUp: { schedule: one({ seconds: 1 }, { seconds: 3 }) },
        notifications: {
          schedule: one({ seconds: 1 }, { seconds: 3 }),
          delivery: { initialBackoff: '1s', maxBackoff: '2s' },
          channels: [
            {
              name: 'hook',
              type: 'webhook',
              minSeverity: 'info',
              url: receiver.url,
              signingSecret: 'crash-test-signing-secret',
            },
          ],
        },
        escalation: {
          schedule: one({ seconds: 1 }, { seconds: 3 }),
          policies: [
            {
              name: 'platform',
              levels: [
                { targets: ['user:default/alice'], delay: '2s' },
                { targets: ['user:default/bob'], delay: '4s' },
              ],
            },
          ],
        },
      },
    };
    fs.writeFileSync(path.join(dir, 'app-config.json'), JSON.stringify(config));
    fs.writeFileSync(stateFile, 'critical');
    const fixture = path.join(
      __dirname,
      '..',
      '__testUtils__',
      'crashBackend.ts',
    );
    const logs: string[] = [];
    const start = (): ChildProcess => {
      const child = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          fixture,
          '--config',
          path.join(dir, 'app-config.json'),
        ],
        {
          env: {
            ...process.env,
            CRASH_STATE_FILE: stateFile,
            CRASH_ENTITIES: String(ENTITIES),
            NODE_ENV: 'development',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout!.on('data', d => logs.push(String(d)));
      child.stderr!.on('data', d => logs.push(String(d)));
      return child;
    };
    const exited = (child: ChildProcess) =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });

    /** Waits for the plugin to say it started, after the given log entry. */
    const started = async (from: number) => {
      for (let i = 0; i < 300; i++) {
        if (logs.slice(from).some(l => l.includes('Ops Health started'))) {
          return;
        }
        await sleep(100);
      }
      throw new Error('the backend did not start');
    };
    const draw = random(20261202);
    let flips = 0;
    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const from = logs.length;
        const child = start();
        if (kill < 2) {
          // The first ones die while starting: mid-migration, holding
          // knex's migration lock, which the next start must free.
          await sleep(300 + Math.floor(draw() * 1500));
        } else {
          // Then killed anywhere in the next few runs of every task: mid
          // collection, evaluation, incident opening, escalation, delivery.
          await started(from);
          await sleep(200 + Math.floor(draw() * 3000));
        }
        child.kill('SIGKILL');
        await exited(child);
        if (kill % 4 === 3) {
          flips++;
          fs.writeFileSync(stateFile, flips % 2 === 1 ? 'ok' : 'critical');
        }
      }
      // Then one that is left to finish its work.
      const last = start();
      await sleep(15_000);
      last.kill('SIGTERM');
      await exited(last);
    } catch (error) {
      throw new Error(`${error}\n${logs.slice(-40).join('')}`);
    }

    const db = knexFactory({
      client: 'pg',
      connection: `${pg!.replace(/\/$/, '')}/${database}`,
    });
    try {
      const incidents = await db('ops_health_incidents').select(
        'id',
        'source_dedup_key',
      );
      const perKey = new Map<string, number>();
      for (const i of incidents) {
        perKey.set(
          i.source_dedup_key,
          (perKey.get(i.source_dedup_key) ?? 0) + 1,
        );
      }
      const alerts = await db('ops_health_alerts').select(
        'id',
        'state',
        'notified_state',
      );
      const transitions = await db('ops_health_alert_events')
        .whereIn('type', ['fired', 'resolved'])
        .count({ n: '*' });
      const untold = alerts.filter(
        a =>
          (a.state === 'firing' || a.notified_state) &&
          a.notified_state !== a.state,
      );
      const deliveries = await db('ops_health_deliveries').select(
        'id',
        'delivered_at',
      );
      const undelivered = deliveries.filter(d => !d.delivered_at);
      const escalations = await db('ops_health_incident_events')
        .where({ type: 'escalated' })
        .select('incident_id', 'data');
      const levels = new Map<string, number>();
      for (const e of escalations) {
        const key = `${e.incident_id}:${JSON.parse(e.data).level}`;
        levels.set(key, (levels.get(key) ?? 0) + 1);
      }
      const keys = receiver.requests.map(
        r => r.headers['idempotency-key'] as string,
      );
      const duplicates = keys.length - new Set(keys).size;

      if (incidents.length === 0) {
        throw new Error(
          `no incident; the backend said:\n${logs.slice(-30).join('')}`,
        );
      }
      expect(perKey.size).toBe(ENTITIES);
      expect([...perKey.values()].every(n => n === 1)).toBe(true);
      expect(untold).toEqual([]);
      expect(undelivered).toEqual([]);
      expect([...levels.values()].every(n => n === 1)).toBe(true);
      // Every delivery reached the receiver; repeats keep their key.
      expect(new Set(keys).size).toBe(deliveries.length);

      reportReliability({
        id: 'crash-safety-postgres_15',
        title: 'Crash safety (POSTGRES_15)',
        command:
          'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/crash.test.ts',
        lines: [
          `A real backend process (the plugin, a check driven by a file, a webhook channel to a loopback receiver, escalation after 2 s and 4 s) was killed with SIGKILL ${KILLS} times: twice while starting (migrations), then 0.2 to 3.2 s after the plugin said it started, while collection, alert evaluation, incident opening, escalation and delivery ran every second; the check flipped between critical and ok ${flips} times; then one run was left to finish.`,
          `Alert transitions: ${Number(transitions[0].n)}. Incidents: ${
            incidents.length
          }, ${perKey.size} dedup keys, at most ${Math.max(
            ...perKey.values(),
          )} per key.`,
          `Notifications lost: ${untold.length} alerts whose state was never told, ${undelivered.length} deliveries never delivered, of ${deliveries.length}.`,
          `Escalations: ${escalations.length}, at most ${Math.max(
            0,
            ...levels.values(),
          )} per level per incident.`,
          `The receiver got ${keys.length} requests for ${
            new Set(keys).size
          } deliveries: ${duplicates} duplicates, each with the idempotency key of its first sending.`,
        ],
      });
    } finally {
      await db.destroy();
      const admin = knexFactory({ client: 'pg', connection: pg! });
      await admin.raw(`drop database if exists "${database}" with (force)`);
      await admin.destroy();
      await receiver.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
