import { ConfigReader } from '@backstage/config';
import {
  assertEscalationCanNotify,
  DEFAULT_ESCALATION_SCHEDULE,
  policyForEntity,
  readEscalationConfig,
  readIncidentsConfig,
} from './config';

const read = (escalation: unknown) =>
  readEscalationConfig(new ConfigReader({ opsHealth: { escalation } as any }));

const standard = {
  name: 'standard',
  levels: [
    { targets: ['user:default/alice-oncall'], delay: '0s' },
    {
      name: ' DevOps manager ',
      targets: ['User:default/bob-manager', 'group:platform-ops'],
      delay: { minutes: 15 },
    },
    { targets: ['user:carol-cto'], delay: '1h' },
  ],
};

describe('readEscalationConfig', () => {
  it('has no policies and a one-minute schedule by default', () => {
    const config = readEscalationConfig(new ConfigReader({}));
    expect(config.policies.size).toBe(0);
    expect(config.defaultPolicy).toBeUndefined();
    expect(config.schedule).toEqual(DEFAULT_ESCALATION_SCHEDULE);
    expect(config.schedule.frequency).toEqual({ minutes: 1 });
  });

  it('reads policies with normalized targets and delays in ms', () => {
    const config = read({
      policies: [standard, { name: 'quiet', levels: [standard.levels[2]] }],
      schedule: { frequency: { seconds: 30 } },
    });
    expect([...config.policies.keys()]).toEqual(['standard', 'quiet']);
    expect(config.policies.get('standard')).toEqual({
      name: 'standard',
      levels: [
        { targets: ['user:default/alice-oncall'], delayMs: 0 },
        {
          name: 'DevOps manager',
          targets: ['user:default/bob-manager', 'group:default/platform-ops'],
          delayMs: 900_000,
        },
        { targets: ['user:default/carol-cto'], delayMs: 3_600_000 },
      ],
    });
    // the first policy is the default when none is named
    expect(config.defaultPolicy).toBe('standard');
    expect(config.schedule).toEqual({
      frequency: { seconds: 30 },
      timeout: DEFAULT_ESCALATION_SCHEDULE.timeout,
      initialDelay: DEFAULT_ESCALATION_SCHEDULE.initialDelay,
    });
  });

  it('takes the named default policy and drops duplicate targets', () => {
    const config = read({
      defaultPolicy: 'quiet',
      policies: [
        standard,
        {
          name: 'quiet',
          levels: [
            {
              targets: ['user:default/carol-cto', 'user:carol-cto'],
              delay: '2h',
            },
          ],
        },
      ],
    });
    expect(config.defaultPolicy).toBe('quiet');
    expect(config.policies.get('quiet')!.levels[0].targets).toEqual([
      'user:default/carol-cto',
    ]);
  });

  it('allows equal delays on consecutive levels', () => {
    const config = read({
      policies: [
        {
          name: 'both',
          levels: [
            { targets: ['user:a'], delay: '5m' },
            { targets: ['user:b'], delay: '5m' },
          ],
        },
      ],
    });
    expect(config.policies.get('both')!.levels.map(l => l.delayMs)).toEqual([
      300_000, 300_000,
    ]);
  });

  it.each([
    [
      'duplicate names',
      { policies: [standard, standard] },
      "Invalid config at 'opsHealth.escalation.policies[1].name': duplicate policy name 'standard'",
    ],
    [
      'an empty level name',
      {
        policies: [
          {
            name: 'named',
            levels: [{ name: '  ', targets: ['user:alice'], delay: '0s' }],
          },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].name': expected what the level is in 1 to 100 characters, e.g. On-call engineer, or leave it out",
    ],
    [
      'no levels',
      { policies: [{ name: 'empty', levels: [] }] },
      "Invalid config at 'opsHealth.escalation.policies[0].levels': policy 'empty' needs at least one level",
    ],
    [
      'missing levels',
      { policies: [{ name: 'empty' }] },
      "Invalid config at 'opsHealth.escalation.policies[0].levels':",
    ],
    [
      'missing name',
      { policies: [{ levels: standard.levels }] },
      "Invalid config at 'opsHealth.escalation.policies[0].name':",
    ],
    [
      'decreasing delays',
      {
        policies: [
          {
            name: 'backwards',
            levels: [
              { targets: ['user:a'], delay: '1h' },
              { targets: ['user:b'], delay: '15m' },
            ],
          },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[1].delay': must not be shorter than the previous level's delay (3600000 ms)",
    ],
    [
      'a missing delay',
      { policies: [{ name: 'p', levels: [{ targets: ['user:a'] }] }] },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].delay': missing",
    ],
    [
      'an unreadable delay',
      {
        policies: [
          { name: 'p', levels: [{ targets: ['user:a'], delay: 'soon' }] },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].delay':",
    ],
    [
      'a target of another kind',
      {
        policies: [
          {
            name: 'p',
            levels: [
              { targets: ['user:a', 'component:default/x'], delay: '0s' },
            ],
          },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].targets[1]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'component:default/x' (a component); or name an on-call schedule as schedule:<name>",
    ],
    [
      'a target without a kind',
      {
        policies: [
          { name: 'p', levels: [{ targets: ['alice'], delay: '0s' }] },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].targets[0]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'alice' (a bare name could be either: write user:alice or group:alice); or name an on-call schedule as schedule:<name>",
    ],
    [
      'no owners',
      { policies: [{ ...standard, owners: [] }] },
      "Invalid config at 'opsHealth.escalation.policies[0].owners': name at least one group or user, or leave owners out to let any entity name the policy",
    ],
    [
      'an owner of another kind',
      {
        policies: [
          { ...standard, owners: ['payments', 'component:default/x'] },
        ],
      },
      "Invalid config at 'opsHealth.escalation.policies[0].owners[1]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'component:default/x' (a component)",
    ],
    [
      'an unreadable owner',
      { policies: [{ ...standard, owners: ['group:'] }] },
      "Invalid config at 'opsHealth.escalation.policies[0].owners[0]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'group:'",
    ],
    [
      'no targets',
      { policies: [{ name: 'p', levels: [{ targets: [], delay: '0s' }] }] },
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].targets': expected at least one user, group or schedule:<name>",
    ],
    [
      'an unknown default policy',
      { defaultPolicy: 'nope', policies: [standard] },
      "Invalid config at 'opsHealth.escalation.defaultPolicy': no policy named 'nope'; configured: standard",
    ],
    [
      'a default policy without policies',
      { defaultPolicy: 'nope' },
      "Invalid config at 'opsHealth.escalation.defaultPolicy': no policy named 'nope'; no policies are configured",
    ],
    [
      'a schedule without frequency',
      { schedule: { timeout: '1m' } },
      "Invalid config at 'opsHealth.escalation.schedule':",
    ],
    [
      'policies that are not a list',
      { policies: 'standard' },
      "Invalid config at 'opsHealth.escalation.policies':",
    ],
  ])('rejects %s', (_, escalation, message) => {
    expect(() => read(escalation)).toThrow(message);
  });
});

describe('assertEscalationCanNotify', () => {
  it('refuses policies when there is no channel to notify their targets through', () => {
    expect(() =>
      assertEscalationCanNotify(read({ policies: [standard] }), []),
    ).toThrow(
      "Invalid config at 'opsHealth.escalation.policies': 1 policy escalates incidents, but opsHealth.notifications.channels has no channel to notify their targets through, so nobody would be told. Add one, e.g. { name: inbox, type: backstage }",
    );
  });

  it('refuses policies when no channel takes escalations', () => {
    // A channel limited to some checks takes only their alerts.
    expect(() =>
      assertEscalationCanNotify(read({ policies: [standard] }), [
        { name: 'costs', minSeverity: 'warning', checks: ['cost'] },
      ]),
    ).toThrow(
      "Invalid config at 'opsHealth.escalation.policies': 1 policy escalates incidents, but no channel of opsHealth.notifications.channels takes escalations (costs: a channel with checks takes only those checks' alerts) to notify their targets through",
    );
  });

  it('takes policies with a channel that takes escalations, and no policies without one', () => {
    expect(() =>
      assertEscalationCanNotify(read({ policies: [standard] }), [
        { name: 'costs', minSeverity: 'warning', checks: ['cost'] },
        { name: 'inbox', minSeverity: 'critical' },
      ]),
    ).not.toThrow();
    expect(() => assertEscalationCanNotify(read({}), [])).not.toThrow();
  });
});

describe('schedule targets', () => {
  const schedules = [
    {
      name: 'platform-ops',
      team: 'group:default/platform-ops',
      timeZone: 'Europe/Berlin',
      members: ['user:default/alice'],
      rotation: 'weekly',
      start: '2026-11-02',
    },
  ];
  const withSchedules = (target: string) =>
    readEscalationConfig(
      new ConfigReader({
        opsHealth: {
          schedules,
          escalation: {
            policies: [
              { name: 'p', levels: [{ targets: [target], delay: '5m' }] },
            ],
          },
        },
      }),
    );

  it('takes schedule:<name> of a configured schedule', () => {
    expect(
      withSchedules('schedule:platform-ops').policies.get('p')!.levels[0]
        .targets,
    ).toEqual(['schedule:platform-ops']);
  });

  it('refuses a schedule that is not configured, naming the key and the schedules there are', () => {
    expect(() => withSchedules('schedule:platfrom-ops')).toThrow(
      "Invalid config at 'opsHealth.escalation.policies[0].levels[0].targets[0]': no on-call schedule named 'platfrom-ops'; configured: platform-ops",
    );
  });
});

describe('policyForEntity', () => {
  const config = read({
    defaultPolicy: 'standard',
    policies: [{ name: 'quiet', levels: [standard.levels[2]] }, standard],
  });

  it('uses the default policy for an entity without annotation', () => {
    expect(policyForEntity(config, undefined)).toEqual({
      policy: config.policies.get('standard'),
    });
  });

  it('uses the named policy', () => {
    expect(policyForEntity(config, 'quiet')).toEqual({
      policy: config.policies.get('quiet'),
    });
  });

  it('reports an unknown policy and falls back to the default', () => {
    expect(policyForEntity(config, 'nightly')).toEqual({
      policy: config.policies.get('standard'),
      error:
        "Unknown escalation policy 'nightly'; configured: quiet, standard; using the default policy 'standard'",
    });
  });

  describe('with owners', () => {
    const owned = read({
      defaultPolicy: 'standard',
      policies: [
        standard,
        {
          name: 'payments',
          levels: standard.levels,
          owners: ['payments', 'User:alice', 'group:default/payments'],
        },
        { ...standard, name: 'guarded-default' },
      ],
    });

    it('reads the owners as full refs, once each', () => {
      expect(owned.policies.get('payments')!.owners).toEqual([
        'group:default/payments',
        'user:default/alice',
      ]);
      expect(owned.policies.get('standard')!.owners).toBeUndefined();
    });

    it("gives the policy to its owners' entities only", () => {
      expect(
        policyForEntity(owned, 'payments', 'group:default/payments'),
      ).toEqual({ policy: owned.policies.get('payments') });
      expect(policyForEntity(owned, 'payments', 'user:default/alice')).toEqual({
        policy: owned.policies.get('payments'),
      });
      // An entity of another team names it: its own default path instead.
      expect(policyForEntity(owned, 'payments', 'group:default/evil')).toEqual({
        policy: owned.policies.get('standard'),
        error:
          "Escalation policy 'payments' is for entities owned by group:default/payments, user:default/alice (opsHealth.escalation.policies[].owners), not by group:default/evil; using the default policy 'standard'",
      });
      expect(policyForEntity(owned, 'payments', undefined).error).toContain(
        'not by an entity without owner',
      );
    });

    it('lets any entity name a policy without owners, and the default', () => {
      expect(
        policyForEntity(owned, 'guarded-default', 'group:default/evil'),
      ).toEqual({ policy: owned.policies.get('guarded-default') });
      const defaultOwned = read({
        policies: [{ ...standard, owners: ['payments'] }],
      });
      expect(
        policyForEntity(defaultOwned, 'standard', 'group:default/evil'),
      ).toEqual({ policy: defaultOwned.policies.get('standard') });
    });
  });

  it('has nothing without policies', () => {
    const empty = read({});
    expect(policyForEntity(empty, undefined)).toEqual({});
    expect(policyForEntity(empty, 'x')).toEqual({
      error: "Unknown escalation policy 'x'; no policies are configured",
    });
  });
});

describe('readIncidentsConfig', () => {
  const readIncidents = (incidents: unknown) =>
    readIncidentsConfig(new ConfigReader({ opsHealth: { incidents } as any }));

  it('fills in the defaults', () => {
    expect(readIncidentsConfig(new ConfigReader({}))).toEqual({
      attachWindowMs: 3_600_000,
      autoOpen: true,
    });
    expect(readIncidents({})).toEqual({
      attachWindowMs: 3_600_000,
      autoOpen: true,
    });
  });

  it('reads every field', () => {
    expect(readIncidents({ attachWindow: '30m', autoOpen: false })).toEqual({
      attachWindowMs: 1_800_000,
      autoOpen: false,
    });
    expect(readIncidents({ attachWindow: { hours: 2 } }).attachWindowMs).toBe(
      7_200_000,
    );
    expect(
      readIncidents({ autoOpenChecks: [' replication', 'backup', 'backup'] }),
    ).toEqual({
      attachWindowMs: 3_600_000,
      autoOpen: true,
      autoOpenChecks: ['replication', 'backup'],
    });
  });

  it.each([
    [
      { attachWindow: 'a while' },
      "Invalid config at 'opsHealth.incidents.attachWindow':",
    ],
    [
      { autoOpen: 'sometimes' },
      "Invalid config at 'opsHealth.incidents.autoOpen':",
    ],
    [
      { autoOpenChecks: [] },
      "Invalid config at 'opsHealth.incidents.autoOpenChecks': name at least one check, or set incidents.autoOpen to false to open no incident automatically",
    ],
    [
      { autoOpenChecks: ['backup', ' '] },
      "Invalid config at 'opsHealth.incidents.autoOpenChecks[1]': expected a check id",
    ],
    [
      { autoOpenChecks: 'backup' },
      "Invalid config at 'opsHealth.incidents.autoOpenChecks':",
    ],
  ])('rejects %j', (incidents, message) => {
    expect(() => readIncidents(incidents)).toThrow(message);
  });
});
