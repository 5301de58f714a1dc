import { InputError, NotFoundError } from '@backstage/errors';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  at,
  createAlerting,
  ENTITY,
  HOUR,
  MINUTE,
} from './__testUtils__/alertingTestUtils';
import { isSilenceActive, silenceMatches } from './SilenceService';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const KEY = `${ENTITY}|replication|media`;
const alert = { dedupKey: KEY, entityRef: ENTITY, checkId: 'replication' };
const by = { reason: 'maintenance', createdBy: 'user:default/alice' };

describe.each(databases.eachSupportedId())(
  'SilenceService on %p',
  databaseId => {
    it('validates what it creates', async () => {
      const { silences } = await createAlerting(databases, databaseId);
      const expiresAt = at(HOUR);
      const now = at(0);
      const cases: Array<[any, any]> = [
        [{}, { ...by, expiresAt, now }],
        [
          { dedupKey: KEY, entityRef: ENTITY, checkId: 'x' },
          { ...by, expiresAt, now },
        ],
        [{ entityRef: ENTITY }, { ...by, expiresAt, now }],
        [{ dedupKey: ' ' }, { ...by, expiresAt, now }],
        [{ dedupKey: KEY }, { ...by, reason: '  ', expiresAt, now }],
        [{ dedupKey: KEY }, { ...by, expiresAt: now, now }],
        [{ dedupKey: KEY }, { ...by, expiresAt: new Date('nope'), now }],
      ];
      for (const [matcher, options] of cases) {
        await expect(silences.create(matcher, options)).rejects.toThrow(
          InputError,
        );
      }
      expect(await silences.list({ now })).toEqual([]);
    });

    it.each([
      [
        { expiresAt: '2027-02-30T00:00:00Z' },
        "expiresAt '2027-02-30T00:00:00Z' is not a date and time that exists (February 2027 has 28 days)",
      ],
      [
        { expiresAt: '2027-01-01T00:00:00+99:00' },
        "expiresAt '2027-01-01T00:00:00+99:00' has an offset outside -12:00 … +14:00",
      ],
      [
        { expiresAt: '2027-01-01T10:00:00' },
        "expiresAt must be a date and time with an offset, e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00; got '2027-01-01T10:00:00'",
      ],
      [
        { duration: '99999999999999999999h' },
        "A silence lasts at most 366 days, not '99999999999999999999h'",
      ],
      [
        { duration: '1ms' },
        "A silence lasts at least a minute, not '1ms'; give minutes, hours or days (e.g. 30m, 2h, 1d)",
      ],
      [{ duration: '59s' }, "A silence lasts at least a minute, not '59s'"],
      [
        { expiresAt: '2027-01-01T00:00:30Z' },
        'A silence lasts at least a minute; expiresAt 2027-01-01T00:00:30.000Z is 30 s from now (2027-01-01T00:00:00.000Z)',
      ],
      [
        { expiresAt: '2020-01-01T00:00:00Z' },
        'The silence would end in the past (expiresAt 2020-01-01T00:00:00.000Z, now 2027-01-01T00:00:00.000Z): give a later expiresAt, or a duration such as 2h',
      ],
      [
        { expiresAt: '2026-12-31T24:00:00Z' },
        "expiresAt '2026-12-31T24:00:00Z' has hour 24, which RFC 3339 does not have: write the next day's 00:00 (2027-01-01T00:00:00Z)",
      ],
      [
        { expiresAt: '2028-02-01T00:00:00Z' },
        'A silence lasts at most 366 days; expiresAt 2028-02-01T00:00:00.000Z is later than that',
      ],
    ])(
      'refuses the expiry %j, saying what is wrong',
      async (expiry, message) => {
        const { silences } = await createAlerting(databases, databaseId);
        await expect(
          silences.create(
            { dedupKey: KEY },
            { ...by, ...expiry, now: new Date('2027-01-01T00:00:00Z') },
          ),
        ).rejects.toThrow(message);
      },
    );

    it('creates, lists, matches and expires silences', async () => {
      const { silences } = await createAlerting(databases, databaseId);
      const byKey = await silences.create(
        { dedupKey: KEY },
        { ...by, expiresAt: at(HOUR), now: at(0) },
      );
      const byCheck = await silences.create(
        { entityRef: ENTITY, checkId: 'cost' },
        { ...by, expiresAt: at(2 * HOUR), now: at(MINUTE) },
      );
      expect(byKey).toMatchObject({
        dedupKey: KEY,
        reason: 'maintenance',
        expiresAt: at(HOUR),
      });
      expect(silenceMatches(byKey, alert)).toBe(true);
      expect(silenceMatches(byCheck, alert)).toBe(false);
      expect(
        silenceMatches(byCheck, {
          ...alert,
          checkId: 'cost',
          dedupKey: 'other',
        }),
      ).toBe(true);

      expect(
        (await silences.list({ active: true, now: at(2 * MINUTE) })).map(
          s => s.id,
        ),
      ).toEqual([byCheck.id, byKey.id]);
      expect(await silences.isSilenced(alert, at(HOUR - 1))).toBe(true);
      expect(await silences.isSilenced(alert, at(HOUR))).toBe(false);

      const expired = await silences.expire(
        byKey.id,
        'user:default/bob',
        at(10 * MINUTE),
      );
      expect(expired).toMatchObject({
        expiredAt: at(10 * MINUTE),
        expiredBy: 'user:default/bob',
      });
      expect(isSilenceActive(expired, at(11 * MINUTE))).toBe(false);
      expect(await silences.isSilenced(alert, at(11 * MINUTE))).toBe(false);
      expect(
        (await silences.list({ active: false, now: at(11 * MINUTE) })).map(
          s => s.id,
        ),
      ).toEqual([byKey.id]);
      expect(await silences.list({ now: at(11 * MINUTE) })).toHaveLength(2);

      await expect(
        silences.expire('unknown', 'user:default/bob', at(0)),
      ).rejects.toThrow(NotFoundError);
    });

    it('creates one silence per Idempotency-Key of its creator, even when the requests race', async () => {
      const { silences } = await createAlerting(databases, databaseId);
      const once = (createKey: string, options: object = {}) =>
        silences.createOnce(
          { dedupKey: KEY },
          { ...by, duration: '2h', now: at(0), createKey, ...options },
        );
      const first = await once('k1');
      expect(first.replayed).toBe(false);
      // Again, even after the silence ended: the same silence, replayed.
      expect(await once('k1', { now: at(3 * HOUR) })).toEqual({
        silence: first.silence,
        replayed: true,
      });
      // Ten at once with a new key: the unique index lets one insert win,
      // and the other nine answer with its silence.
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => once('k2')),
      );
      expect(burst.filter(r => !r.replayed)).toHaveLength(1);
      expect(new Set(burst.map(r => r.silence.id)).size).toBe(1);
      // The reason as it is stored: spaces around it change nothing.
      expect((await once('k1', { reason: ` ${by.reason} ` })).silence.id).toBe(
        first.silence.id,
      );
      // Another creator's same key is another silence.
      const bobs = await once('k1', { createdBy: 'user:default/bob' });
      expect(bobs.replayed).toBe(false);
      // The same key with another reason or end is refused, naming the first.
      for (const other of [{ reason: 'other' }, { duration: '4h' }]) {
        await expect(once('k1', other)).rejects.toThrow(
          `You already created silence ${
            first.silence.id
          } (of ${KEY}, until ${at(
            2 * HOUR,
          ).toISOString()}) with the Idempotency-Key k1, with other fields than this request's; send a new key for a new silence`,
        );
      }
      // Without a key each request creates one, as before.
      await silences.create({ dedupKey: KEY }, { ...by, duration: '2h' });
      await silences.create({ dedupKey: KEY }, { ...by, duration: '2h' });
      expect(await silences.list({ now: at(0) })).toHaveLength(5);
    });
  },
);
