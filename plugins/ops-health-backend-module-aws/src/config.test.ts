import { ConfigReader } from '@backstage/config';
import { readAwsChecksConfig } from './config';

const read = (opsHealth: object) =>
  readAwsChecksConfig(new ConfigReader({ opsHealth }));

describe('readAwsChecksConfig', () => {
  it('fills in every default', () => {
    const config = readAwsChecksConfig(new ConfigReader({}));
    expect(config.cost).toMatchObject({
      metric: 'UnblendedCost',
      dailyThreshold: 100,
      monthlyThreshold: 2500,
      spikeFactor: 2,
      baselineDays: 14,
      refetchDays: 3,
      schedule: { frequency: { hours: 6 } },
    });
    expect(config.replication).toMatchObject({
      latencyWarningSeconds: 900,
      latencyCriticalSeconds: 3600,
      metricsWindowMs: 3_600_000,
      canary: {
        timeoutMs: 300_000,
        pollIntervalMs: 5_000,
        keyPrefix: 'ops-health-canary/',
      },
      schedule: { frequency: { minutes: 5 } },
    });
    expect(config.backup.defaultMaxAgeMs).toBe(26 * 3_600_000);
    expect(config.backup.schedule.frequency).toEqual({ minutes: 15 });
    expect(config.backup.triggerIntervalMs).toBe(15 * 60_000);
  });

  it('reads durations as strings or objects and schedules from config', () => {
    const config = read({
      cost: { metric: 'AmortizedCost', schedule: { frequency: { hours: 2 } } },
      replication: {
        metricsWindow: '30m',
        canary: { timeout: { seconds: 90 } },
      },
      backup: { defaultMaxAge: '2d', triggerInterval: '1h' },
    });
    expect(config.cost.metric).toBe('AmortizedCost');
    expect(config.cost.schedule).toMatchObject({
      frequency: { hours: 2 },
      timeout: { minutes: 15 },
    });
    expect(config.replication.metricsWindowMs).toBe(1_800_000);
    expect(config.replication.canary.timeoutMs).toBe(90_000);
    expect(config.backup.defaultMaxAgeMs).toBe(2 * 86_400_000);
    expect(config.backup.triggerIntervalMs).toBe(3_600_000);
  });

  it('reads the cost tags of trust, each with its owners, namespaces and locations', () => {
    const { trust } = read({
      trust: {
        costTags: [
          { tag: ' team = payments ', owners: ['payments'] },
          { tag: 'cost-center=', namespaces: ['ledger'] },
        ],
        requireCostTagMapping: true,
      },
    });
    expect(trust.costTags).toEqual([
      {
        key: 'team',
        value: 'payments',
        owners: ['group:default/payments'],
        namespaces: [],
        locations: [],
      },
      {
        key: 'cost-center',
        value: '',
        owners: [],
        namespaces: ['ledger'],
        locations: [],
      },
    ]);
    expect(trust.requireCostTagMapping).toBe(true);
    expect(read({}).trust.requireCostTagMapping).toBe(false);
  });

  it('reads the accounts of trust with owners, namespaces and locations', () => {
    expect(
      read({
        trust: {
          accounts: [
            { accountId: '111122223333', owners: ['payments', 'user:alice'] },
            {
              accountId: 'main',
              namespaces: [' Ledger '],
              locations: [' url:https://github.com/acme/ledger/blob/main/ '],
            },
          ],
        },
      }).trust.accounts,
    ).toEqual([
      {
        accountId: '111122223333',
        owners: ['group:default/payments', 'user:default/alice'],
        namespaces: [],
        locations: [],
      },
      {
        accountId: 'main',
        owners: [],
        namespaces: ['ledger'],
        locations: ['url:https://github.com/acme/ledger/blob/main/'],
      },
    ]);
  });

  it.each([
    [
      { cost: { metric: 'BlendedCost' } },
      "opsHealth.cost.metric': expected one of UnblendedCost",
    ],
    [
      { cost: { dailyThreshold: -1 } },
      "opsHealth.cost.dailyThreshold': expected a number > 0",
    ],
    [{ cost: { dailyThreshold: 'lots' } }, 'opsHealth.cost.dailyThreshold'],
    [
      { cost: { dailyThreshold: 3000, monthlyThreshold: 300 } },
      "opsHealth.cost.dailyThreshold': must not be above cost.monthlyThreshold (300): a day over it would already be over the month's threshold. Are the two swapped?",
    ],
    [
      { cost: { dailyThreshold: 3000 } },
      "opsHealth.cost.dailyThreshold': must not be above cost.monthlyThreshold (2500, its default)",
    ],
    [
      { cost: { monthlyThreshold: 50 } },
      "opsHealth.cost.monthlyThreshold': must not be below cost.dailyThreshold (100, its default): a single day over that would already be over this. Set cost.dailyThreshold too.",
    ],
    [
      { aws: { maxAttempts: 1000 } },
      "opsHealth.aws.maxAttempts': expected a number <= 10, got 1000",
    ],
    [
      { cost: { baselineDays: 2.5 } },
      "opsHealth.cost.baselineDays': expected a whole number",
    ],
    [
      { cost: { spikeFactor: 1 } },
      "opsHealth.cost.spikeFactor': expected a number > 1",
    ],
    [
      { replication: { metricsWindow: 'soon' } },
      'opsHealth.replication.metricsWindow',
    ],
    [
      {
        replication: { latencyWarningSeconds: 600, latencyCriticalSeconds: 60 },
      },
      "opsHealth.replication.latencyCriticalSeconds': must not be below",
    ],
    [
      { replication: { canary: { keyPrefix: '/abs' } } },
      'opsHealth.replication.canary.keyPrefix',
    ],
    [
      { backup: { schedule: { frequency: 'often' } } },
      'opsHealth.backup.schedule',
    ],
    [
      {
        trust: {
          accounts: [
            { accountId: '111122223333', owners: ['team-a'] },
            { accountId: '111122223333', owners: ['team-b'] },
          ],
        },
      },
      "opsHealth.trust.accounts[1].accountId': account 111122223333 is already at trust.accounts[0]",
    ],
    [
      { trust: { costTags: [{ tag: 'team', owners: ['payments'] }] } },
      "opsHealth.trust.costTags[0].tag': expected one cost allocation tag as key=value, such as team=payments, got 'team'",
    ],
    [
      {
        trust: { costTags: [{ tag: 'team=a,env=prod', owners: ['payments'] }] },
      },
      "opsHealth.trust.costTags[0].tag': expected one cost allocation tag as key=value",
    ],
    [
      { trust: { costTags: [{ tag: 'team=a' }] } },
      "opsHealth.trust.costTags[0]': name the locations, owners or namespaces whose entities may measure its cost",
    ],
    [
      {
        trust: {
          costTags: [
            { tag: 'team=a', owners: ['a'] },
            { tag: 'team = a', owners: ['b'] },
          ],
        },
      },
      "opsHealth.trust.costTags[1].tag': team=a is already at trust.costTags[0]",
    ],
    [
      { trust: { requireCostTagMapping: true } },
      "opsHealth.trust.requireCostTagMapping': list the tags in opsHealth.trust.costTags",
    ],
    [
      { cost: { baselineDays: 500, historyDays: 90 } },
      "opsHealth.cost.baselineDays': expected at most 389 days",
    ],
    [
      {
        trust: {
          accounts: [{ accountId: '111122223333', namespaces: ['pay ments'] }],
        },
      },
      "opsHealth.trust.accounts[0].namespaces[0]': expected a catalog namespace",
    ],
    [
      {
        trust: {
          accounts: [
            { accountId: '111122223333', owners: ['component:default/x'] },
          ],
        },
      },
      "opsHealth.trust.accounts[0].owners[0]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'component:default/x' (a component)",
    ],
    [
      { trust: { accounts: [{ accountId: '111122223333' }] } },
      "opsHealth.trust.accounts[0]': name the locations, owners or namespaces whose entities may use it",
    ],
    [
      {
        trust: {
          accounts: [
            {
              accountId: '111122223333',
              locations: [
                'url:https://github.com/acme/a/',
                'github.com/acme/b',
              ],
            },
          ],
        },
      },
      "opsHealth.trust.accounts[0].locations[1]': expected a catalog location as in backstage.io/managed-by-location, such as url:https://github.com/acme/payments/blob/main/, got 'github.com/acme/b'",
    ],
    [
      {
        posture: {
          accounts: [
            { accountId: 'main', entity: 'resource:default/aws-main' },
            { accountId: 'main', entity: 'resource:default/aws-other' },
          ],
        },
      },
      "opsHealth.posture.accounts[1].accountId': account main is already at posture.accounts[0]",
    ],
    [
      { cost: { historyDays: 20 }, retention: { costDays: 20 } },
      "opsHealth.retention.costDays': must be at least 31 (the most of cost.historyDays 20, cost.baselineDays + 1 = 15, and the 31 days of a month), got 20",
    ],
    [
      {
        cost: { historyDays: 30, baselineDays: 40 },
        retention: { costDays: 35 },
      },
      "opsHealth.retention.costDays': must be at least 41",
    ],
    [
      { cost: { schedule: { frequency: { minutes: 0 } } } },
      "opsHealth.cost.schedule.frequency': must be longer than zero",
    ],
    [
      { cost: { schedule: { frequency: { minutes: -5 } } } },
      "opsHealth.cost.schedule.frequency': must be longer than zero",
    ],
    [
      { cost: { schedule: { frequency: 'PT0S' } } },
      "opsHealth.cost.schedule.frequency': must be longer than zero",
    ],
    [
      { replication: { schedule: { frequency: { hours: 1 }, timeout: '0s' } } },
      "opsHealth.replication.schedule.timeout': must be longer than zero",
    ],
    [
      {
        backup: {
          schedule: { frequency: { hours: 1 }, initialDelay: { minutes: -1 } },
        },
      },
      "opsHealth.backup.schedule.initialDelay': must not be negative",
    ],
    [
      { backup: { schedule: { frequency: { cron: 'every day' } } } },
      "opsHealth.backup.schedule.frequency.cron': 'every day' is not a cron expression",
    ],
    [
      { aws: { region: 'moon' } },
      "opsHealth.aws.region': expected an AWS region",
    ],
    [
      { backup: { triggerInterval: '30s' } },
      "opsHealth.backup.triggerInterval': expected at least a minute, e.g. 15m or { minutes: 15 }",
    ],
  ])('rejects %j naming the key', (value, message) => {
    expect(() => read(value)).toThrow(message);
  });
});
