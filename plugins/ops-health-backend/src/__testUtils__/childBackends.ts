import knexFactory from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The PostgreSQL server of the tests, when there is one. */
export const testPostgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

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

const every = (frequency: object, timeout: object) => ({
  frequency,
  timeout,
  initialDelay: { seconds: 0 },
});

/** What the database holds after a run, and what the receiver got. */
export interface ClusterCounts {
  incidents: number;
  /** Incidents per alert dedup key. */
  incidentsPerKey: Map<string, number>;
  /** `fired` and `resolved` alert events. */
  transitions: number;
  /** Alerts whose current state nobody was told of. */
  untold: number;
  deliveries: number;
  undelivered: number;
  /** Alert messages (firing, resolved) and escalation messages. */
  notifications: { alerts: number; escalations: number };
  escalations: number;
  /** Escalations per incident and level. */
  escalationsPerLevel: Map<string, number>;
  requests: number;
  uniqueKeys: number;
}

/**
 * Real backend processes (`crashBackend.ts` through Backstage's node
 * transform: the plugin, a check driven by a state file, a webhook channel to
 * the test's receiver, two escalation levels after 2 s and 4 s, every task
 * each second) on one fresh PostgreSQL database.
 */
export async function createChildBackends(options: {
  receiverUrl: string;
  entities: number;
}) {
  const pg = testPostgres!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-health-child-'));
  const prefix = `child_${randomBytes(4).toString('hex')}_`;
  const database = `${prefix}ops-health`;
  const stateFile = path.join(dir, 'state');
  fs.writeFileSync(stateFile, 'critical');
  const fixture = path.join(__dirname, 'crashBackend.ts');
  const logs: string[] = [];

  const configFor = (port: number) => ({
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
      catchUp: { schedule: every({ seconds: 1 }, { seconds: 3 }) },
      notifications: {
        schedule: every({ seconds: 1 }, { seconds: 3 }),
        delivery: { initialBackoff: '1s', maxBackoff: '2s' },
        channels: [
          {
            name: 'hook',
            type: 'webhook',
            minSeverity: 'info',
            url: options.receiverUrl,
            signingSecret: 'child-backend-signing-secret',
          },
        ],
      },
      escalation: {
        schedule: every({ seconds: 1 }, { seconds: 3 }),
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
  });

  return {
    logs,
    setState(state: 'ok' | 'critical') {
      fs.writeFileSync(stateFile, state);
    },
    /** Starts one backend process on a port of its own. */
    async start(): Promise<ChildProcess> {
      const port = await freePort();
      const configFile = path.join(dir, `app-config-${port}.json`);
      fs.writeFileSync(configFile, JSON.stringify(configFor(port)));
      const child = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          fixture,
          '--config',
          configFile,
        ],
        {
          env: {
            ...process.env,
            CRASH_STATE_FILE: stateFile,
            CRASH_ENTITIES: String(options.entities),
            NODE_ENV: 'development',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout!.on('data', d => logs.push(String(d)));
      child.stderr!.on('data', d => logs.push(String(d)));
      return child;
    },
    /** Waits for a backend to say it started, after the given log entry. */
    async started(from: number) {
      for (let i = 0; i < 600; i++) {
        if (logs.slice(from).some(l => l.includes('Ops Health started'))) {
          return;
        }
        await sleep(100);
      }
      throw new Error(
        `the backend did not start:\n${logs.slice(-40).join('')}`,
      );
    },
    exited(child: ChildProcess) {
      return new Promise<void>(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
    },
    /** Counts on the database and the receiver's requests. */
    async counts(idempotencyKeys: string[]): Promise<ClusterCounts> {
      const db = knexFactory({
        client: 'pg',
        connection: `${pg.replace(/\/$/, '')}/${database}`,
      });
      try {
        const incidents = await db('ops_health_incidents').select(
          'source_dedup_key',
        );
        const incidentsPerKey = new Map<string, number>();
        for (const i of incidents) {
          const key = i.source_dedup_key;
          incidentsPerKey.set(key, (incidentsPerKey.get(key) ?? 0) + 1);
        }
        const alerts = await db('ops_health_alerts').select(
          'state',
          'notified_state',
        );
        const [{ n: transitions }] = await db('ops_health_alert_events')
          .whereIn('type', ['fired', 'resolved'])
          .count({ n: '*' });
        const deliveries = await db('ops_health_deliveries').select(
          'delivered_at',
        );
        const kinds = (
          await db('ops_health_notifications').select('payload')
        ).map(n => JSON.parse(n.payload).kind as string);
        const escalated = await db('ops_health_incident_events')
          .where({ type: 'escalated' })
          .select('incident_id', 'data');
        const escalationsPerLevel = new Map<string, number>();
        for (const e of escalated) {
          const key = `${e.incident_id}:${JSON.parse(e.data).level}`;
          escalationsPerLevel.set(key, (escalationsPerLevel.get(key) ?? 0) + 1);
        }
        return {
          incidents: incidents.length,
          incidentsPerKey,
          transitions: Number(transitions),
          untold: alerts.filter(
            a =>
              (a.state === 'firing' || a.notified_state) &&
              a.notified_state !== a.state,
          ).length,
          deliveries: deliveries.length,
          undelivered: deliveries.filter(d => !d.delivered_at).length,
          notifications: {
            alerts: kinds.filter(k => k !== 'escalation').length,
            escalations: kinds.filter(k => k === 'escalation').length,
          },
          escalations: escalated.length,
          escalationsPerLevel,
          requests: idempotencyKeys.length,
          uniqueKeys: new Set(idempotencyKeys).size,
        };
      } finally {
        await db.destroy();
      }
    },
    async cleanUp() {
      const admin = knexFactory({ client: 'pg', connection: pg });
      await admin.raw(`drop database if exists "${database}" with (force)`);
      await admin.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
