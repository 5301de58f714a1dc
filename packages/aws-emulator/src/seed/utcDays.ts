const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Parses a `YYYY-MM-DD` day as midnight UTC.
 *
 * @internal
 */
export function parseDay(day: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match
    ? new Date(
        Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])),
      )
    : undefined;
  if (!date || formatDay(date) !== day) {
    throw new Error(`expected a YYYY-MM-DD date, got '${day}'`);
  }
  return date;
}

/** @internal */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/**
 * Formats the UTC day of a date as `YYYY-MM-DD`.
 *
 * @internal
 */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** @internal */
export function daysBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / DAY_MS);
}
