import { ConfigReader } from '@backstage/config';
import { readOpsHealthConfig } from './OpsHealthConfig';

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
});
