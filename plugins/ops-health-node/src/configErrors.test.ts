import { ConfigReader } from '@backstage/config';
import { configErrors, readScheduleConfig } from './configErrors';

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
