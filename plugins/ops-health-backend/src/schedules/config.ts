import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';
import { DateTime, IANAZone } from 'luxon';
import { laterOccurrence } from './localTime';

/** @internal */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local time of day, e.g. 09:00 → { hour: 9, minute: 0 }. @internal */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/**
 * When a layer is on duty: on these weekdays, between `from` and `to`
 * (local; `to` before `from` runs past midnight). Unrestricted layers are
 * always on duty.
 *
 * @internal
 */
export interface LayerRestriction {
  /** ISO weekdays, 1 = Monday. */
  days: Weekday[];
  from: TimeOfDay;
  to: TimeOfDay;
}

/**
 * One rotation of a schedule: members take turns, handing off at a local
 * time each day or on a weekday each week.
 *
 * @internal
 */
export interface ScheduleLayer {
  name: string;
  /** Full user refs, in rotation order. */
  members: string[];
  rotation: 'daily' | 'weekly';
  handoffTime: TimeOfDay;
  /** Weekly rotations: the hand-off weekday (ISO, 1 = Monday). */
  handoffDay: Weekday;
  /** The local date from which the first member's first shift counts. */
  start: { year: number; month: number; day: number };
  restriction?: LayerRestriction;
}

/** A shift someone takes instead of the rotation. @internal */
export interface ScheduleOverride {
  /** `config:<index>` for configured ones, a uuid for those from the portal. */
  id: string;
  user: string;
  from: Date;
  to: Date;
  /** Who added it (portal overrides). */
  createdBy?: string;
  createdAt?: Date;
  note?: string;
}

/** @internal */
export interface OnCallSchedule {
  name: string;
  title?: string;
  /** The team (catalog group) the schedule belongs to; its members may take shifts. */
  team: string;
  /** IANA time zone of hand-off times, restrictions and local override times. */
  timeZone: string;
  /** Lowest first; a higher layer that has someone on duty wins. */
  layers: ScheduleLayer[];
  /** Configured overrides; the portal adds its own in the database. */
  overrides: ScheduleOverride[];
}

/** @internal */
export type SchedulesConfig = Map<string, OnCallSchedule>;

const errors = configErrors('opsHealth');
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}
const wrap = errors.wrap;

const WEEKDAYS: Record<string, Weekday> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};
const WEEKDAY_ABBREVIATIONS: Record<string, Weekday> = Object.fromEntries(
  Object.entries(WEEKDAYS).map(([name, day]) => [name.slice(0, 3), day]),
);

/** `monday`, `Mon`, … → ISO weekday. */
function readWeekday(value: string, key: string): Weekday {
  const v = value.trim().toLocaleLowerCase('en-US');
  const day = WEEKDAYS[v] ?? WEEKDAY_ABBREVIATIONS[v];
  if (!day) {
    fail(key, `expected a weekday such as monday or mon, got '${value}'`);
  }
  return day;
}

