import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import {
  FakeChannel,
  makeNotification,
  manualClock,
} from './__testUtils__/fakes';
import { DatabaseOutboxStore } from './DatabaseOutboxStore';
import { backoffMs, NotificationDispatcher } from './NotificationDispatcher';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe('backoffMs', () => {
  it('doubles from the initial wait up to the maximum', () => {
    const config = { initialBackoffMs: 30_000, maxBackoffMs: 3_600_000 };
    expect([1, 2, 3, 4, 7, 8, 20].map(a => backoffMs(a, config))).toEqual([
      30_000, 60_000, 120_000, 240_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'NotificationDispatcher on %p',
  databaseId => {
    const t0 = new Date('2026-11-26T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const config = {
      maxAttempts: 3,
      initialBackoffMs: 30_000,
      maxBackoffMs: 3_600_000,
      leaseMs: 120_000,
    };

    async function setup(options: { skipLocked?: boolean } = {}) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseOutboxStore.create({ database, ...options });
      return { knex, store };
    }

    it('retries with backoff and delivers on the third attempt', async () => {
      const { knex, store } = await setup();
      const clock = manualClock(t0);
      const slack = new FakeChannel('slack', call => {
        if (call.attempt < 3) throw new Error(`HTTP 503 (${call.attempt})`);
      });
      const logger = mockServices.logger.mock();
      const dispatcher = NotificationDispatcher.create({
        store,
        channels: [slack],
        logger,
        config: { ...config, maxAttempts: 5 },
        owner: 'replica-a',
        now: clock.now,
      });
      await store.enqueue(knex, makeNotification('n1'), ['slack'], t0);

      expect(await dispatcher.runOnce()).toMatchObject({
        claimed: 1,
        retried: 1,
      });
      let [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'HTTP 503 (1)',
        nextAttemptAt: at(30_000),
      });
      expect(delivery.lockedBy).toBeUndefined();

      // Not due yet: nothing happens.
      clock.set(at(29_999));
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });

      clock.set(at(30_000));
      expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
      [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery).toMatchObject({
        status: 'pending',
        attempts: 2,
        lastError: 'HTTP 503 (2)',
        nextAttemptAt: at(30_000 + 60_000),
      });

      clock.set(at(90_000));
      expect(await dispatcher.runOnce()).toMatchObject({
        claimed: 1,
        delivered: 1,
        retried: 0,
        failed: 0,
      });
      [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery).toMatchObject({
        status: 'delivered',
        attempts: 3,
        deliveredAt: at(90_000),
      });
      expect(slack.calls).toEqual([
        { notificationId: 'n1', idempotencyKey: 'n1:slack', attempt: 1 },
        { notificationId: 'n1', idempotencyKey: 'n1:slack', attempt: 2 },
        { notificationId: 'n1', idempotencyKey: 'n1:slack', attempt: 3 },
      ]);
      expect(logger.info).toHaveBeenCalledWith(
        'Notification dispatch: claimed 1, delivered 1, retried 0, failed 0',
      );
      expect(logger.warn).not.toHaveBeenCalled();
    });

    it('marks a delivery failed with the last error after maxAttempts', async () => {
      const { knex, store } = await setup();
      const clock = manualClock(t0);
      const webhook = new FakeChannel('ops-webhook', call => {
        throw new Error(`HTTP 500 on attempt ${call.attempt}`);
      });
      const logger = mockServices.logger.mock();
      const dispatcher = NotificationDispatcher.create({
        store,
        channels: [webhook],
        logger,
        config,
        owner: 'replica-a',
        now: clock.now,
      });
      await store.enqueue(knex, makeNotification('n1'), ['ops-webhook'], t0);

      await dispatcher.runOnce();
      clock.advance(30_000);
      await dispatcher.runOnce();
      clock.advance(60_000);
      expect(await dispatcher.runOnce()).toMatchObject({
        claimed: 1,
        failed: 1,
        retried: 0,
      });
      const [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery).toMatchObject({
        status: 'failed',
        attempts: 3,
        lastError: 'HTTP 500 on attempt 3',
      });
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'could not be delivered on channel ops-webhook after 3 attempts: HTTP 500 on attempt 3',
        ),
      );

      // Failed for good.
      clock.advance(10 * 3_600_000);
      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
      expect(webhook.calls).toHaveLength(3);
    });

    it('retries a delivery to a channel this replica does not know (another may, in a rolling deploy) and marks one no replica knows failed after maxAttempts', async () => {
      const { knex, store } = await setup();
      const clock = manualClock(t0);
      const slack = new FakeChannel('slack');
      const pager = new FakeChannel('pager');
      const logger = mockServices.logger.mock();
      const replica = (owner: string, channels: FakeChannel[]) =>
        NotificationDispatcher.create({
          store,
          channels,
          logger,
          config,
          owner,
          now: clock.now,
        });
      // The old replica knows slack; the new one slack and pager.
      const old = replica('replica-old', [slack]);
      const current = replica('replica-new', [slack, pager]);
      await store.enqueue(
        knex,
        makeNotification('n1'),
        ['slack', 'pager', 'removed'],
        t0,
      );

      expect(await old.runOnce()).toMatchObject({
        claimed: 3,
        delivered: 1,
        retried: 2,
        failed: 0,
      });
      clock.advance(30_000);
      expect(await current.runOnce()).toMatchObject({
        claimed: 2,
        delivered: 1,
        retried: 1,
      });
      expect(pager.calls).toHaveLength(1);
      clock.advance(60_000);
      expect(await current.runOnce()).toMatchObject({
        claimed: 1,
        failed: 1,
      });
      expect(
        await store.listDeliveries({ status: 'failed', limit: 10 }),
      ).toEqual([
        expect.objectContaining({
          channel: 'removed',
          attempts: 3,
          lastError: "channel 'removed' is not configured",
        }),
      ]);
      expect(slack.calls).toHaveLength(1);
      expect(logger.warn).toHaveBeenCalledTimes(1);
    });

    it('redelivers with the same key after a dispatcher dies between claim and send', async () => {
      const { knex, store } = await setup();
      const clock = manualClock(t0);
      const slack = new FakeChannel('slack');
      await store.enqueue(knex, makeNotification('n1'), ['slack'], t0);

      // Replica a claims, then its process is killed before it sends.
      const [orphan] = await store.claimDue({
        now: t0,
        limit: 10,
        leaseMs: config.leaseMs,
        owner: 'replica-a',
      });
      expect(orphan.idempotencyKey).toBe('n1:slack');

      const dispatcherB = NotificationDispatcher.create({
        store,
        channels: [slack],
        logger: mockServices.logger.mock(),
        config,
        owner: 'replica-b',
        now: clock.now,
      });
      const dispatcherC = NotificationDispatcher.create({
        store,
        channels: [slack],
        logger: mockServices.logger.mock(),
        config,
        owner: 'replica-c',
        now: clock.now,
      });

      // The lease is live: nobody sends it.
      clock.set(at(config.leaseMs - 1));
      expect(await dispatcherB.runOnce()).toMatchObject({ claimed: 0 });
      expect(slack.calls).toEqual([]);

      // After the lease, one of the two live replicas sends it, once.
      clock.set(at(config.leaseMs + 1));
      const results = await Promise.all([
        dispatcherB.runOnce(),
        dispatcherC.runOnce(),
      ]);
      expect(results.map(r => r.delivered).sort()).toEqual([0, 1]);
      expect(slack.calls).toEqual([
        { notificationId: 'n1', idempotencyKey: 'n1:slack', attempt: 2 },
      ]);
      const [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery).toMatchObject({
        id: orphan.id,
        status: 'delivered',
        idempotencyKey: orphan.idempotencyKey,
      });

      // Nothing more to send, and the dead owner cannot change the outcome.
      clock.advance(10 * config.leaseMs);
      expect(await dispatcherB.runOnce()).toMatchObject({ claimed: 0 });
      expect(
        await store.markDelivered(orphan.id, 'replica-a', clock.now()),
      ).toBe(false);
      expect(slack.calls).toHaveLength(1);
    });

    it('gives up on a delivery whose last attempt never finished', async () => {
      const { knex, store } = await setup();
      const clock = manualClock(t0);
      const slack = new FakeChannel('slack');
      await store.enqueue(knex, makeNotification('n1'), ['slack'], t0);
      // Every attempt claimed by a process that then died.
      for (let i = 0; i < config.maxAttempts; i++) {
        const claimed = await store.claimDue({
          now: clock.now(),
          limit: 1,
          leaseMs: config.leaseMs,
          owner: `crashed-${i}`,
        });
        expect(claimed).toHaveLength(1);
        clock.advance(config.leaseMs + 1);
      }
      const dispatcher = NotificationDispatcher.create({
        store,
        channels: [slack],
        logger: mockServices.logger.mock(),
        config,
        now: clock.now,
      });
      expect(await dispatcher.runOnce()).toMatchObject({
        claimed: 1,
        failed: 1,
      });
      expect(slack.calls).toEqual([]);
      const [delivery] = await store.listDeliveries({ limit: 1 });
      expect(delivery.status).toBe('failed');
      expect(delivery.lastError).toMatch(/attempt 3 did not finish/);
    });

    it.each([
      ['skip locked (PostgreSQL)', true],
      ['conditional updates', false],
    ])(
      'delivers each delivery exactly once with two concurrent dispatchers (%s)',
      async (_name, skipLocked) => {
        const { knex, store } = await setup({ skipLocked });
        const [storeB] = [
          await DatabaseOutboxStore.create({
            database: mockServices.database({
              knex,
              migrations: { skip: true },
            }),
            skipLocked,
          }),
        ];
        const jitter = () =>
          new Promise<void>(resolve =>
            setTimeout(resolve, Math.floor(Math.random() * 4)),
          );
        const slack = new FakeChannel('slack', jitter);
        const webhook = new FakeChannel('ops-webhook', jitter);
        const channels = [slack, webhook];
        const count = 40;
        for (let i = 0; i < count; i++) {
          await store.enqueue(
            knex,
            makeNotification(`n${i}`),
            ['slack', 'ops-webhook'],
            at(i),
          );
        }
        const dispatcherConfig = { ...config, concurrency: 4, batchSize: 1000 };
        const a = NotificationDispatcher.create({
          store,
          channels,
          logger: mockServices.logger.mock(),
          config: dispatcherConfig,
          owner: 'replica-a',
          now: () => at(60_000),
        });
        const b = NotificationDispatcher.create({
          store: storeB,
          channels,
          logger: mockServices.logger.mock(),
          config: dispatcherConfig,
          owner: 'replica-b',
          now: () => at(60_000),
        });

        const results = await Promise.all([a.runOnce(), b.runOnce()]);

        expect(results[0].claimed + results[1].claimed).toBe(2 * count);
        expect(results[0].delivered + results[1].delivered).toBe(2 * count);
        expect(results[0].claimed).toBeGreaterThan(0);
        expect(results[1].claimed).toBeGreaterThan(0);
        for (const channel of channels) {
          const perKey = channel.callsPerKey();
          expect(perKey.size).toBe(count);
          expect([...perKey.values()].every(n => n === 1)).toBe(true);
        }
        expect(
          await store.listDeliveries({ status: 'delivered', limit: 1000 }),
        ).toHaveLength(2 * count);
        expect(await Promise.all([a.runOnce(), b.runOnce()])).toEqual([
          expect.objectContaining({ claimed: 0 }),
          expect.objectContaining({ claimed: 0 }),
        ]);
      },
    );
  },
);
