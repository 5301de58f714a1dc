import { ConfigReader } from '@backstage/config';
import { Settings } from 'luxon';
import {
  OnCallSchedule,
  readSchedulesConfig,
  ScheduleOverride,
} from './config';
import { onCallAt, onCallTimeline, shiftAt } from './rotation';

const ALICE = 'user:default/alice';
const DAVE = 'user:default/dave';
const EVE = 'user:default/eve';

function schedule(config: Record<string, unknown>): OnCallSchedule {
  return readSchedulesConfig(
    new ConfigReader({
      opsHealth: {
        schedules: [{ name: 's', team: 'group:default/team', ...config }],
      },
    }),
  ).get('s')!;
}

const everyone = () => true;
const at = (iso: string) => new Date(iso);
const who = (s: OnCallSchedule, iso: string, o: ScheduleOverride[] = []) =>
  onCallAt(s, o, at(iso), everyone).user;

describe('weekly rotation, Monday 09:00 Europe/Berlin', () => {
  const s = schedule({
    timeZone: 'Europe/Berlin',
    members: [ALICE, DAVE],
    rotation: 'weekly',
    handoffDay: 'monday',
    handoffTime: '09:00',
    start: '2026-11-02',
  });

  it('hands off on the minute, local time', () => {
    // 09:00 CET = 08:00Z.
    // Before the rotation starts nobody is on call from it.
    expect(who(s, '2026-11-02T07:59:59Z')).toBeUndefined();
    expect(who(s, '2026-11-02T08:00:00Z')).toBe(ALICE);
    expect(who(s, '2026-11-09T07:59:59Z')).toBe(ALICE);
    expect(who(s, '2026-11-09T08:00:00Z')).toBe(DAVE);
    expect(who(s, '2026-11-16T08:00:00Z')).toBe(ALICE);
  });

  it('keeps 09:00 local across the spring change: that shift lasts 167 h', () => {
    // Clocks go 02:00 → 03:00 on Sunday 2027-03-28.
    const shift = shiftAt(s.layers[0], s.timeZone, at('2027-03-25T12:00:00Z'));
    expect(shift.from.toISOString()).toBe('2027-03-22T08:00:00.000Z');
    expect(shift.to.toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(who(s, '2027-03-29T06:59:59Z')).toBe(who(s, '2027-03-25T12:00:00Z'));
    expect(who(s, '2027-03-29T07:00:00Z')).not.toBe(
      who(s, '2027-03-25T12:00:00Z'),
    );
  });

  it('keeps 09:00 local across the autumn change: that shift lasts 169 h', () => {
    // Clocks go 03:00 → 02:00 on Sunday 2026-10-25.
    const october = schedule({
      timeZone: 'Europe/Berlin',
      members: [ALICE, DAVE],
      rotation: 'weekly',
      start: '2026-10-05',
    });
    const shift = shiftAt(
      october.layers[0],
      october.timeZone,
      at('2026-10-22T12:00:00Z'),
    );
    expect(shift.from.toISOString()).toBe('2026-10-19T07:00:00.000Z');
    expect(shift.to.toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(shift.index).toBe(2);
  });

  it('gives the first member the days from a mid-week start to the first hand-off', () => {
    const midweek = schedule({
      timeZone: 'Europe/Berlin',
      members: [ALICE, DAVE],
      rotation: 'weekly',
      handoffDay: 'monday',
      start: '2026-11-04',
    });
    expect(who(midweek, '2026-11-04T07:59:00Z')).toBeUndefined();
    expect(
      onCallTimeline(
        midweek,
        [],
        at('2026-11-03T00:00:00Z'),
        at('2026-11-20T00:00:00Z'),
        everyone,
      ).map(x => [x.user, x.from.toISOString()]),
    ).toEqual([
      [undefined, '2026-11-03T00:00:00.000Z'],
      [ALICE, '2026-11-04T08:00:00.000Z'],
      [DAVE, '2026-11-09T08:00:00.000Z'],
      [ALICE, '2026-11-16T08:00:00.000Z'],
    ]);
  });

  it('marks the shift that reaches the end of the timeline open-ended, not ending at a hand-off', () => {
    const timeline = onCallTimeline(
      s,
      [],
      at('2026-12-09T12:00:00Z'),
      at('2026-12-23T12:00:00Z'),
      everyone,
    );
    expect(
      timeline.map(x => [x.user, x.to.toISOString(), x.openEnded ?? false]),
    ).toEqual([
      [DAVE, '2026-12-14T08:00:00.000Z', false],
      [ALICE, '2026-12-21T08:00:00.000Z', false],
      [DAVE, '2026-12-23T12:00:00.000Z', true],
    ]);
    // One member: one shift with no hand-off at all.
    const solo = schedule({
      timeZone: 'Europe/Berlin',
      members: [ALICE],
      rotation: 'weekly',
      handoffDay: 'monday',
      handoffTime: '09:00',
      start: '2026-11-02',
    });
    expect(
      onCallTimeline(
        solo,
        [],
        at('2026-12-09T12:00:00Z'),
        at('2026-12-23T12:00:00Z'),
        everyone,
      ).map(x => [x.user, x.to.toISOString(), x.openEnded]),
    ).toEqual([[ALICE, '2026-12-23T12:00:00.000Z', true]]);
  });

  it('counts weeks across the year boundary (2026 has 53 ISO weeks)', () => {
    const shifts = [
      '2026-12-21T08:00:00Z',
      '2026-12-28T08:00:00Z',
      '2027-01-04T08:00:00Z',
      '2027-01-11T08:00:00Z',
    ].map(t => who(s, t));
    expect(shifts).toEqual([DAVE, ALICE, DAVE, ALICE]);
    expect(who(s, '2026-12-31T23:30:00Z')).toBe(ALICE);
    expect(who(s, '2027-01-01T00:30:00Z')).toBe(ALICE);
  });
});

describe('daily rotation', () => {
  it('hands off at a time the spring change skips one hour later (America/New_York 02:30)', () => {
    const s = schedule({
      timeZone: 'America/New_York',
      members: [ALICE, DAVE, EVE],
      rotation: 'daily',
      handoffTime: '02:30',
      start: '2027-03-01',
    });
    // 2027-03-14: 02:00 EST → 03:00 EDT; 02:30 does not exist, 03:30 EDT = 07:30Z.
    const shift = shiftAt(s.layers[0], s.timeZone, at('2027-03-14T12:00:00Z'));
    expect(shift.from.toISOString()).toBe('2027-03-14T07:30:00.000Z');
    expect(shift.to.toISOString()).toBe('2027-03-15T06:30:00.000Z');
    // Day 13 after the start: 13 mod 3 = 1.
    expect(onCallAt(s, [], at('2027-03-14T12:00:00Z'), everyone).user).toBe(
      DAVE,
    );
    expect(onCallAt(s, [], at('2027-03-14T07:29:00Z'), everyone).user).toBe(
      ALICE,
    );
  });

  it('counts 29 February 2028 as a day of its own', () => {
    const s = schedule({
      timeZone: 'UTC',
      members: [ALICE, DAVE],
      rotation: 'daily',
      handoffTime: '00:00',
      start: '2028-02-27',
    });
    expect(
      ['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01'].map(d =>
        who(s, `${d}T12:00:00Z`),
      ),
    ).toEqual([ALICE, DAVE, ALICE, DAVE]);
  });
});

describe('overrides, missing members and layers', () => {
  const s = schedule({
    timeZone: 'Europe/Berlin',
    members: [ALICE, DAVE],
    rotation: 'weekly',
    handoffTime: '09:00',
    start: '2026-11-02',
  });

  it('an override that spans a hand-off covers it; the rotation resumes with the new shift', () => {
    const override: ScheduleOverride = {
      id: 'o1',
      user: EVE,
      // Sunday 20:00 to Monday 20:00 Berlin; the hand-off is Monday 09:00.
      from: at('2026-11-08T19:00:00Z'),
      to: at('2026-11-09T19:00:00Z'),
      createdAt: at('2026-11-01T00:00:00Z'),
    };
    const segments = onCallTimeline(
      s,
      [override],
      at('2026-11-08T00:00:00Z'),
      at('2026-11-17T00:00:00Z'),
      everyone,
    );
    expect(
      segments.map(x => [x.user, x.from.toISOString(), x.overrideId]),
    ).toEqual([
      [ALICE, '2026-11-08T00:00:00.000Z', undefined],
      [EVE, '2026-11-08T19:00:00.000Z', 'o1'],
      [DAVE, '2026-11-09T19:00:00.000Z', undefined],
      [ALICE, '2026-11-16T08:00:00.000Z', undefined],
    ]);
  });

  it('the newest override wins, and one whose user left the catalog is skipped', () => {
    const older: ScheduleOverride = {
      id: 'old',
      user: EVE,
      from: at('2026-11-03T00:00:00Z'),
      to: at('2026-11-04T00:00:00Z'),
      createdAt: at('2026-11-01T00:00:00Z'),
    };
    const newer: ScheduleOverride = {
      ...older,
      id: 'new',
      user: DAVE,
      createdAt: at('2026-11-02T00:00:00Z'),
    };
    const t = at('2026-11-03T12:00:00Z');
    expect(onCallAt(s, [older, newer], t, everyone).user).toBe(DAVE);
    const slot = onCallAt(s, [older, newer], t, u => u !== DAVE);
    expect(slot).toEqual({ user: EVE, overrideId: 'old', skipped: [DAVE] });
  });

  it('skips a member who left the catalog: the next member takes the shift, and it says whom it skipped', () => {
    const present = (u: string) => u !== DAVE;
    expect(onCallAt(s, [], at('2026-11-10T12:00:00Z'), present)).toEqual({
      user: ALICE,
      layer: 'rotation',
      skipped: [DAVE],
    });
    expect(onCallAt(s, [], at('2026-11-10T12:00:00Z'), () => false)).toEqual({
      skipped: [DAVE, ALICE],
    });
  });

  it('a restricted higher layer wins while on duty (weekday office hours over a weekly night rotation)', () => {
    const layered = schedule({
      timeZone: 'Europe/Berlin',
      layers: [
        {
          name: 'around the clock',
          members: [ALICE, DAVE],
          rotation: 'weekly',
          start: '2026-11-02',
        },
        {
          name: 'office hours',
          members: [EVE],
          rotation: 'daily',
          start: '2026-11-02',
          restrict: {
            days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            from: '09:00',
            to: '17:00',
          },
        },
      ],
    });
    // Tuesday 2026-11-03, Berlin is UTC+1.
    expect(who(layered, '2026-11-03T07:59:00Z')).toBe(ALICE);
    expect(who(layered, '2026-11-03T08:00:00Z')).toBe(EVE);
    expect(who(layered, '2026-11-03T15:59:00Z')).toBe(EVE);
    expect(who(layered, '2026-11-03T16:00:00Z')).toBe(ALICE);
    // Saturday: office hours are off.
    expect(who(layered, '2026-11-07T12:00:00Z')).toBe(ALICE);

    // A layer configured ahead of its start pages nobody until then.
    const ahead = schedule({
      timeZone: 'Europe/Berlin',
      layers: [
        {
          name: 'now',
          members: [ALICE],
          rotation: 'weekly',
          start: '2026-11-02',
        },
        {
          name: 'next month',
          members: [EVE],
          rotation: 'weekly',
          start: '2026-12-07',
        },
      ],
    });
    expect(who(ahead, '2026-11-20T12:00:00Z')).toBe(ALICE);
    expect(who(ahead, '2026-12-07T08:00:00Z')).toBe(EVE);
    const day = onCallTimeline(
      layered,
      [],
      at('2026-11-03T00:00:00Z'),
      at('2026-11-04T00:00:00Z'),
      everyone,
    );
    expect(day.map(x => [x.user, x.from.toISOString()])).toEqual([
      [ALICE, '2026-11-03T00:00:00.000Z'],
      [EVE, '2026-11-03T08:00:00.000Z'],
      [ALICE, '2026-11-03T16:00:00.000Z'],
    ]);
  });
});

describe('restrictions across the clock changes (Europe/Berlin)', () => {
  const restricted = (from: string, to: string) =>
    schedule({
      timeZone: 'Europe/Berlin',
      layers: [
        {
          name: 'base',
          members: [ALICE],
          rotation: 'weekly',
          start: '2026-01-05',
        },
        {
          name: 'nights',
          members: [EVE],
          rotation: 'daily',
          start: '2026-01-05',
          restrict: {
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            from,
            to,
          },
        },
      ],
    });

  // Escalation pages whom onCallAt names; the portal shows the timeline.
  // Every 5 minutes of the day they name the same person.
  function expectAgreement(s: OnCallSchedule, fromIso: string, toIso: string) {
    const timeline = onCallTimeline(s, [], at(fromIso), at(toIso), everyone);
    for (let t = at(fromIso).getTime(); t < at(toIso).getTime(); t += 300_000) {
      const segment = timeline.find(
        x => x.from.getTime() <= t && t < x.to.getTime(),
      );
      expect([
        new Date(t).toISOString(),
        who(s, new Date(t).toISOString()),
      ]).toEqual([new Date(t).toISOString(), segment?.user]);
    }
    return timeline.map(x => [x.user, x.from.toISOString()]);
  }

  it('starts a window whose start the spring change skips an hour later, for escalation and the portal alike', () => {
    // Clocks go 02:00 → 03:00 on Sunday 2026-03-29: 02:30 is 03:30 CEST.
    const s = restricted('02:30', '06:00');
    expect(who(s, '2026-03-29T01:00:00Z')).toBe(ALICE); // 03:00 CEST
    expect(who(s, '2026-03-29T01:30:00Z')).toBe(EVE); // 03:30 CEST
    expect(
      expectAgreement(s, '2026-03-28T22:00:00Z', '2026-03-29T06:00:00Z'),
    ).toEqual([
      [ALICE, '2026-03-28T22:00:00.000Z'],
      [EVE, '2026-03-29T01:30:00.000Z'],
      [ALICE, '2026-03-29T04:00:00.000Z'],
    ]);
  });

  it('ends an overnight window in the hour the autumn change repeats once, for escalation and the portal alike', () => {
    // Clocks go 03:00 → 02:00 on Sunday 2026-10-25: 02:30 comes twice; the
    // window ends at the second (01:30Z), not on and off in between.
    const s = restricted('22:00', '02:30');
    expect(who(s, '2026-10-25T00:15:00Z')).toBe(EVE);
    expect(who(s, '2026-10-25T00:45:00Z')).toBe(EVE);
    expect(who(s, '2026-10-25T01:15:00Z')).toBe(EVE);
    expect(who(s, '2026-10-25T01:45:00Z')).toBe(ALICE);
    expect(
      expectAgreement(s, '2026-10-24T18:00:00Z', '2026-10-25T23:00:00Z'),
    ).toEqual([
      [ALICE, '2026-10-24T18:00:00.000Z'],
      [EVE, '2026-10-24T20:00:00.000Z'],
      [ALICE, '2026-10-25T01:30:00.000Z'],
      [EVE, '2026-10-25T21:00:00.000Z'],
    ]);
  });
});

describe('readSchedulesConfig', () => {
  const read = (s: Record<string, unknown>) => () =>
    readSchedulesConfig(
      new ConfigReader({
        opsHealth: {
          schedules: [
            {
              name: 'ops',
              team: 'group:default/team',
              timeZone: 'UTC',
              members: [ALICE],
              rotation: 'weekly',
              start: '2026-11-02',
              ...s,
            },
          ],
        },
      }),
    );

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'opsHealth.schedules[0].timeZone'],
    [{ rotation: 'hourly' }, 'opsHealth.schedules[0].rotation'],
    [{ handoffTime: '25:00' }, 'opsHealth.schedules[0].handoffTime'],
    [{ handoffDay: 'funday' }, 'opsHealth.schedules[0].handoffDay'],
    [{ start: 'next monday' }, 'opsHealth.schedules[0].start'],
    [{ members: [] }, 'opsHealth.schedules[0].members'],
    [{ members: ['group:default/x'] }, 'opsHealth.schedules[0].members[0]'],
    [{ team: 'user:default/x' }, 'opsHealth.schedules[0].team'],
    [
      {
        overrides: [
          { from: '2026-12-02T10:00', to: '2026-12-02T09:00', user: ALICE },
        ],
      },
      'opsHealth.schedules[0].overrides[0].to',
    ],
    [
      { overrides: [{ from: 'tuesday', to: '2026-12-02T09:00', user: ALICE }] },
      'opsHealth.schedules[0].overrides[0].from',
    ],
    [
      { restrict: { days: [], from: '09:00', to: '17:00' } },
      'opsHealth.schedules[0].restrict.days',
    ],
  ])('refuses %j naming %s', (value, key) => {
    expect(read(value)).toThrow(key);
  });

  it.each(['rotation', 'handoffDay', 'handoffTime', 'start', 'restrict'])(
    'refuses %s on a schedule with layers, where it would be ignored',
    key => {
      const value = {
        rotation: 'weekly',
        handoffDay: 'friday',
        handoffTime: '09:00',
        start: '2026-01-01',
        restrict: { from: '09:00', to: '17:00' },
      }[key];
      expect(() =>
        readSchedulesConfig(
          new ConfigReader({
            opsHealth: {
              schedules: [
                {
                  name: 'ops',
                  team: 'group:default/team',
                  timeZone: 'UTC',
                  [key]: value,
                  layers: [
                    {
                      members: [ALICE],
                      rotation: 'daily',
                      start: '2026-02-01',
                    },
                  ],
                },
              ],
            },
          }),
        ),
      ).toThrow(
        `Invalid config at 'opsHealth.schedules[0].${key}': set ${key} on each of the layers, or leave out layers for a single rotation`,
      );
    },
  );

  /** A Berlin schedule of alice's, dave taking over from `from`. */
  const withOverrideFrom = (from: string) => () =>
    readSchedulesConfig(
      new ConfigReader({
        opsHealth: {
          schedules: [
            {
              name: 'ops',
              team: 'team',
              timeZone: 'Europe/Berlin',
              members: ['alice'],
              rotation: 'daily',
              start: '2026-11-02',
              overrides: [{ from, to: '2026-12-27T09:00Z', user: 'dave' }],
            },
          ],
        },
      }),
    );

  it('reads overrides local to the schedule time zone or with an offset', () => {
    const s = withOverrideFrom('2026-12-24T18:00')().get('ops')!;
    expect(s.team).toBe('group:default/team');
    expect(s.layers[0].members).toEqual([ALICE]);
    expect(s.overrides[0]).toMatchObject({
      user: DAVE,
      from: at('2026-12-24T17:00:00Z'),
      to: at('2026-12-27T09:00:00Z'),
    });
  });

  it.each([
    '2026-12-24T18:00+99:00',
    '2026-12-24T18:00+14:30',
    '2026-12-24T18:00-12:30',
    '2026-12-24T18:00+01:60',
    // Hours alone, as luxon also reads them.
    '2026-12-24T18:00+99',
    '2026-12-24T18:00:00.5-13',
  ])('refuses an override from %s, an offset nowhere uses', from => {
    expect(withOverrideFrom(from)).toThrow(
      `Invalid config at 'opsHealth.schedules[0].overrides[0].from': '${from}' has an offset outside -12:00 … +14:00`,
    );
  });

  it.each([
    '2026-12-24T18:00+1400',
    '2026-12-24T18:00-12:00',
    '2026-12-24T18:00+05:45',
    '2026-12-24T18:00+05',
    '2026-12-24T18:00:30.250z',
  ])('takes an override from %s', from => {
    expect(withOverrideFrom(from)).not.toThrow();
  });
});

