import { DateTime } from 'luxon';
import { laterOccurrence } from './localTime';
import {
  OnCallSchedule,
  ScheduleLayer,
  ScheduleOverride,
  TimeOfDay,
  Weekday,
} from './config';

/**
 * Who is on call at one instant, and why.
 *
 * @internal
 */
export interface OnCallSlot {
  /** The user on call; undefined when nobody is (every member missing). */
  user?: string;
  /** The layer whose rotation put them there. */
  layer?: string;
  /** The override that put them there. */
  overrideId?: string;
  /** Members whose turn it was but who are not in the catalog, in order. */
  skipped: string[];
}

/** A stretch of time with one person on call. @internal */
export interface OnCallSegment extends OnCallSlot {
  from: Date;
  /** When the shift ends; with `openEnded`, where the timeline stopped. */
  to: Date;
  /** The shift goes on past `to`: no hand-off within the timeline. */
  openEnded?: boolean;
}

const DAY_MS = 86_400_000;
/** Longest stretch a timeline covers, against runaway loops. */
const MAX_TIMELINE_DAYS = 120;

/** Days since 1970-01-01 of a calendar date: DST plays no part. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoWeekday(day: number): Weekday {
  return (((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1) as Weekday;
}

/**
 * The instant of a local time on a calendar day in a zone. A time the
 * clocks skip (spring forward) is moved on by the gap, as clocks do: a 02:30
 * hand-off happens at 03:30 that day; a time they show twice (fall back) is
 * the second: a 02:30 hand-off happens at the second 02:30.
 */
function atLocal(day: number, time: TimeOfDay, zone: string): DateTime {
  const date = new Date(day * DAY_MS);
  return laterOccurrence(
    DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: time.hour,
        minute: time.minute,
      },
      { zone },
    ),
  );
}

function localDay(t: Date, zone: string): { day: number; local: DateTime } {
  const local = DateTime.fromJSDate(t, { zone });
  return { day: dayNumber(local.year, local.month, local.day), local };
}

function periodDays(layer: ScheduleLayer): number {
  return layer.rotation === 'weekly' ? 7 : 1;
}

function startDay(layer: ScheduleLayer): number {
  return dayNumber(layer.start.year, layer.start.month, layer.start.day);
}

/** The first hand-off day on or after the start date. */
function anchorDay(layer: ScheduleLayer): number {
  const start = startDay(layer);
  if (layer.rotation !== 'weekly') return start;
  return start + ((layer.handoffDay - isoWeekday(start) + 7) % 7);
}

/**
 * The shift of a layer's rotation that contains `t`: its number and bounds.
 * The rotation begins at the hand-off time of its start date, with the
 * first member; a weekly rotation that starts on another weekday gives them
 * the days up to the first hand-off day as shift 0. Before the start the
 * layer has nobody (`beforeStart`), so a layer configured ahead of time
 * pages nobody until then.
 *
 * @internal
 */
export function shiftAt(
  layer: ScheduleLayer,
  zone: string,
  t: Date,
): { index: number; from: Date; to: Date; beforeStart?: boolean } {
  const period = periodDays(layer);
  const startsAt = atLocal(startDay(layer), layer.handoffTime, zone);
  if (t.getTime() < startsAt.toMillis()) {
    return { index: -1, from: t, to: startsAt.toJSDate(), beforeStart: true };
  }
  const anchor = anchorDay(layer);
  // A partial first week, from a start off the hand-off day, is shift 0.
  const offset = anchor === startDay(layer) ? 0 : 1;
  let { day } = localDay(t, zone);
  if (layer.rotation === 'weekly') {
    day -= (isoWeekday(day) - layer.handoffDay + 7) % 7;
  }
  if (atLocal(day, layer.handoffTime, zone).toMillis() > t.getTime()) {
    day -= period;
  }
  if (day < anchor) {
    return {
      index: 0,
      from: startsAt.toJSDate(),
      to: atLocal(anchor, layer.handoffTime, zone).toJSDate(),
    };
  }
  return {
    index: Math.round((day - anchor) / period) + offset,
    from: atLocal(day, layer.handoffTime, zone).toJSDate(),
    to: atLocal(day + period, layer.handoffTime, zone).toJSDate(),
  };
}

function minutes(time: TimeOfDay): number {
  return time.hour * 60 + time.minute;
}

/**
 * Whether a layer's restriction (if any) has it on duty at `t`: within a
 * window from a listed day's `from` to its `to` (the next day's, overnight),
 * both as instants the way the timeline's change points are, so that a
 * bound in an hour the clocks skip or repeat is where both say it is.
 */
