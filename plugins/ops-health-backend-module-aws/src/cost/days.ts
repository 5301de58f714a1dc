const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC day of a moment, as `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds (or with a negative count, subtracts) whole days to a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** The first day of the month of a `YYYY-MM-DD` day. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Number of days in the month of a `YYYY-MM-DD` day. */
export function daysInMonth(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of the month of a `YYYY-MM-DD` day, 1-based. */
export function dayOfMonth(day: string): number {
  return Number(day.slice(8, 10));
}

/** The days from `start` (inclusive) to `end` (exclusive). */
export function daysFrom(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day < end; day = addDays(day, 1)) days.push(day);
  return days;
}
