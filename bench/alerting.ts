/*
 * Alerting and incidents at scale: evaluation of the results of N entities
 * (5 % critical), the notifier filling the outbox, the dispatcher delivering
 * to a loopback webhook receiver, and the incident reconcile, for 1,000,
 * 5,000 and 10,000 entities on one database. Prints one JSON line per size.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/alerting.ts [sqlite|postgres] [sizes…]
 */
import { ConfigReader } from '@backstage/config';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { AlertEvaluator } from '../plugins/ops-health-backend/src/alerting/AlertEvaluator';
import { AlertNotifier } from '../plugins/ops-health-backend/src/alerting/AlertNotifier';
import { DatabaseAlertStore } from '../plugins/ops-health-backend/src/alerting/DatabaseAlertStore';
import { EvaluatedResult } from '../plugins/ops-health-backend/src/alerting/types';
import { DatabaseIncidentStore } from '../plugins/ops-health-backend/src/incidents/DatabaseIncidentStore';
import { IncidentAutomation } from '../plugins/ops-health-backend/src/incidents/IncidentAutomation';
import { WebhookChannel } from '../plugins/ops-health-backend/src/notifications/channels/WebhookChannel';
import {
  DatabaseOutboxStore,
  NotificationDispatcher,
} from '../plugins/ops-health-backend/src/notifications/outbox';
import { benchDatabase, elapsed, silentLogger } from './benchUtils';

const T0 = new Date('2026-11-26T10:00:00.000Z');
const MINUTE = 60_000;

function results(count: number, at: Date): EvaluatedResult[] {
  return Array.from({ length: count }, (_, i) => {
    const critical = i % 20 === 0;
    return {
      entityRef: `component:default/svc-${String(i).padStart(5, '0')}`,
      checkId: 'cost',
      subject: '',
      status: critical ? 'critical' : 'ok',
      value: critical ? 150 : 20,
      threshold: 100,
      unit: 'USD',
      message: critical ? 'USD 150 yesterday' : 'USD 20 yesterday',
      runbookSection: 'cost-overrun-alert',
      measuredAt: at,
    };
  });
}

async function loopbackReceiver() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.end('ok');
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => received,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function run(count: number, kind: 'sqlite' | 'postgres') {
  const { database, close } = await benchDatabase(kind, `alerting_${count}`);
  const receiver = await loopbackReceiver();
  try {
    const config = new ConfigReader({
      opsHealth: { alerting: { groupWait: '0s', groupInterval: '0s' } },
    });
    const store = await DatabaseAlertStore.create({ database });
    const evaluator = AlertEvaluator.create({
      store,
      config,
      logger: silentLogger,
    });
    const outbox = await DatabaseOutboxStore.create({ database });
    const notifier = AlertNotifier.create({
      store,
      outbox,
      config,
      logger: silentLogger,
      channelsFor: () => ['hook'],
      audienceOf: async entityRef => ({
        recipients: [`group:default/team-${entityRef.length % 7}`],
        runbookUrl: () => undefined,
      }),
    });
    let clock = T0;
    const dispatcher = NotificationDispatcher.create({
      store: outbox,
      channels: [
        new WebhookChannel({
          name: 'hook',
          minSeverity: 'warning',
          url: receiver.url,
          signingSecret: 'bench-signing-secret-0123456789',
          timeoutMs: 10_000,
        }),
      ],
      logger: silentLogger,
      config: { batchSize: 100 },
      now: () => clock,
    });
    const incidents = await DatabaseIncidentStore.create({ database });
    const automation = new IncidentAutomation({
      alerts: store,
      incidents,
      logger: silentLogger,
      autoOpen: true,
      attachWindowMs: 30 * MINUTE,
    });

    const timings: Record<string, number> = {};
    // Two failing evaluations fire an alert (firingAfter 2).
    timings.evaluateFirst = await elapsed(() =>
      evaluator.onCollected('cost', results(count, T0), T0),
    );
    clock = new Date(T0.getTime() + 5 * MINUTE);
    timings.evaluateFiring = await elapsed(() =>
      evaluator.onCollected('cost', results(count, clock), clock),
    );
    let notifications = 0;
    timings.notify = await elapsed(async () => {
      notifications = (await notifier.runOnce(clock)).notifications;
    });
    let delivered = 0;
    timings.deliver = await elapsed(async () => {
      for (;;) {
        const pass = await dispatcher.runOnce();
        delivered += pass.delivered;
        if (pass.claimed === 0) break;
      }
    });
    let opened = 0;
    timings.reconcileOpening = await elapsed(async () => {
      opened = (await automation.reconcile(clock)).opened;
    });
    // The steady state: the same results again, nothing new to send or open.
    clock = new Date(T0.getTime() + 10 * MINUTE);
    timings.evaluateSteady = await elapsed(() =>
      evaluator.onCollected('cost', results(count, clock), clock),
    );
    timings.reconcileSteady = await elapsed(() => automation.reconcile(clock));
    return {
      bench: 'alerting',
      database: kind,
      entities: count,
      firing: count / 20,
      notifications,
      delivered,
      received: receiver.received(),
      incidentsOpened: opened,
      notificationsPerSecond: Math.round((delivered / timings.deliver) * 1000),
      timingsMs: timings,
    };
  } finally {
    await receiver.close();
    await close();
  }
}

async function main() {
  const kind = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
  const sizes = process.argv.slice(3).map(Number);
  for (const count of sizes.length ? sizes : [1000, 5000, 10000]) {
    process.stdout.write(`${JSON.stringify(await run(count, kind))}\n`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