function readTimeOfDay(value: string, key: string): TimeOfDay {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!match) {
    fail(key, `expected a local time HH:MM such as 09:00, got '${value}'`);
  }
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** A user or group ref in full form; kind and namespace default. */
function readRef(value: string, key: string, kind: 'user' | 'group'): string {
  const example =
    kind === 'user' ? 'user:default/alice' : 'group:default/platform-ops';
  try {
    const ref = parseEntityRef(value.trim(), {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
      throw new Error(`a ${ref.kind}, not a ${kind}`);
    }
    return stringifyEntityRef({ ...ref, kind });
  } catch (error) {
    return fail(
      key,
      `expected a ${kind} ref such as ${example}, got '${value}' (${
        (error as Error).message
      })`,
    );
  }
}

const readUserRef = (value: string, key: string) => readRef(value, key, 'user');

function readDate(config: Config, key: string, fullKey: string) {
  // YAML turns an unquoted 2026-11-02 into a date; config keeps the string.
  const value = wrap(fullKey, () => config.getString(key));
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match
    ? DateTime.fromObject(
        { year: +match[1], month: +match[2], day: +match[3] },
        { zone: 'UTC' },
      )
    : undefined;
  if (!match || !date?.isValid) {
    fail(
      fullKey,
      `expected a date YYYY-MM-DD such as 2026-11-02, got '${value}'`,
    );
  }
  return { year: date.year, month: date.month, day: date.day };
}

/**
 * Whether an ISO 8601 date and time ends with an offset no place on Earth
 * uses (beyond -12:00 … +14:00, or 60 minutes or more): luxon reads
 * `+99:00` as 99 hours, days away from what was meant.
 *
 * @internal
 */
export function hasImpossibleOffset(value: string): boolean {
  // ±HH, ±HHMM or ±HH:MM after the time, as luxon reads them.
  const match = /T[\d:.,]+([+-])(\d{2})(?::?(\d{2}))?$/.exec(value.trim());
  if (!match) return false;
  const [, sign, hours, minutes = '00'] = match;
  const offset = Number(hours) * 60 + Number(minutes);
  return Number(minutes) >= 60 || offset > (sign === '+' ? 14 * 60 : 12 * 60);
}

/**
 * An instant from config: ISO 8601 with an offset (`2026-12-24T18:00Z`,
 * `…+01:00`) or local to the schedule's time zone (`2026-12-24T18:00`).
 */
function readInstant(
  config: Config,
  key: string,
  fullKey: string,
  zone: string,
): Date {
  const value = wrap(fullKey, () => config.getString(key));
  const parsed = DateTime.fromISO(value.trim(), { zone });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value.trim())) {
    fail(
      fullKey,
      `expected a date and time such as 2026-12-24T18:00 (in the schedule's time zone) or 2026-12-24T17:00Z, got '${value}'`,
    );
  }
  if (hasImpossibleOffset(value)) {
    fail(
      fullKey,
      `'${value}' has an offset outside -12:00 … +14:00; write the offset of the place meant, e.g. 2026-12-24T18:00+01:00, or leave it out for the schedule's time zone`,
    );
  }
  // Without an offset, a local time the clocks show twice is the second.
  return (
    /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(value.trim())
      ? parsed
      : laterOccurrence(parsed)
  ).toJSDate();
}

function readLayer(
  c: Config,
  key: string,
  name: string,
  schedule: string,
): ScheduleLayer {
  const prefix = key ? `${key}.` : '';
  const members = wrap(`${prefix}members`, () => c.getStringArray('members'));
  if (members.length === 0) {
    fail(
      `${prefix}members`,
      `schedule '${schedule}' needs at least one member`,
    );
  }
  const refs = members.map((m, i) => readUserRef(m, `${prefix}members[${i}]`));
  const rotation = wrap(`${prefix}rotation`, () => c.getString('rotation'));
  if (rotation !== 'daily' && rotation !== 'weekly') {
    fail(`${prefix}rotation`, `expected daily or weekly, got '${rotation}'`);
  }
  const handoffTime = readTimeOfDay(
    wrap(`${prefix}handoffTime`, () => c.getOptionalString('handoffTime')) ??
      '09:00',
    `${prefix}handoffTime`,
  );
  const handoffDayValue = wrap(`${prefix}handoffDay`, () =>
    c.getOptionalString('handoffDay'),
  );
  if (handoffDayValue !== undefined && rotation === 'daily') {
    fail(`${prefix}handoffDay`, 'only weekly rotations have a hand-off day');
  }
  const handoffDay = handoffDayValue
    ? readWeekday(handoffDayValue, `${prefix}handoffDay`)
    : 1;
  const start = readDate(c, 'start', `${prefix}start`);

  let restriction: LayerRestriction | undefined;
  const r = wrap(`${prefix}restrict`, () => c.getOptionalConfig('restrict'));
  if (r) {
    const listed = wrap(`${prefix}restrict.days`, () =>
      r.getOptionalStringArray('days'),
    );
    if (listed && listed.length === 0) {
      // Nobody would ever be on duty.
      fail(
        `${prefix}restrict.days`,
        'name at least one weekday, or leave out days for every day',
      );
    }
    const days = (listed ?? Object.keys(WEEKDAYS)).map((d, i) =>
      readWeekday(d, `${prefix}restrict.days[${i}]`),
    );
    const from = readTimeOfDay(
      wrap(`${prefix}restrict.from`, () => r.getString('from')),
      `${prefix}restrict.from`,
    );
    const to = readTimeOfDay(
      wrap(`${prefix}restrict.to`, () => r.getString('to')),
      `${prefix}restrict.to`,
    );
    if (from.hour === to.hour && from.minute === to.minute) {
      fail(`${prefix}restrict.to`, 'must differ from restrict.from');
    }
    restriction = { days: [...new Set(days)].sort(), from, to };
  }
  return {
    name,
    members: refs,
    rotation,
    handoffTime,
    handoffDay,
    start,
    ...(restriction ? { restriction } : {}),
  };
}

