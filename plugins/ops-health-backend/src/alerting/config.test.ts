import { ConfigReader } from '@backstage/config';
import {
  alertRuleFor,
  DEFAULT_ALERTING_CONFIG,
  readAlertingConfig,
  repeatWaitMs,
} from './config';

const read = (alerting: unknown) =>
  readAlertingConfig(new ConfigReader({ opsHealth: { alerting } as any }));

describe('readAlertingConfig', () => {
  it('fills in the defaults', () => {
    expect(readAlertingConfig(new ConfigReader({}))).toEqual({
      firingAfter: 2,
      resolvingAfter: 2,
      checks: {},
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      repeat: { initialMs: 3_600_000, multiplier: 2, maxMs: 86_400_000 },
    });
    expect(read({})).toEqual(DEFAULT_ALERTING_CONFIG);
  });

  it('reads every field, with per-check overrides', () => {
    const config = read({
      firingAfter: 3,
      resolvingAfter: 4,
      checks: {
        cost: { firingAfter: 1 },
        backup: { resolvingAfter: 5 },
      },
      groupWait: '10s',
      groupInterval: { minutes: 2 },
      repeat: { initial: '30m', multiplier: 3, max: { hours: 12 } },
    });
    expect(config).toEqual({
      firingAfter: 3,
      resolvingAfter: 4,
      checks: {
        cost: { firingAfter: 1, resolvingAfter: 4 },
        backup: { firingAfter: 3, resolvingAfter: 5 },
      },
      groupWaitMs: 10_000,
      groupIntervalMs: 120_000,
      repeat: { initialMs: 1_800_000, multiplier: 3, maxMs: 43_200_000 },
    });
    expect(alertRuleFor(config, 'cost')).toEqual({
      firingAfter: 1,
      resolvingAfter: 4,
    });
    expect(alertRuleFor(config, 'replication')).toEqual({
      firingAfter: 3,
      resolvingAfter: 4,
    });
  });

  it("takes a check's own firingAfter where config does not set it", () => {
    const own = { cost: { firingAfter: 1 }, backup: {} };
    // Nothing configured: the cost check fires on its first failing run.
    expect(readAlertingConfig(new ConfigReader({}), own).checks).toEqual({
      cost: { firingAfter: 1, resolvingAfter: 2 },
    });
    // A global firingAfter is the default of the checks without their own.
    expect(
      readAlertingConfig(
        new ConfigReader({
          opsHealth: {
            alerting: {
              firingAfter: 3,
              checks: {
                cost: { resolvingAfter: 5 },
                backup: { resolvingAfter: 4 },
              },
            },
          },
        }),
        own,
      ).checks,
    ).toEqual({
      cost: { firingAfter: 1, resolvingAfter: 5 },
      backup: { firingAfter: 3, resolvingAfter: 4 },
    });
    // Config says otherwise for the check: config wins.
    expect(
      readAlertingConfig(
        new ConfigReader({
          opsHealth: { alerting: { checks: { cost: { firingAfter: 2 } } } },
        }),
        own,
      ).checks.cost,
    ).toEqual({ firingAfter: 2, resolvingAfter: 2 });
    expect(() =>
      readAlertingConfig(new ConfigReader({}), { probe: { firingAfter: 0 } }),
    ).toThrow(
      "The probe check declares firingAfter 0; a check's firingAfter is a whole number from 1 to 100",
    );
  });

  it('allows a zero group wait', () => {
    expect(read({ groupWait: { seconds: 0 } }).groupWaitMs).toBe(0);
  });

  it.each([
    [
      { repeat: { multiplier: 0.5 } },
      "Invalid config at 'opsHealth.alerting.repeat.multiplier': expected a number >= 1, got 0.5",
    ],
    [
      { repeat: { multiplier: 'twice' } },
      "Invalid config at 'opsHealth.alerting.repeat.multiplier':",
    ],
    [
      { firingAfter: 0 },
      "Invalid config at 'opsHealth.alerting.firingAfter': expected a whole number of consecutive evaluations from 1 to 100, got 0",
    ],
    [
      // An alert that in effect never fires.
      { firingAfter: 1e9 },
      "Invalid config at 'opsHealth.alerting.firingAfter': expected a whole number of consecutive evaluations from 1 to 100, got 1000000000 (100 evaluations of the cost check, every 6 hours by default, are 25 days)",
    ],
    [
      { checks: { cost: { resolvingAfter: 1.5 } } },
      "Invalid config at 'opsHealth.alerting.checks.cost.resolvingAfter': expected a whole number of consecutive evaluations from 1 to 100, got 1.5",
    ],
    [
      { groupInterval: 'soon' },
      "Invalid config at 'opsHealth.alerting.groupInterval':",
    ],
    [
      { repeat: { initial: { seconds: 0 } } },
      "Invalid config at 'opsHealth.alerting.repeat.initial': expected a positive duration",
    ],
    [
      { repeat: { initial: '2h', max: '1h' } },
      "Invalid config at 'opsHealth.alerting.repeat.max': must not be below repeat.initial",
    ],
  ])('rejects %j', (alerting, message) => {
    expect(() => read(alerting)).toThrow(message);
  });
});

describe('repeatWaitMs', () => {
  it('grows by the multiplier up to the maximum', () => {
    const repeat = { initialMs: 1, multiplier: 2, maxMs: 8 };
    expect(
      [1, 2, 3, 4, 5, 6, 100, 5000].map(n => repeatWaitMs(repeat, n)),
    ).toEqual([1, 2, 4, 8, 8, 8, 8, 8]);
    expect(repeatWaitMs({ initialMs: 5, multiplier: 1, maxMs: 10 }, 9)).toBe(5);
  });
});
