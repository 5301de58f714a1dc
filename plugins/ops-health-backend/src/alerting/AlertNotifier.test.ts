import { createTestDatabases } from '../__testUtils__/testDatabases';
import { AlertNotifier } from './AlertNotifier';
import {
  at,
  createAlerting,
  ENTITY,
  HOUR,
  MINUTE,
  OWNER,
  result,
  SECOND,
  timeline,
} from './__testUtils__/alertingTestUtils';

jest.setTimeout(180_000);

const databases = createTestDatabases();
const key = (subject: string, checkId = 'replication') =>
  `${ENTITY}|${checkId}|${subject}`;

describe.each(databases.eachSupportedId())(
  'AlertNotifier on %p',
  databaseId => {
    describe('grouping', () => {
      it('sends the changes of one entity together, spaced by the group interval', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
          resolvingAfter: 1,
          groupWait: '30s',
          groupInterval: '5m',
        });
        const events: Record<number, Parameters<typeof result>[]> = {
          0: [['critical', at(0), { subject: 'a' }]],
          [10 * SECOND]: [
            ['warning', at(10 * SECOND), { subject: 'b', checkId: 'backup' }],
          ],
          // A third change 30 s after the first message...
          [MINUTE]: [['critical', at(MINUTE), { subject: 'c' }]],
          // ...and another one later, within the group interval.
          [3 * MINUTE]: [['ok', at(3 * MINUTE), { subject: 'a' }]],
        };
        for (let t = 0; t <= 15 * MINUTE; t += 5 * SECOND) {
          for (const args of events[t] ?? []) {
            await h.evaluator.evaluate([result(...args)], at(t));
          }
          await h.notifier.runOnce(at(t));
        }

        const sent = await h.outbox.enqueued();
        expect(timeline(sent)).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
          { at: 5 * MINUTE + 30 * SECOND, kind: 'firing' },
        ]);
        const [first, second] = sent.map(s => s.notification);
        expect(first).toMatchObject({
          title: 'checkout-service · S3 replication (a): Latency 1 h (+1 more)',
          summary:
            '[CRITICAL] S3 replication (a): Latency 1 h\n[WARNING] Disaster-recovery backup (b): Latency 1 h',
          severity: 'critical',
          scope: ENTITY,
          recipients: [OWNER],
          link: '/catalog/default/component/checkout-service/ops-health#ops-health-replication',
        });
        expect(first.alerts.map(a => a.dedupKey)).toEqual([
          key('a'),
          key('b', 'backup'),
        ]);
        // c fired and a resolved since: one message at last sent + 5 min, with
        // b, still firing, as well.
        expect(second).toMatchObject({
          title:
            'checkout-service · S3 replication (c): Latency 1 h (+1 more); 1 resolved',
          severity: 'critical',
          scope: ENTITY,
        });
        expect(second.alerts.map(a => [a.dedupKey, a.status])).toEqual([
          [key('c'), 'firing'],
          [key('b', 'backup'), 'firing'],
          [key('a'), 'resolved'],
        ]);
        expect(second.summary.split('\n')).toEqual([
          '[CRITICAL] S3 replication (c): Latency 1 h',
          '[WARNING] Disaster-recovery backup (b): Latency 1 h',
          '[RESOLVED] S3 replication (a): Latency 30 s',
        ]);
        expect(await h.store.getGroup(ENTITY)).toEqual({
          entityRef: ENTITY,
          changes: [],
          lastSentAt: at(5 * MINUTE + 30 * SECOND),
        });
      });

      it('keeps entities apart', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        const other = 'component:default/billing-api';
        await h.evaluator.evaluate(
          [
            result('critical', at(0)),
            result('warning', at(0), { entityRef: other }),
          ],
          at(0),
        );
        await h.notifier.runOnce(at(30 * SECOND));
        const sent = (await h.outbox.enqueued()).map(s => s.notification);
        expect(sent.map(n => [n.entityRef, n.title, n.scope]).sort()).toEqual([
          [
            other,
            'billing-api · S3 replication (media): Latency 1 h',
            `${other}|replication|media`,
          ],
          [
            ENTITY,
            'checkout-service · S3 replication (media): Latency 1 h',
            key('media'),
          ],
        ]);
        expect(h.recipientCalls.sort()).toEqual([other, ENTITY]);
      });

      it('sends nothing for an alert that fired and resolved within the group wait', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
          resolvingAfter: 1,
        });
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await h.evaluator.evaluate(
          [result('ok', at(10 * SECOND))],
          at(10 * SECOND),
        );
        await h.notifier.runOnce(at(30 * SECOND));
        await h.notifier.runOnce(at(HOUR));
        expect(await h.outbox.enqueued()).toEqual([]);
        expect((await h.store.getGroup(ENTITY))?.changes).toEqual([]);
      });
    });

    describe('repeats', () => {
      it('backs off exponentially up to the maximum', async () => {
        const h = await createAlerting(databases, databaseId, {
          repeat: { initial: '1h', multiplier: 2, max: '8h' },
        });
        // Critical all along, measured every 5 minutes; the notifier runs
        // every minute. It fires on the 2nd measurement (5 min) and its first
        // message goes out at 6 min (after the 30 s group wait).
        const t0 = 6 * MINUTE;
        for (let t = 0; t <= t0 + 24 * HOUR; t += MINUTE) {
          if (t % (5 * MINUTE) === 0) {
            await h.evaluator.evaluate([result('critical', at(t))], at(t));
          }
          await h.notifier.runOnce(at(t));
        }
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: t0, kind: 'firing' },
          { at: t0 + 1 * HOUR, kind: 'repeat' },
          { at: t0 + 3 * HOUR, kind: 'repeat' },
          { at: t0 + 7 * HOUR, kind: 'repeat' },
          { at: t0 + 15 * HOUR, kind: 'repeat' },
          { at: t0 + 23 * HOUR, kind: 'repeat' },
        ]);
        const [alert] = await h.store.listOpenAlerts({});
        expect(alert).toMatchObject({
          notifyCount: 6,
          lastNotifiedAt: at(t0 + 23 * HOUR),
          nextNotifyAt: at(t0 + 31 * HOUR),
        });
        const repeat = (await h.outbox.enqueued())[1].notification;
        expect(repeat).toMatchObject({
          title:
            'checkout-service · S3 replication (media): Latency 1 h, still firing',
          scope: key('media'),
        });
      });

      it('notifies a resolved alert once and never repeats it', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
          resolvingAfter: 1,
          repeat: { initial: '10m' },
        });
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await h.notifier.runOnce(at(30 * SECOND));
        await h.evaluator.evaluate([result('ok', at(MINUTE))], at(MINUTE));
        for (let t = MINUTE; t <= 3 * HOUR; t += 30 * SECOND) {
          await h.notifier.runOnce(at(t));
        }
        // Resolved at 1 min, spaced 5 min from the firing message.
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
          { at: 5 * MINUTE + 30 * SECOND, kind: 'resolved' },
        ]);
      });
    });

    describe('silences', () => {
      it('records and shows a silenced alert but does not send it until the silence expires', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        const silence = await h.silences.create(
          { entityRef: ENTITY, checkId: 'replication' },
          {
            reason: 'bucket migration',
            createdBy: 'user:default/alice',
            expiresAt: at(2 * HOUR),
            now: at(0),
          },
        );
        const run = async (from: number, to: number) => {
          for (let t = from; t < to; t += MINUTE) {
            if (t % (5 * MINUTE) === 0) {
              await h.evaluator.evaluate([result('critical', at(t))], at(t));
            }
            await h.notifier.runOnce(at(t));
          }
        };
        await run(0, 30 * MINUTE);
        // Recorded and shown all the same, not sent.
        expect(await h.outbox.enqueued()).toEqual([]);
        const [shown] = await h.store.listOpenAlerts({ entityRef: ENTITY });
        expect(shown).toMatchObject({ state: 'firing', notifyCount: 0 });
        expect(await h.silences.isSilenced(shown, at(30 * MINUTE))).toBe(true);
        expect((await h.store.listEvents(shown.id)).map(e => e.type)).toEqual([
          'fired',
          'silenced',
        ]);
        await run(30 * MINUTE, 4 * HOUR + MINUTE);
        // Looked at again after the repeat wait: still silenced at 1:00; and
        // when the silence ran out: sent at 2:00 (as firing: nobody was
        // told), then repeated.
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 2 * HOUR, kind: 'firing' },
          { at: 3 * HOUR, kind: 'repeat' },
        ]);
        const [alert] = await h.store.listOpenAlerts({});
        const events = await h.store.listEvents(alert.id);
        expect(events.map(e => e.type)).toEqual([
          'fired',
          'silenced',
          'silenced',
          'notified',
          'notified',
        ]);
        expect(events[1].message).toBe(
          `Not sent: silenced by user:default/alice until ${silence.expiresAt.toISOString()} (bucket migration)`,
        );
      });

      it('sends the repeat it held back when a silence is expired through the API', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await h.notifier.runOnce(at(30 * SECOND));
        const silence = await h.silences.create(
          { dedupKey: key('media') },
          {
            reason: 'known, fix deploying',
            createdBy: 'user:default/alice',
            expiresAt: at(48 * HOUR),
            now: at(MINUTE),
          },
        );
        for (let t = MINUTE; t <= 3 * HOUR; t += MINUTE) {
          if (t === 90 * MINUTE) {
            await h.silences.expire(silence.id, 'user:default/bob', at(t));
          }
          await h.notifier.runOnce(at(t));
        }
        // The repeat due at 1:00:30 was silenced; it goes out when the
        // silence is ended at 1:30, then after the repeat wait.
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
          { at: 90 * MINUTE, kind: 'repeat' },
        ]);
      });

      it('sends what changed during a silence when it ends, not at the next repeat hours later', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        // A warning repeated after 1 h, then 2 h: the next repeat is 4 h on.
        await h.evaluator.evaluate([result('warning', at(0))], at(0));
        for (let t = 0; t <= 5 * HOUR; t += MINUTE) {
          if (t === 3 * HOUR + 10 * MINUTE) {
            await h.silences.create(
              { entityRef: ENTITY, checkId: 'replication' },
              {
                reason: 'maintenance',
                createdBy: 'user:default/alice',
                duration: '1h',
                now: at(t),
              },
            );
          }
          if (t === 3 * HOUR + 20 * MINUTE) {
            await h.evaluator.evaluate([result('critical', at(t))], at(t));
          }
          await h.notifier.runOnce(at(t));
        }
        const sent = await h.outbox.enqueued();
        expect(timeline(sent)).toEqual([
          { at: MINUTE, kind: 'firing' },
          { at: HOUR + MINUTE, kind: 'repeat' },
          { at: 3 * HOUR + MINUTE, kind: 'repeat' },
          // Critical since 3:20, silenced until 4:10: sent then.
          { at: 4 * HOUR + 10 * MINUTE, kind: 'firing' },
        ]);
        expect(sent[3].notification.severity).toBe('critical');
      });

      it('sends the repeat it held back when a silence made during the pass that held it back is expired', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await h.notifier.runOnce(at(30 * SECOND));
        // Made while the pass of 1:00:30 runs (or on a replica whose clock
        // is behind): its events are stamped before the silence was made.
        const silence = await h.silences.create(
          { dedupKey: key('media') },
          {
            reason: 'known, fix deploying',
            createdBy: 'user:default/alice',
            expiresAt: at(48 * HOUR),
            now: at(HOUR + 45 * SECOND),
          },
        );
        await h.notifier.runOnce(at(HOUR + 30 * SECOND));
        await h.silences.expire(
          silence.id,
          'user:default/bob',
          at(90 * MINUTE),
        );
        await h.notifier.runOnce(at(90 * MINUTE));
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
          { at: 90 * MINUTE, kind: 'repeat' },
        ]);
      });

      it('leaves silenced alerts out of a group message, and records it', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
        });
        await h.silences.create(
          { dedupKey: key('b') },
          {
            reason: 'noisy',
            createdBy: 'user:default/alice',
            expiresAt: at(HOUR),
            now: at(0),
          },
        );
        await h.evaluator.evaluate(
          [
            result('critical', at(0), { subject: 'a' }),
            result('critical', at(0), { subject: 'b' }),
          ],
          at(0),
        );
        await h.notifier.runOnce(at(30 * SECOND));
        const [sent] = await h.outbox.enqueued();
        expect(sent.notification.alerts.map(a => a.dedupKey)).toEqual([
          key('a'),
        ]);
        expect(sent.notification.scope).toBe(key('a'));
        const b = (await h.store.listOpenAlerts({ dedupKeys: [key('b')] }))[0];
        expect((await h.store.listEvents(b.id)).map(e => e.type)).toEqual([
          'fired',
          'silenced',
        ]);
      });

      it('does not send the resolution of a silenced alert', async () => {
        const h = await createAlerting(databases, databaseId, {
          firingAfter: 1,
          resolvingAfter: 1,
        });
        await h.evaluator.evaluate([result('critical', at(0))], at(0));
        await h.notifier.runOnce(at(30 * SECOND));
        await h.silences.create(
          { dedupKey: key('media') },
          {
            reason: 'done',
            createdBy: 'user:default/alice',
            expiresAt: at(HOUR),
            now: at(MINUTE),
          },
        );
        await h.evaluator.evaluate(
          [result('ok', at(10 * MINUTE))],
          at(10 * MINUTE),
        );
        for (let t = 10 * MINUTE; t <= 3 * HOUR; t += MINUTE) {
          await h.notifier.runOnce(at(t));
        }
        expect(timeline(await h.outbox.enqueued())).toEqual([
          { at: 30 * SECOND, kind: 'firing' },
        ]);
        const [alert] = await h.store.listAlerts({});
        expect(alert).toMatchObject({
          state: 'resolved',
          notifiedState: 'resolved',
        });
        expect((await h.store.listEvents(alert.id)).map(e => e.type)).toEqual([
          'fired',
          'notified',
          'resolved',
          'silenced',
        ]);
      });
    });

    it('writes the message and the alert and group updates in one transaction', async () => {
      const h = await createAlerting(databases, databaseId, { firingAfter: 1 });
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      h.outbox.failNext = 1;
      expect(await h.notifier.runOnce(at(30 * SECOND))).toMatchObject({
        notifications: 0,
        errors: 1,
      });
      expect(h.outbox.calls).toBe(1);
      // Rolled back: nothing enqueued, the change still pending, no notify.
      expect(await h.outbox.enqueued()).toEqual([]);
      expect(await h.store.getGroup(ENTITY)).toMatchObject({
        changes: [key('media')],
      });
      const [alert] = await h.store.listOpenAlerts({});
      expect(alert.notifyCount).toBe(0);
      expect((await h.store.listEvents(alert.id)).map(e => e.type)).toEqual([
        'fired',
      ]);
      // The next run sends it.
      expect(await h.notifier.runOnce(at(45 * SECOND))).toMatchObject({
        notifications: 1,
        errors: 0,
      });
      expect(timeline(await h.outbox.enqueued())).toEqual([
        { at: 45 * SECOND, kind: 'firing' },
      ]);
    });

    it('waits for the next run when the recipients cannot be resolved', async () => {
      let failing = true;
      const h = await createAlerting(databases, databaseId, { firingAfter: 1 });
      const notifier = AlertNotifier.create({
        store: h.store,
        outbox: h.outbox,
        config: h.config,
        logger: h.logger,
        audienceOf: async () => {
          if (failing) throw new Error('catalog unavailable');
          return { recipients: [OWNER], runbookUrl: () => undefined };
        },
        channelsFor: () => ['slack'],
      });
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      expect(await notifier.runOnce(at(30 * SECOND))).toMatchObject({
        errors: 1,
      });
      failing = false;
      await notifier.runOnce(at(45 * SECOND));
      expect(timeline(await h.outbox.enqueued())).toEqual([
        { at: 45 * SECOND, kind: 'firing' },
      ]);
    });

    it('two notifiers running at once send a message once', async () => {
      const h = await createAlerting(databases, databaseId, { firingAfter: 1 });
      const other = await h.replica();
      const second = AlertNotifier.create({
        store: other.store,
        outbox: h.outbox,
        config: h.config,
        logger: h.logger,
        audienceOf: async () => ({
          recipients: [OWNER],
          runbookUrl: () => undefined,
        }),
        channelsFor: () => ['slack'],
      });
      await h.evaluator.evaluate(
        [
          result('critical', at(0), { subject: 'a' }),
          result('critical', at(0), { subject: 'b' }),
        ],
        at(0),
      );
      await Promise.all([
        h.notifier.runOnce(at(30 * SECOND)),
        second.runOnce(at(30 * SECOND)),
      ]);
      await Promise.all([
        h.notifier.runOnce(at(HOUR + 30 * SECOND)),
        second.runOnce(at(HOUR + 30 * SECOND)),
      ]);
      expect(timeline(await h.outbox.enqueued())).toEqual([
        { at: 30 * SECOND, kind: 'firing' },
        { at: HOUR + 30 * SECOND, kind: 'repeat' },
      ]);
    });
  },
);