function onDuty(layer: ScheduleLayer, zone: string, t: Date): boolean {
  const r = layer.restriction;
  if (!r) return true;
  const at = t.getTime();
  const overnight = minutes(r.from) >= minutes(r.to);
  const { day } = localDay(t, zone);
  for (const start of [day - 1, day]) {
    if (!r.days.includes(isoWeekday(start))) continue;
    const from = atLocal(start, r.from, zone).toMillis();
    const to = atLocal(overnight ? start + 1 : start, r.to, zone).toMillis();
    if (at >= from && at < to) return true;
  }
  return false;
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}

/** The layer's member on call at `t`, skipping those not in the catalog. */
function layerMember(
  layer: ScheduleLayer,
  zone: string,
  t: Date,
  isPresent: (user: string) => boolean,
): { user?: string; skipped: string[] } {
  const { index, beforeStart } = shiftAt(layer, zone, t);
  const skipped: string[] = [];
  if (beforeStart) return { skipped };
  for (let k = 0; k < layer.members.length; k++) {
    const member = layer.members[mod(index + k, layer.members.length)];
    if (isPresent(member)) return { user: member, skipped };
    skipped.push(member);
  }
  return { skipped };
}

/**
 * Portal overrides (newest first) win over configured ones; the id settles
 * a tie, so every replica and query agrees.
 */
function byPrecedence(a: ScheduleOverride, b: ScheduleOverride): number {
  return (
    (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) ||
    (a.id < b.id ? -1 : Number(a.id > b.id))
  );
}

/**
 * Who is on call at `t`: the newest override covering `t` whose user is in
 * the catalog, else the highest layer on duty with a member in the catalog
 * (a member who is not is skipped for the next in the rotation).
 *
 * @internal
 */
export function onCallAt(
  schedule: OnCallSchedule,
  overrides: ScheduleOverride[],
  t: Date,
  isPresent: (user: string) => boolean,
): OnCallSlot {
  const skipped: string[] = [];
  const covering = overrides
    .filter(
      o => o.from.getTime() <= t.getTime() && t.getTime() < o.to.getTime(),
    )
    .sort(byPrecedence);
  for (const override of covering) {
    if (isPresent(override.user)) {
      return { user: override.user, overrideId: override.id, skipped };
    }
    skipped.push(override.user);
  }
  for (const layer of [...schedule.layers].reverse()) {
    if (!onDuty(layer, schedule.timeZone, t)) continue;
    const member = layerMember(layer, schedule.timeZone, t, isPresent);
    skipped.push(...member.skipped);
    if (member.user) {
      return { user: member.user, layer: layer.name, skipped };
    }
  }
  return { skipped };
}

/** Every instant in (from, to) at which who is on call may change. */
function changePoints(
  schedule: OnCallSchedule,
  overrides: ScheduleOverride[],
  from: Date,
  to: Date,
): number[] {
  const zone = schedule.timeZone;
  const points = new Set<number>();
  const add = (ms: number) => {
    if (ms > from.getTime() && ms < to.getTime()) points.add(ms);
  };
  for (const layer of schedule.layers) {
    let shift = shiftAt(layer, zone, from);
    while (shift.to.getTime() < to.getTime()) {
      add(shift.to.getTime());
      shift = shiftAt(layer, zone, shift.to);
    }
    if (layer.restriction) {
      const first = localDay(from, zone).day - 1;
      const last = localDay(to, zone).day;
      for (let day = first; day <= last; day++) {
        add(atLocal(day, layer.restriction.from, zone).toMillis());
        add(atLocal(day, layer.restriction.to, zone).toMillis());
      }
    }
  }
  for (const o of overrides) {
    add(o.from.getTime());
    add(o.to.getTime());
  }
  return [...points].sort((a, b) => a - b);
}

/**
 * Who is on call from `from` to `to`, as consecutive segments (one per
 * person and override, merged across hand-offs that keep the same person).
 *
 * @internal
 */
export function onCallTimeline(
  schedule: OnCallSchedule,
  overrides: ScheduleOverride[],
  from: Date,
  to: Date,
  isPresent: (user: string) => boolean,
): OnCallSegment[] {
  const end = new Date(
    Math.min(to.getTime(), from.getTime() + MAX_TIMELINE_DAYS * DAY_MS),
  );
  const starts = [
    from.getTime(),
    ...changePoints(schedule, overrides, from, end),
  ];
  const segments: OnCallSegment[] = [];
  starts.forEach((start, i) => {
    const slot = onCallAt(schedule, overrides, new Date(start), isPresent);
    const segmentEnd = new Date(starts[i + 1] ?? end.getTime());
    const last = segments[segments.length - 1];
    if (
      last &&
      last.user === slot.user &&
      last.overrideId === slot.overrideId
    ) {
      last.to = segmentEnd;
      last.skipped = [...new Set([...last.skipped, ...slot.skipped])];
      return;
    }
    segments.push({ ...slot, from: new Date(start), to: segmentEnd });
  });
  // The last segment ends where the timeline does, not at a hand-off.
  const last = segments[segments.length - 1];
  if (last) last.openEnded = true;
  return segments;
}
