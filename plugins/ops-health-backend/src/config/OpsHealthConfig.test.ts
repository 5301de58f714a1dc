import { ConfigReader } from '@backstage/config';
import { nextPassOf, readOpsHealthConfig } from './OpsHealthConfig';

function read(opsHealth: object) {
  return readOpsHealthConfig(new ConfigReader({ opsHealth }));
}

describe('readOpsHealthConfig', () => {
  it('keeps what the catalog answered a caller for 10 seconds unless told', () => {
    expect(read({}).access).toEqual({ cacheTtlMs: 10_000, indexTtlMs: 60_000 });
    expect(read({ access: { cacheTtl: { seconds: 30 } } }).access).toEqual({
      cacheTtlMs: 30_000,
      indexTtlMs: 60_000,
    });
    expect(
      read({ access: { cacheTtl: { seconds: 0 }, indexTtl: '0s' } }).access,
    ).toEqual({ cacheTtlMs: 0, indexTtlMs: 0 });
    expect(read({ access: { indexTtl: '5m' } }).access.indexTtlMs).toBe(
      300_000,
    );
  });

  it('refuses a cache ttl over 5 minutes or not a duration, naming the key', () => {
    expect(() => read({ access: { cacheTtl: { hours: 1 } } })).toThrow(
      /opsHealth\.access\.cacheTtl.*from 0 \(ask the catalog on every read\) to 5 minutes/,
    );
    expect(() => read({ access: { cacheTtl: 'soon' } })).toThrow(
      /opsHealth\.access\.cacheTtl/,
    );
    expect(() => read({ access: { indexTtl: { hours: 2 } } })).toThrow(
      /opsHealth\.access\.indexTtl.*from 0 \(read each entity from the catalog\) to 1 hour/,
    );
  });

  it.each([
    [{ retention: { costDays: 1e12 } }, 'retention.costDays'],
    [{ retention: { silenceDays: 0 } }, 'retention.silenceDays'],
    [
      { retention: { closedIncidentDays: 1.5 } },
      'retention.closedIncidentDays',
    ],
  ])('refuses retention %j, naming the key', (value, key) => {
    expect(() => read(value)).toThrow(
      `Invalid config at 'opsHealth.${key}': expected a whole number of days from 1 to 36500`,
    );
  });

  it('catches a schedule that would run back to back, naming the field', () => {
    expect(() =>
      read({ catchUp: { schedule: { frequency: { minutes: 0 } } } }),
    ).toThrow(
      "opsHealth.catchUp.schedule.frequency': must be longer than zero",
    );
  });

  describe('when the next catch-up pass is due', () => {
    const now = Date.parse('2027-03-01T06:04:30Z');
    const at = (iso: string) => Date.parse(iso);
    const next = (catchUp: object, lastAt?: string) =>
      nextPassOf(
        read({ catchUp: { schedule: catchUp } }).catchUp.schedule,
        lastAt === undefined ? undefined : at(lastAt),
        now,
      );

    it('is one interval after the last pass, or from now when that has gone by', () => {
      expect(next({ frequency: { minutes: 2 } }, '2027-03-01T06:03:00Z')).toBe(
        at('2027-03-01T06:05:00Z'),
      );
      expect(next({ frequency: 'PT2M' }, '2027-03-01T05:00:00Z')).toBe(
        at('2027-03-01T06:06:30Z'),
      );
      expect(next({ frequency: { minutes: 2 } })).toBe(
        at('2027-03-01T06:06:30Z'),
      );
      // The default: every 2 minutes.
      expect(
        nextPassOf(read({}).catchUp.schedule, at('2027-03-01T06:04:00Z'), now),
      ).toBe(at('2027-03-01T06:06:00Z'));
    });

    it("is a cron schedule's next time, not a made-up interval", () => {
      // Was: 5 minutes after the last pass, 06:08 here.
      expect(
        next({ frequency: { cron: '*/15 * * * *' } }, '2027-03-01T06:03:00Z'),
      ).toBe(at('2027-03-01T06:15:00Z'));
      expect(next({ frequency: { cron: '*/15 * * * *' } })).toBe(
        at('2027-03-01T06:15:00Z'),
      );
    });

    it('is unknown for a manual trigger: a pass runs only when triggered', () => {
      expect(
        next({ frequency: { trigger: 'manual' } }, '2027-03-01T06:03:00Z'),
      ).toBeUndefined();
    });
  });
});