const NAME = /^[a-z0-9][a-z0-9-_.]{0,62}$/i;

function readSchedule(c: Config, key: string): OnCallSchedule {
  const name = wrap(`${key}.name`, () => c.getString('name')).trim();
  if (!NAME.test(name)) {
    fail(
      `${key}.name`,
      `expected letters, digits, '-', '_' or '.' (up to 63), got '${name}'`,
    );
  }
  const team = readRef(
    wrap(`${key}.team`, () => c.getString('team')),
    `${key}.team`,
    'group',
  );
  const timeZone = wrap(`${key}.timeZone`, () => c.getString('timeZone'));
  if (!IANAZone.isValidZone(timeZone)) {
    fail(
      `${key}.timeZone`,
      `expected an IANA time zone such as Europe/Berlin or UTC, got '${timeZone}'`,
    );
  }

  const layerConfigs = wrap(`${key}.layers`, () =>
    c.getOptionalConfigArray('layers'),
  );
  let layers: ScheduleLayer[];
  if (layerConfigs) {
    for (const rotationKey of [
      'members',
      'rotation',
      'handoffDay',
      'handoffTime',
      'start',
      'restrict',
    ]) {
      if (c.has(rotationKey)) {
        fail(
          `${key}.${rotationKey}`,
          `set ${rotationKey} on each of the layers, or leave out layers for a single rotation`,
        );
      }
    }
    if (!layerConfigs.length)
      fail(`${key}.layers`, 'expected at least one layer');
    const names = new Set<string>();
    layers = layerConfigs.map((l, i) => {
      const layerKey = `${key}.layers[${i}]`;
      const layerName =
        wrap(`${layerKey}.name`, () => l.getOptionalString('name'))?.trim() ||
        `layer ${i + 1}`;
      if (names.has(layerName)) {
        fail(`${layerKey}.name`, `duplicate layer name '${layerName}'`);
      }
      names.add(layerName);
      return readLayer(l, layerKey, layerName, name);
    });
  } else {
    layers = [readLayer(c, key, 'rotation', name)];
  }

  const overrides = (
    wrap(`${key}.overrides`, () => c.getOptionalConfigArray('overrides')) ?? []
  ).map((o, i): ScheduleOverride => {
    const overrideKey = `${key}.overrides[${i}]`;
    const from = readInstant(o, 'from', `${overrideKey}.from`, timeZone);
    const to = readInstant(o, 'to', `${overrideKey}.to`, timeZone);
    if (to <= from) fail(`${overrideKey}.to`, 'must be after from');
    return {
      id: `config:${i}`,
      user: readUserRef(
        wrap(`${overrideKey}.user`, () => o.getString('user')),
        `${overrideKey}.user`,
      ),
      from,
      to,
    };
  });

  const title = wrap(`${key}.title`, () => c.getOptionalString('title'));
  return {
    name,
    ...(title ? { title } : {}),
    team,
    timeZone,
    layers,
    overrides,
  };
}

/**
 * Reads `opsHealth.schedules`: the on-call rotations escalation levels can
 * target as `schedule:<name>`. Throws naming the key on the first invalid
 * value.
 *
 * @internal
 */
export function readSchedulesConfig(root: Config): SchedulesConfig {
  const schedules: SchedulesConfig = new Map();
  const configs =
    wrap('schedules', () =>
      root.getOptionalConfigArray('opsHealth.schedules'),
    ) ?? [];
  configs.forEach((c, i) => {
    const key = `schedules[${i}]`;
    const schedule = readSchedule(c, key);
    if (schedules.has(schedule.name)) {
      fail(`${key}.name`, `duplicate schedule name '${schedule.name}'`);
    }
    schedules.set(schedule.name, schedule);
  });
  return schedules;
}
