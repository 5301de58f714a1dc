import { createTestDatabases } from '../__testUtils__/testDatabases';
import { AlertStore } from './AlertStore';
import {
  at,
  barrier,
  createAlerting,
  ENTITY,
  MINUTE,
  OWNER,
  result,
  SECOND,
  timeline,
} from './__testUtils__/alertingTestUtils';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const KEY = `${ENTITY}|replication|media`;

describe.each(databases.eachSupportedId())(
  'AlertEvaluator on %p',
  databaseId => {
    /**
     * One evaluation per minute with the given statuses, the notifier every
     * 15 s in between (and for `tail` more minutes).
     */
    async function run(
      h: Awaited<ReturnType<typeof createAlerting>>,
      statuses: Array<'ok' | 'warning' | 'critical' | 'unknown'>,
      tail = 10,
    ) {
      for (let i = 0; i < statuses.length + tail; i++) {
        if (i < statuses.length) {
          await h.evaluator.evaluate(
            [result(statuses[i], at(i * MINUTE))],
            at(i * MINUTE),
          );
        }
        for (let s = 0; s < 60; s += 15) {
          await h.notifier.runOnce(at(i * MINUTE + s * SECOND));
        }
      }
    }

    describe('hysteresis', () => {
      it('does not notify a metric flapping around its threshold', async () => {
        const h = await createAlerting(databases, databaseId);
        await run(
          h,
          Array.from({ length: 20 }, (_, i) => (i % 2 ? 'ok' : 'critical')),
        );
        expect(await h.outbox.enqueued()).toEqual([]);
        expect(h.outbox.calls).toBe(0);
        // Recorded all the same: one pending alert, opened once.
        const [alert] = await h.store.listAlerts({ entityRef: ENTITY });
        expect(alert).toMatchObject({
          state: 'pending',
          breaches: 0,
          clears: 1,
        });
        expect((await h.store.listEvents(alert.id)).map(e => e.type)).toEqual([
          'pending',
        ]);
      });

      it('notifies a breach that holds once, and its resolution once', async () => {
        const h = await createAlerting(databases, databaseId);
        // Over for 10 minutes, an unknown in between (does not count), then
        // one clear (not enough), then clear for good.
        await run(h, [
          'critical',
          'critical',
          'critical',
          'unknown',
          'critical',
          'critical',
          'critical',
          'critical',
          'critical',
          'critical',
          'ok',
          'critical',
          'ok',
          'ok',
          'ok',
          'ok',
        ]);
        const sent = await h.outbox.enqueued();
        // Fired at 1 min (2nd breach), sent after the 30 s group wait;
        // resolved at 13 min (2nd consecutive clear), sent at 13:30.
        expect(timeline(sent)).toEqual([
          { at: MINUTE + 30 * SECOND, kind: 'firing' },
          { at: 13 * MINUTE + 30 * SECOND, kind: 'resolved' },
        ]);
        const [firing, resolved] = sent.map(s => s.notification);
        expect(firing).toMatchObject({
          entityRef: ENTITY,
          title: 'checkout-service · S3 replication (media): Latency 1 h',
          summary: '[CRITICAL] S3 replication (media): Latency 1 h',
          severity: 'critical',
          recipients: [OWNER],
          scope: KEY,
          link: '/catalog/default/component/checkout-service/ops-health#ops-health-replication',
          alerts: [
            {
              dedupKey: KEY,
              status: 'firing',
              severity: 'critical',
              value: 3600,
              threshold: 900,
              unit: 's',
              runbookUrl:
                'https://runbooks.example.com/replication#s3-replication-failure',
              firstSeen: at(0).toISOString(),
              lastSeen: at(MINUTE).toISOString(),
            },
          ],
        });
        expect(sent[0].channels).toEqual(['slack', 'pager']);
        expect(resolved).toMatchObject({
          title: 'checkout-service · S3 replication (media) resolved',
          summary: '[RESOLVED] S3 replication (media): Latency 30 s',
          alerts: [{ dedupKey: KEY, status: 'resolved', value: 30 }],
        });

        const [alert] = await h.store.listAlerts({ entityRef: ENTITY });
        expect(alert).toMatchObject({
          state: 'resolved',
          firedAt: at(MINUTE),
          resolvedAt: at(13 * MINUTE),
          notifyCount: 2,
          notifiedState: 'resolved',
        });
        expect(alert.nextNotifyAt).toBeUndefined();
        expect((await h.store.listEvents(alert.id)).map(e => e.type)).toEqual([
          'pending',
          'fired',
          'notified',
          'resolved',
          'notified',
        ]);
      });

      it('uses the per-check firingAfter', async () => {
        const h = await createAlerting(databases, databaseId, {
          checks: { replication: { firingAfter: 4, resolvingAfter: 1 } },
        });
        await run(h, ['critical', 'critical', 'critical'], 2);
        expect(await h.outbox.enqueued()).toEqual([]);
        await h.evaluator.evaluate(
          [result('critical', at(20 * MINUTE))],
          at(20 * MINUTE),
        );
        expect((await h.store.listOpenAlerts({}))[0].state).toBe('firing');
        await h.evaluator.evaluate(
          [result('ok', at(21 * MINUTE))],
          at(21 * MINUTE),
        );
        expect(await h.store.listOpenAlerts({})).toEqual([]);
      });
    });

    it('records a lower severity, notifies a raised one', async () => {
      const h = await createAlerting(databases, databaseId, {
        firingAfter: 1,
      });
      // warning from 0, critical from 2 min, warning again from 7 min.
      await run(
        h,
        ['warning', 'warning', ...Array(5).fill('critical'), 'warning'],
        10,
      );
      expect(
        (await h.outbox.enqueued()).map(s => [
          s.now.getTime() - at(0).getTime(),
          s.notification.kind,
          s.notification.severity,
        ]),
      ).toEqual([
        [30 * SECOND, 'firing', 'warning'],
        // Raised at 2 min; the group interval spaces it from the first.
        [5 * MINUTE + 30 * SECOND, 'firing', 'critical'],
      ]);
      const [alert] = await h.store.listAlerts({});
      expect(
        (await h.store.listEvents(alert.id))
          .filter(e => e.type === 'severity-changed')
          .map(e => e.severity),
      ).toEqual(['critical', 'warning']);
    });

    it('drops a raise that reverted before its message was due', async () => {
      const h = await createAlerting(databases, databaseId, {
        firingAfter: 1,
      });
      await run(
        h,
        ['warning', 'warning', 'critical', 'critical', 'warning'],
        5,
      );
      expect(timeline(await h.outbox.enqueued())).toEqual([
        { at: 30 * SECOND, kind: 'firing' },
      ]);
      expect((await h.store.getGroup(ENTITY))?.changes).toEqual([]);
    });

    it('cancels the open alerts of results that are gone', async () => {
      const h = await createAlerting(databases, databaseId, { firingAfter: 1 });
      const other = result('critical', at(0), { subject: 'logs' });
      await h.evaluator.evaluate([result('critical', at(0)), other], at(0));
      const summary = await h.evaluator.evaluate(
        [result('critical', at(MINUTE))],
        at(MINUTE),
        { completeFor: ['replication'] },
      );
      expect(summary).toMatchObject({ cancelled: 1 });
      expect((await h.store.listOpenAlerts({})).map(a => a.subject)).toEqual([
        'media',
      ]);
      const [cancelled] = await h.store.listAlerts({ states: ['cancelled'] });
      expect(cancelled).toMatchObject({
        subject: 'logs',
        resolvedAt: at(MINUTE),
      });
    });

    it('listens to the collection engine: all results of a check', async () => {
      const h = await createAlerting(databases, databaseId, { firingAfter: 1 });
      await h.evaluator.onCollected(
        'replication',
        [
          { ...result('critical', at(0)), stale: false },
          { ...result('critical', at(0), { subject: 'logs' }), stale: false },
        ],
        at(0),
      );
      expect(await h.store.listOpenAlerts({})).toHaveLength(2);
      // The next run no longer reports 'logs'; 'media' failed (stale).
      await h.evaluator.onCollected(
        'replication',
        [{ ...result('ok', at(0)), stale: true }],
        at(MINUTE),
      );
      expect(
        (await h.store.listOpenAlerts({})).map(a => [a.subject, a.state]),
      ).toEqual([['media', 'firing']]);
    });

    it('writes the alert change and its group mark in one transaction', async () => {
      let failGroup = true;
      const failing = (store: AlertStore): AlertStore =>
        Object.assign(Object.create(store), {
          transaction: <T>(fn: (tx: any) => Promise<T>) =>
            store.transaction(tx =>
              fn(
                Object.assign(Object.create(tx), {
                  knex: tx.knex,
                  updateGroup: async (...args: any[]) => {
                    if (failGroup) throw new Error('group write failed');
                    return (tx.updateGroup as any)(...args);
                  },
                }),
              ),
            ),
        });
      const h = await createAlerting(
        databases,
        databaseId,
        { firingAfter: 1 },
        { wrapStore: failing },
      );
      const first = await h.evaluator.evaluate(
        [result('critical', at(0))],
        at(0),
      );
      expect(first).toMatchObject({ errors: 1, fired: 0 });
      // Nothing of it was kept: the same result is evaluated afresh.
      expect(await h.store.listAlerts({})).toEqual([]);
      expect(await h.store.getGroup(ENTITY)).toBeUndefined();
      failGroup = false;
      expect(
        await h.evaluator.evaluate([result('critical', at(0))], at(0)),
      ).toMatchObject({ errors: 0, fired: 1 });
      expect(await h.store.getGroup(ENTITY)).toMatchObject({
        changes: [KEY],
        sendAfter: at(30 * SECOND),
      });
    });

    describe('two replicas evaluating at once', () => {
      /** Both replicas read the open alerts before either writes. */
      async function twoReplicas(alerting = {}) {
        const wait = barrier(2);
        const h = await createAlerting(databases, databaseId, alerting);
        const raced = (store: AlertStore): AlertStore => {
          let first = true;
          return Object.assign(Object.create(store), {
            listOpenAlerts: async (filter: any) => {
              const alerts = await store.listOpenAlerts(filter);
              if (first) {
                first = false;
                await wait();
              }
              return alerts;
            },
          });
        };
        return { h, a: await h.replica(raced), b: await h.replica(raced) };
      }

      it('keeps one open alert per dedup key', async () => {
        const { h, a, b } = await twoReplicas();
        const summaries = await Promise.all([
          a.evaluator.evaluate([result('critical', at(0))], at(0)),
          b.evaluator.evaluate([result('critical', at(0))], at(0)),
        ]);
        expect(summaries.map(s => s.opened).sort()).toEqual([0, 1]);
        expect(summaries.map(s => s.conflicts).sort()).toEqual([0, 1]);
        expect(summaries.map(s => s.errors)).toEqual([0, 0]);
        const alerts = await h.store.listAlerts({});
        expect(alerts).toHaveLength(1);
        // The measurement counted once.
        expect(alerts[0]).toMatchObject({ state: 'pending', breaches: 1 });
        expect(
          (await h.store.listEvents(alerts[0].id)).map(e => e.type),
        ).toEqual(['pending']);
      });

      it('fires once and notifies once', async () => {
        const { h, a, b } = await twoReplicas({ firingAfter: 1 });
        await Promise.all([
          a.evaluator.evaluate([result('critical', at(0))], at(0)),
          b.evaluator.evaluate([result('critical', at(0))], at(0)),
        ]);
        const [alert] = await h.store.listAlerts({});
        expect((await h.store.listEvents(alert.id)).map(e => e.type)).toEqual([
          'fired',
        ]);
        await h.notifier.runOnce(at(30 * SECOND));
        await h.notifier.runOnce(at(MINUTE));
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
        ]);
      });

      it('applies a change to an open alert once', async () => {
        const { h, a, b } = await twoReplicas();
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await Promise.all([
          a.evaluator.evaluate([result('critical', at(MINUTE))], at(MINUTE)),
          b.evaluator.evaluate([result('critical', at(MINUTE))], at(MINUTE)),
        ]);
        const alerts = await h.store.listAlerts({});
        expect(alerts).toHaveLength(1);
        expect(alerts[0]).toMatchObject({ state: 'firing', breaches: 2 });
        expect(
          (await h.store.listEvents(alerts[0].id)).map(e => e.type),
        ).toEqual(['pending', 'fired']);
        expect((await h.store.getGroup(ENTITY))?.changes).toEqual([KEY]);
      });
    });
  },
);
