import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { hasImpossibleOffset } from './schedules/config';

/**
 * An instant a request gives, as RFC 3339 (`2027-02-28T10:00:00Z`,
 * `…+01:00`): InputError naming `name` for a date that does not exist
 * (30 February, month 13, second 60), an offset no place uses (+99:00), or
 * no offset at all, where `new Date()` would roll the date over, or read it
 * in the server's time zone, without a word.
 *
 * @internal
 */
export function parseInstant(value: string | Date, name: string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InputError(`${name} is not a valid date`);
    }
    return value;
  }
  const text = value.trim();
  const example = 'e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00';
  if (!/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2}|[+-]\d{2})$/i.test(text)) {
    throw new InputError(
      `${name} must be a date and time with an offset, ${example}; got '${value}'`,
    );
  }
  const parsed = DateTime.fromISO(text, { setZone: true });
  // ISO 8601's 24:00 (the end of a day), which Luxon reads as the next
  // day's 00:00: not in RFC 3339, and easy to mistake for a typo.
  if (parsed.isValid && /T24(?::?00)*(?:\.0+)?(?:Z|[+-])/i.test(text)) {
    throw new InputError(
      `${name} '${value}' has hour 24, which RFC 3339 does not have: write the next day's 00:00 (${parsed
        .toISO({ suppressMilliseconds: true })
        ?.replace(/\+00:00$/, 'Z')})`,
    );
  }
  if (!parsed.isValid) {
    throw new InputError(
      `${name} '${value}' is not a date and time that exists (${inWords(
        text,
      )}); ${example}`,
    );
  }
  if (hasImpossibleOffset(text)) {
    throw new InputError(
      `${name} '${value}' has an offset outside -12:00 … +14:00; ${example}`,
    );
  }
  return parsed.toJSDate();
}

/**
 * A day of the calendar a request gives, as `YYYY-MM-DD`, for a plan (a
 * due date): InputError naming `name` for a day that does not exist (said
 * in words: not 2027-02-29, which `Date` reads as 1 March), or one outside
 * what a plan can mean: before 2000, or more than `maxYearsAhead` years
 * after `now`.
 *
 * @internal
 */
export function checkPlanDay(
  value: string,
  name: string,
  now: Date,
  maxYearsAhead = 10,
): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new InputError(
      `${name} '${value}' is not a date; use YYYY-MM-DD, e.g. 2027-02-28`,
    );
  }
  const day = DateTime.fromISO(value, { zone: 'utc' });
  if (!day.isValid) {
    throw new InputError(
      `${name} '${value}' is not a day of the calendar (${inWords(
        `${value}T00:00`,
      )}); use YYYY-MM-DD`,
    );
  }
  const latest = DateTime.fromJSDate(now, { zone: 'utc' })
    .plus({ years: maxYearsAhead })
    .startOf('day');
  if (day.year < 2000 || day > latest) {
    throw new InputError(
      `${name} '${value}' is not a date a plan can have: give a day from 2000-01-01 to ${latest.toISODate()} (${maxYearsAhead} years from today)`,
    );
  }
}

/** Which part of an RFC 3339 text does not exist, in words. */
function inWords(text: string): string {
  const [, y, mo, d, h, mi, se] =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):?(\d{2})?:?(\d{2})?/i.exec(text) ?? [];
  const month = Number(mo);
  if (!(month >= 1 && month <= 12)) return `there is no month ${mo}`;
  const days = DateTime.utc(Number(y), month).daysInMonth ?? 31;
  if (!(Number(d) >= 1 && Number(d) <= days)) {
    return `${DateTime.utc(Number(y), month).toFormat(
      'MMMM yyyy',
    )} has ${days} days`;
  }
  if (Number(h) > 23) return `there is no hour ${h}`;
  if (Number(mi ?? 0) > 59) return `there is no minute ${mi}`;
  if (Number(se ?? 0) > 59) return `there is no second ${se}`;
  return 'it is not in RFC 3339 form';
}
