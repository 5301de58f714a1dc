import {
  createTestDatabases,
  twoReplicaStores,
} from '../__testUtils__/testDatabases';
import { DatabaseBackupTriggerStore } from './DatabaseBackupTriggerStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseBackupTriggerStore on %p',
  databaseId => {
    const createStores = () =>
      twoReplicaStores(databases, databaseId, options =>
        DatabaseBackupTriggerStore.create(options),
      );

    // Across a year boundary.
    const t0 = new Date('2026-12-31T23:55:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const trigger = (by: string, minutes = 0) => ({
      entityRef: 'component:default/config-backup',
      triggeredBy: `user:default/${by}`,
      triggeredAt: at(minutes),
    });
    const INTERVAL = 15 * 60_000;
    const KEY = '/config-backup-runner';

    it('lets one of many simultaneous triggers through, on any replica', async () => {
      const [a, b] = await createStores();
      const outcomes = await Promise.all(
        ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((by, i) =>
          (i % 2 ? b : a).claim(KEY, trigger(by), INTERVAL),
        ),
      );
      expect(outcomes.filter(o => o.claimed)).toHaveLength(1);
      const refused = outcomes.filter(o => !o.claimed) as Array<{
        last: { triggeredBy: string; triggeredAt: Date };
      }>;
      expect(refused).toHaveLength(5);
      // Each refusal names the trigger that holds it.
      const holders = new Set(refused.map(o => o.last.triggeredBy));
      expect(holders.size).toBe(1);
      expect(refused[0].last.triggeredAt).toEqual(t0);
    });

    it('takes a trigger again once the interval has passed, and another function at once', async () => {
      const [a, b] = await createStores();
      expect(await a.claim(KEY, trigger('alice'), INTERVAL)).toEqual({
        claimed: true,
      });
      expect(
        await b.claim('123456789012/other-runner', trigger('bob', 1), INTERVAL),
      ).toEqual({ claimed: true });
      expect(await b.claim(KEY, trigger('bob', 14.9), INTERVAL)).toEqual({
        claimed: false,
        last: trigger('alice'),
      });
      // Exactly the interval later (in the new year): free again.
      expect(await b.claim(KEY, trigger('bob', 15), INTERVAL)).toEqual({
        claimed: true,
      });
      expect(await a.claim(KEY, trigger('alice', 16), INTERVAL)).toEqual({
        claimed: false,
        last: trigger('bob', 15),
      });
    });

    it('gives back a claim whose invocation failed, but not a newer one', async () => {
      const [a, b] = await createStores();
      await a.claim(KEY, trigger('alice'), INTERVAL);
      await a.release(KEY, trigger('alice'));
      expect(await b.claim(KEY, trigger('bob', 1), INTERVAL)).toEqual({
        claimed: true,
      });
      // Alice's late release does not free Bob's claim.
      await a.release(KEY, trigger('alice'));
      expect(await a.claim(KEY, trigger('carol', 2), INTERVAL)).toMatchObject({
        claimed: false,
        last: { triggeredBy: 'user:default/bob' },
      });
    });
  },
);