// Luxon settles a local time the clocks show twice by the zone's offset at
// the real current time; these answers must not depend on today's date.
describe.each([
  ['in summer', '2027-07-01T12:00:00Z'],
  ['in winter', '2027-01-15T12:00:00Z'],
])('the hour the autumn change repeats, asked %s', (_, today) => {
  const realNow = Settings.now;
  beforeEach(() => {
    Settings.now = () => Date.parse(today);
  });
  afterEach(() => {
    Settings.now = realNow;
  });

  it('hands off once, at the second 01:30 (Europe/London, daily)', () => {
    // Clocks go 02:00 BST → 01:00 GMT on Sunday 2027-10-31: 01:30 comes
    // twice, 00:30Z and 01:30Z.
    const s = schedule({
      timeZone: 'Europe/London',
      members: [ALICE, DAVE],
      rotation: 'daily',
      handoffTime: '01:30',
      start: '2027-10-01',
    });
    const shift = shiftAt(s.layers[0], s.timeZone, at('2027-10-31T01:05:00Z'));
    expect(shift.from.toISOString()).toBe('2027-10-30T00:30:00.000Z');
    expect(shift.to.toISOString()).toBe('2027-10-31T01:30:00.000Z');
    const before = who(s, '2027-10-31T00:20:00Z');
    for (const t of ['2027-10-31T00:45:00Z', '2027-10-31T01:05:00Z']) {
      expect(who(s, t)).toBe(before);
    }
    expect(who(s, '2027-10-31T01:40:00Z')).not.toBe(before);
    const timeline = onCallTimeline(
      s,
      [],
      at('2027-10-30T12:00:00Z'),
      at('2027-10-31T12:00:00Z'),
      everyone,
    );
    expect(timeline.map(x => x.from.toISOString())).toEqual([
      '2027-10-30T12:00:00.000Z',
      '2027-10-31T01:30:00.000Z',
    ]);
  });

  it('ends an overnight window at the second 02:30 (Europe/Berlin)', () => {
    const s = schedule({
      timeZone: 'Europe/Berlin',
      layers: [
        {
          name: 'base',
          members: [ALICE],
          rotation: 'weekly',
          start: '2027-01-04',
        },
        {
          name: 'nights',
          members: [EVE],
          rotation: 'daily',
          start: '2027-01-04',
          restrict: {
            days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
            from: '22:00',
            to: '02:30',
          },
        },
      ],
    });
    // Clocks go 03:00 CEST → 02:00 CET on Sunday 2027-10-31.
    expect(who(s, '2027-10-31T00:45:00Z')).toBe(EVE);
    expect(who(s, '2027-10-31T01:15:00Z')).toBe(EVE);
    expect(who(s, '2027-10-31T01:45:00Z')).toBe(ALICE);
  });

  it('reads an override from a local time in that hour as the second', () => {
    const [s] = readSchedulesConfig(
      new ConfigReader({
        opsHealth: {
          schedules: [
            {
              name: 'ops',
              team: 'team',
              timeZone: 'Europe/London',
              members: ['alice'],
              rotation: 'daily',
              start: '2027-10-01',
              overrides: [
                {
                  from: '2027-10-31T01:30',
                  to: '2027-10-31T09:00',
                  user: 'dave',
                },
                // With an offset it is the instant written.
                {
                  from: '2027-10-31T01:30+01:00',
                  to: '2027-10-31T09:00Z',
                  user: 'eve',
                },
              ],
            },
          ],
        },
      }),
    ).values();
    expect(s.overrides.map(o => o.from.toISOString())).toEqual([
      '2027-10-31T01:30:00.000Z',
      '2027-10-31T00:30:00.000Z',
    ]);
  });
});
