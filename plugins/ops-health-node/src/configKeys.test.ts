import { ConfigReader } from '@backstage/config';
import {
  assertKnownConfigKeys,
  mergeConfigKeys,
  OpsHealthConfigKeys,
} from './configKeys';

const duration: OpsHealthConfigKeys = {
  keys: { hours: {}, minutes: {}, seconds: {} },
};

const plugin: OpsHealthConfigKeys = {
  keys: {
    alerting: {
      keys: {
        firingAfter: {},
        resolvingAfter: {},
        groupWait: duration,
        checks: { anyKey: { keys: { firingAfter: {}, resolvingAfter: {} } } },
      },
    },
    schedules: {
      items: {
        keys: {
          name: {},
          layers: {
            items: {
              keys: { members: {}, restrict: { keys: { from: {}, to: {} } } },
            },
          },
        },
      },
    },
    notifications: {
      keys: { channels: { items: { keys: { name: {}, url: {} } } } },
    },
  },
};

const awsModule: OpsHealthConfigKeys = {
  keys: { cost: { keys: { dailyThreshold: {}, schedule: {} } } },
};

function check(opsHealth: object, declared = [plugin, awsModule]) {
  assertKnownConfigKeys(new ConfigReader({ opsHealth }), 'opsHealth', declared);
}

describe('assertKnownConfigKeys', () => {
  it('takes every declared key, map keys, array items and values whose keys it does not know', () => {
    expect(() =>
      check({
        alerting: {
          firingAfter: 3,
          groupWait: { seconds: 10 },
          checks: { cost: { firingAfter: 1 }, 'my-check': {} },
        },
        schedules: [
          { name: 'a', layers: [{ members: [], restrict: { from: '09:00' } }] },
        ],
        notifications: { channels: [{ name: 'x', url: 'https://x' }] },
        // A schedule is checked by its reader: any keys below it pass here.
        cost: { dailyThreshold: 5, schedule: { frequency: { hours: 1 } } },
      }),
    ).not.toThrow();
    expect(() => check({})).not.toThrow();
    expect(() =>
      assertKnownConfigKeys(new ConfigReader({}), 'opsHealth', [plugin]),
    ).not.toThrow();
    // A string where a duration object may be: nothing to check.
    expect(() => check({ alerting: { groupWait: '10s' } })).not.toThrow();
  });

  it.each([
    [
      { alerting: { firingAftr: 3 } },
      "Invalid config at 'opsHealth.alerting.firingAftr': no installed Ops Health package reads this key, so it would be ignored; did you mean 'firingAfter'? Fix its spelling or remove it.",
    ],
    [
      { alerting: { FiringAfter: 3 } },
      "Invalid config at 'opsHealth.alerting.FiringAfter': no installed Ops Health package reads this key, so it would be ignored; did you mean 'firingAfter'?",
    ],
    [
      { alerting: { checks: { cost: { firing: 1 } } } },
      "Invalid config at 'opsHealth.alerting.checks.cost.firing': no installed Ops Health package reads this key, so it would be ignored; opsHealth.alerting.checks.cost has firingAfter, resolvingAfter. Fix its spelling or remove it.",
    ],
    [
      {
        schedules: [
          { name: 'a' },
          { name: 'b', layers: [{ restrict: { form: '09:00' } }] },
        ],
      },
      "Invalid config at 'opsHealth.schedules[1].layers[0].restrict.form': no installed Ops Health package reads this key, so it would be ignored; did you mean 'from'?",
    ],
    [
      { alerting: { groupWait: { minuts: 5 } } },
      "'opsHealth.alerting.groupWait.minuts': no installed Ops Health package reads this key, so it would be ignored; did you mean 'minutes'?",
    ],
    [{ 'alert ing': {} }, `Invalid config at 'opsHealth["alert ing"]'`],
    [
      { costs: { dailyThreshold: 5 } },
      "Invalid config at 'opsHealth.costs': no installed Ops Health package reads this key, so it would be ignored; did you mean 'cost'? Fix its spelling or remove it. (A check module's sections are read only where the module is installed in the backend.)",
    ],
  ])(
    'refuses %j, naming the key and the closest declared one',
    (opsHealth, message) => {
      expect(() => check(opsHealth)).toThrow(message);
    },
  );

  it("refuses a module's section when that module is not installed", () => {
    expect(() => check({ cost: { dailyThreshold: 5 } }, [plugin])).toThrow(
      "Invalid config at 'opsHealth.cost': no installed Ops Health package reads this key, so it would be ignored; opsHealth has alerting, schedules, notifications. Fix its spelling or remove it. (A check module's sections are read only where the module is installed in the backend.)",
    );
  });

  it('names every unknown key at once, and never a value', () => {
    let message = '';
    try {
      check({
        alerting: { firingAftr: 3, resolvingAftr: 2 },
        notifications: { channels: [{ name: 'x', urll: 'https://secret' }] },
      });
    } catch (error) {
      message = String(error);
    }
    expect(message.split('\n')).toEqual([
      'Error: 3 config keys are not read by any installed Ops Health package:',
      expect.stringContaining("'opsHealth.alerting.firingAftr'"),
      expect.stringContaining("'opsHealth.alerting.resolvingAftr'"),
      expect.stringContaining(
        "'opsHealth.notifications.channels[0].urll': no installed Ops Health package reads this key, so it would be ignored; did you mean 'url'?",
      ),
    ]);
    expect(message).not.toContain('secret');
  });

  it('merges the trees of the plugin and its modules, section by section', () => {
    expect(
      mergeConfigKeys(
        { keys: { cost: { keys: { a: {} } }, list: { items: { keys: {} } } } },
        { keys: { cost: { keys: { b: {} } }, map: { anyKey: {} } } },
        { keys: { list: { items: { keys: { c: {} } } } } },
      ),
    ).toEqual({
      keys: {
        cost: { keys: { a: {}, b: {} } },
        list: { items: { keys: { c: {} } } },
        map: { anyKey: {} },
      },
    });
  });
});
