/**
 * How long ago an ISO time was, e.g. `10 min ago`.
 *
 * @internal
 */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 90) return 'just now';
  return `${roughDuration(seconds)} ago`;
}

/**
 * How long until an ISO time, e.g. `in 3 h` (`any moment` once it is due).
 *
 * @internal
 */
export function timeUntil(iso: string, now = Date.now()): string {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  if (seconds < 30) return 'any moment';
  return `in ${roughDuration(seconds)}`;
}

/**
 * When a silence ends, as its chip says it: the clock time and how long is
 * left, e.g. `silenced until 14:05 UTC (in 60 min)`; with the date when it is
 * a day or more away. In the viewer's time zone unless one is given.
 *
 * @internal
 */
export function silencedUntil(
  iso: string,
  now = Date.now(),
  timeZone?: string,
): string {
  const soon = new Date(iso).getTime() - now < 20 * 3600_000;
  const zone = timeZone ? { timeZone } : {};
  const yearOf = (ms: number) =>
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', ...zone }).format(ms);
  // Another year's day says its year: 28 Mar is not this March.
  const otherYear = yearOf(new Date(iso).getTime()) !== yearOf(now);
  const end = new Date(iso).toLocaleString('en-GB', {
    ...(soon ? {} : { day: 'numeric', month: 'short' }),
    ...(!soon && otherYear ? { year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
  return `silenced until ${end} (${timeUntil(iso, now)})`;
}

/** A duration in one unit, rounded: for "ago" and "in", e.g. `3 h`. */
function roughDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 129600) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

/**
 * A duration in seconds, in its unit and the next smaller one, e.g. `45 s`,
 * `10 min`, `1 h 30 min`, `26 h`, `2 d 11 h`: exact enough that an age and
 * the limit it passed never read the same ("26 h old, the maximum is 26 h").
 *
 * @internal
 */
export function formatDuration(seconds: number): string {
  const two = (
    total: number,
    big: number,
    bigUnit: string,
    smallUnit: string,
  ) => {
    const whole = Math.floor(total / big);
    const rest = total - whole * big;
    return rest
      ? `${whole} ${bigUnit} ${rest} ${smallUnit}`
      : `${whole} ${bigUnit}`;
  };
  if (Math.round(seconds) < 60) return `${Math.round(seconds)} s`;
  if (seconds < 5400) {
    // Under 10 minutes the seconds count; above, whole minutes.
    return seconds < 600
      ? two(Math.round(seconds), 60, 'min', 's')
      : `${Math.round(seconds / 60)} min`;
  }
  if (seconds < 129600) return two(Math.round(seconds / 60), 60, 'h', 'min');
  return two(Math.round(seconds / 3600), 24, 'd', 'h');
}

/**
 * An amount of money, e.g. `USD 1,234.50`.
 *
 * @internal
 */
export function formatMoney(amount: number, unit = 'USD'): string {
  return `${unit} ${amount.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

/**
 * A count, e.g. `1,024`.
 *
 * @internal
 */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/**
 * A local date and time for a title attribute or a table cell, with its
 * zone, as hand-offs are written: e.g. `6 Dec 2026, 22:47 UTC`.
 *
 * @internal
 */
export function formatTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
}

/**
 * A local time of day, e.g. `14:05`; with its day, `7 Dec, 14:05`.
 *
 * @internal
 */
export function formatClock(
  iso: string,
  options?: { day?: boolean; timeZone?: string },
): string {
  return new Date(iso).toLocaleString('en-GB', {
    ...(options?.day ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    ...(options?.timeZone ? { timeZone: options.timeZone } : {}),
  });
}

/**
 * The viewer's time zone, in which local times are shown, e.g.
 * `Europe/Berlin`.
 *
 * @internal
 */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A UTC day (`YYYY-MM-DD`) for people, e.g. `30 Nov`.
 *
 * @internal
 */
export function formatDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/**
 * A hand-off time for people, in the viewer's time zone unless one is
 * given, e.g. `Mon 7 Dec, 09:00 CET`; with its year when that is not this
 * year's (`Tue 7 Dec 2027, …`), so that it is not read as this week's.
 *
 * @internal
 */
export function formatHandoff(
  iso: string,
  timeZone?: string,
  now: number = Date.now(),
): string {
  const zone = timeZone ? { timeZone } : {};
  const date = new Date(iso);
  const yearOf = (d: Date) =>
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', ...zone }).format(d);
  const showYear = yearOf(date) !== yearOf(new Date(now));
  const part = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      ...zone,
    })
      .formatToParts(date)
      .map(p => [p.type, p.value]),
  );
  return `${part.weekday} ${part.day} ${part.month}${
    showYear ? ` ${part.year}` : ''
  }, ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/** The wall clock of a time zone at an instant, as `YYYY-MM-DDTHH:mm`. */
function wallClock(ms: number, timeZone?: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(ms)
      .map(p => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone?: string): number {
  const [date, time] = wallClock(ms, timeZone).split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * An ISO instant as the value of a `datetime-local` input, in the viewer's
 * time zone (or the one given), e.g. `2026-12-08T09:00`.
 *
 * @internal
 */
export function toLocalInput(iso: string, timeZone?: string): string {
  return wallClock(Date.parse(iso), timeZone);
}

/**
 * The value of a `datetime-local` input, in the viewer's time zone (or the
 * one given), as an ISO instant; undefined when that clock never shows it:
 * a date that does not exist (29 February 2027) or a time the clocks skip
 * when they spring forward. In the hour they repeat, the first of the two.
 *
 * @internal
 */
export function fromLocalInput(
  value: string,
  timeZone?: string,
): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return undefined;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  if (Number.isNaN(wall)) return undefined;
  // The instants that could show this wall time: with the zone's offset a
  // day before and a day after (they differ across a change of the clocks).
  const candidates = [
    wall - offsetAt(wall - 86_400_000, timeZone),
    wall - offsetAt(wall + 86_400_000, timeZone),
  ]
    .filter(ms => wallClock(ms, timeZone) === value.slice(0, 16))
    .sort((a, b) => a - b);
  return candidates.length ? new Date(candidates[0]).toISOString() : undefined;
}
