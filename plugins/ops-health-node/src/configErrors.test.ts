import { ConfigReader } from '@backstage/config';
import {
  configErrors,
  readScheduleConfig,
  readUserOrGroupRef,
} from './configErrors';

const DEFAULTS = { frequency: { hours: 6 }, timeout: { minutes: 30 } };

function read(schedule: object) {
  const { wrap } = configErrors('opsHealth.example');
  return readScheduleConfig(
    new ConfigReader({ schedule }),
    'schedule',
    DEFAULTS,
    wrap,
  );
}

describe('readScheduleConfig', () => {
  it('reads durations, cron and manual triggers, with the defaults filled in', () => {
    expect(read({ frequency: { minutes: 15 } })).toMatchObject({
      frequency: { minutes: 15 },
      timeout: { minutes: 30 },
    });
    expect(read({ frequency: { cron: '0 */6 * * *' } }).frequency).toEqual({
      cron: '0 */6 * * *',
    });
    expect(read({ frequency: { trigger: 'manual' } }).frequency).toEqual({
      trigger: 'manual',
    });
    expect(
      read({ frequency: 'PT10M', initialDelay: { seconds: 0 } }),
    ).toBeDefined();
  });

  it.each([
    [
      { frequency: { minutes: 0 } },
      "example.schedule.frequency': must be longer than zero",
    ],
    [
      { frequency: { seconds: -30 } },
      "example.schedule.frequency': must be longer than zero",
    ],
    [
      { frequency: '0 minutes' },
      "example.schedule.frequency': must be longer than zero",
    ],
    [
      { frequency: { hours: 1 }, timeout: { seconds: 0 } },
      "example.schedule.timeout': must be longer than zero",
    ],
    [
      { frequency: { hours: 1 }, initialDelay: { minutes: -2 } },
      "example.schedule.initialDelay': must not be negative",
    ],
    [
      { frequency: { cron: '61 * * * *' } },
      "example.schedule.frequency.cron': '61 * * * *' is not a cron expression",
    ],
    [{ frequency: { cron: 'hourly please' } }, 'use five fields'],
    [
      { frequency: { cron: '0 * * * *', minutes: 30 } },
      "example.schedule.frequency': sets 'cron' together with 'minutes', which the scheduler would ignore",
    ],
    [
      { frequency: { trigger: 'manual', hours: 1, days: 1 } },
      "example.schedule.frequency': sets 'trigger' together with 'hours', 'days'",
    ],
    [
      { frequency: { cron: '0 * * * *', trigger: 'manual' } },
      "sets 'cron' together with 'trigger'",
    ],
  ])('stops %j at start, naming the field', (schedule, message) => {
    expect(() => read(schedule)).toThrow(message);
  });
});

describe('readUserOrGroupRef', () => {
  it('reads a user or group ref in full, lower case as the catalog writes it', () => {
    expect(readUserOrGroupRef(' Group:Payments ')).toBe(
      'group:default/payments',
    );
    expect(readUserOrGroupRef('user:ops/alice')).toBe('user:ops/alice');
    expect(readUserOrGroupRef('payments', { defaultKind: 'group' })).toBe(
      'group:default/payments',
    );
    expect(readUserOrGroupRef('alice', { defaultKind: 'user' })).toBe(
      'user:default/alice',
    );
  });

  it.each([
    [
      'component:default/x',
      undefined,
      "expected a user or group entity ref such as group:default/payments or user:default/alice, got 'component:default/x' (a component)",
    ],
    [
      'alice',
      undefined,
      "got 'alice' (a bare name could be either: write user:alice or group:alice)",
    ],
    [
      'jane@example.com',
      { hint: 'addresses come from the catalog' },
      "got 'jane@example.com'; addresses come from the catalog",
    ],
    ['group:', { defaultKind: 'group' as const }, "got 'group:'"],
    ['', { defaultKind: 'group' as const }, "got ''"],
  ])('refuses %j, saying what is wrong', (value, options, message) => {
    expect(() => readUserOrGroupRef(value, options)).toThrow(message);
  });

  it('names the key through wrap', () => {
    const { wrap } = configErrors('opsHealth.example');
    expect(() =>
      wrap('owners[0]', () => readUserOrGroupRef('resource:default/db')),
    ).toThrow(
      "Invalid config at 'opsHealth.example.owners[0]': expected a user or group entity ref",
    );
  });
});
