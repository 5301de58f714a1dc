import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../../__testUtils__/testDatabases';
import { makeNotification } from './__testUtils__/fakes';
import { DatabaseOutboxStore } from './DatabaseOutboxStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseOutboxStore on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return { knex, store: await DatabaseOutboxStore.create({ database }) };
    }

    const t0 = new Date('2026-11-26T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);

    it('writes nothing when the transaction rolls back', async () => {
      const { knex, store } = await setup();
      await expect(
        knex.transaction(async tx => {
          await store.enqueue(tx, makeNotification('n1'), ['slack'], t0);
          throw new Error('the alert change failed');
        }),
      ).rejects.toThrow('the alert change failed');

      expect(await store.getNotification('n1')).toBeUndefined();
      expect(await store.listDeliveries({ limit: 10 })).toEqual([]);
      expect(
        await store.claimDue({
          now: at(1),
          limit: 10,
          leaseMs: 1000,
          owner: 'a',
        }),
      ).toEqual([]);
    });

    it('writes the notification and one pending delivery per channel on commit', async () => {
      const { knex, store } = await setup();
      const notification = makeNotification('n1');
      await knex.transaction(async tx => {
        await store.enqueue(
          tx,
          notification,
          ['slack', 'ops-webhook', 'slack'],
          t0,
        );
      });

      expect(await store.getNotification('n1')).toEqual(notification);
      const deliveries = await store.listDeliveries({
        notificationId: 'n1',
        limit: 10,
      });
      expect(deliveries).toHaveLength(2);
      expect(deliveries).toEqual(
        expect.arrayContaining([
          {
            id: expect.any(String),
            notificationId: 'n1',
            channel: 'slack',
            idempotencyKey: 'n1:slack',
            status: 'pending',
            attempts: 0,
            nextAttemptAt: t0,
            createdAt: t0,
          },
          expect.objectContaining({
            channel: 'ops-webhook',
            idempotencyKey: 'n1:ops-webhook',
            status: 'pending',
          }),
        ]),
      );
    });

    it('claims due deliveries once, until the lease expires', async () => {
      const { knex, store } = await setup();
      await store.enqueue(knex, makeNotification('n1'), ['slack'], t0);
      await store.enqueue(knex, makeNotification('n2'), ['slack'], at(60_000));

      // n2 is not due yet.
      const claimed = await store.claimDue({
        now: at(1000),
        limit: 10,
        leaseMs: 30_000,
        owner: 'a',
      });
      expect(claimed).toEqual([
        expect.objectContaining({
          notificationId: 'n1',
          idempotencyKey: 'n1:slack',
          attempts: 1,
          lockedBy: 'a',
          lockedUntil: at(31_000),
          lastAttemptAt: at(1000),
          notification: makeNotification('n1'),
        }),
      ]);
      // Leased: nobody else gets it.
      expect(
        await store.claimDue({
          now: at(2000),
          limit: 10,
          leaseMs: 30_000,
          owner: 'b',
        }),
      ).toEqual([]);

      // a stops; after the lease, b gets it with the same key.
      const reclaimed = await store.claimDue({
        now: at(31_001),
        limit: 1,
        leaseMs: 30_000,
        owner: 'b',
      });
      expect(reclaimed).toEqual([
        expect.objectContaining({
          id: claimed[0].id,
          idempotencyKey: 'n1:slack',
          attempts: 2,
          lockedBy: 'b',
        }),
      ]);

      // a no longer holds it: its late outcome changes nothing.
      expect(await store.markDelivered(claimed[0].id, 'a', at(31_500))).toBe(
        false,
      );
      expect(
        await store.markFailedAttempt(claimed[0].id, 'a', {
          error: 'late',
          now: at(31_500),
          nextAttemptAt: undefined,
        }),
      ).toBe(false);
      expect(await store.markDelivered(claimed[0].id, 'b', at(32_000))).toBe(
        true,
      );
      const [delivered] = await store.listDeliveries({
        notificationId: 'n1',
        limit: 1,
      });
      expect(delivered).toMatchObject({
        status: 'delivered',
        deliveredAt: at(32_000),
        attempts: 2,
      });
      expect(delivered.lockedBy).toBeUndefined();
      expect(delivered.lockedUntil).toBeUndefined();
      // Delivered: never claimed again.
      expect(
        await store.claimDue({
          now: at(120_000),
          limit: 10,
          leaseMs: 1000,
          owner: 'c',
        }),
      ).toEqual([expect.objectContaining({ notificationId: 'n2' })]);
    });

    it('claims at most limit deliveries, oldest first', async () => {
      const { knex, store } = await setup();
      for (let i = 0; i < 6; i++) {
        await store.enqueue(knex, makeNotification(`n${i}`), ['slack'], at(i));
      }
      const first = await store.claimDue({
        now: at(10),
        limit: 4,
        leaseMs: 1000,
        owner: 'a',
      });
      expect(first.map(d => d.notificationId)).toEqual([
        'n0',
        'n1',
        'n2',
        'n3',
      ]);
      const rest = await store.claimDue({
        now: at(10),
        limit: 4,
        leaseMs: 1000,
        owner: 'b',
      });
      expect(rest.map(d => d.notificationId)).toEqual(['n4', 'n5']);
    });

    it('records failed attempts and reschedules them', async () => {
      const { knex, store } = await setup();
      await store.enqueue(knex, makeNotification('n1'), ['slack'], t0);
      const [claimed] = await store.claimDue({
        now: t0,
        limit: 1,
        leaseMs: 10_000,
        owner: 'a',
      });
      expect(
        await store.markFailedAttempt(claimed.id, 'a', {
          error: 'HTTP 503',
          now: at(100),
          nextAttemptAt: at(30_100),
        }),
      ).toBe(true);
      expect(
        await store.claimDue({
          now: at(30_099),
          limit: 1,
          leaseMs: 10_000,
          owner: 'a',
        }),
      ).toEqual([]);
      const [again] = await store.claimDue({
        now: at(30_100),
        limit: 1,
        leaseMs: 10_000,
        owner: 'a',
      });
      expect(again).toMatchObject({ attempts: 2, lastError: 'HTTP 503' });
      await store.markFailedAttempt(again.id, 'a', {
        error: 'HTTP 400',
        now: at(30_200),
        nextAttemptAt: undefined,
      });
      expect(
        await store.listDeliveries({ status: 'failed', limit: 10 }),
      ).toEqual([
        expect.objectContaining({ id: claimed.id, lastError: 'HTTP 400' }),
      ]);
      expect(
        await store.claimDue({
          now: at(999_999),
          limit: 1,
          leaseMs: 10_000,
          owner: 'a',
        }),
      ).toEqual([]);
    });

    it('deletes old notifications with nothing left to send', async () => {
      const { knex, store } = await setup();
      await store.enqueue(knex, makeNotification('old-done'), ['slack'], t0);
      await store.enqueue(knex, makeNotification('old-pending'), ['slack'], t0);
      await store.enqueue(
        knex,
        makeNotification('new'),
        ['slack'],
        at(86_400_000),
      );
      const claimed = await store.claimDue({
        now: at(1),
        limit: 2,
        leaseMs: 1000,
        owner: 'a',
      });
      const done = claimed.find(c => c.notificationId === 'old-done')!;
      await store.markDelivered(done.id, 'a', at(2));

      expect(await store.deleteOlderThan(at(3_600_000))).toEqual({
        notifications: 1,
        deliveries: 1,
      });
      expect(await store.getNotification('old-done')).toBeUndefined();
      expect(await store.getNotification('old-pending')).toBeDefined();
      expect(await store.getNotification('new')).toBeDefined();
      expect(
        (await store.listDeliveries({ limit: 10 }))
          .map(d => d.notificationId)
          .sort(),
      ).toEqual(['new', 'old-pending']);
    });
  },
);
