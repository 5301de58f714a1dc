import { checkPlanDay, parseInstant } from './instants';

describe('parseInstant', () => {
  it.each([
    ['2027-13-01T00:00:00Z', 'there is no month 13'],
    ['2027-02-29T00:00:00Z', 'February 2027 has 28 days'],
    ['2026-04-31T08:00:00+02:00', 'April 2026 has 30 days'],
    ['2027-01-01T25:00:00Z', 'there is no hour 25'],
    ['2027-01-01T10:60:00Z', 'there is no minute 60'],
    ['2027-01-01T10:00:60Z', 'there is no second 60'],
  ])('says which part of %s does not exist', (text, why) => {
    expect(() => parseInstant(text, 'from')).toThrow(
      `from '${text}' is not a date and time that exists (${why}); e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00`,
    );
  });

  it('takes 29 February of a leap year and the offset given', () => {
    expect(
      parseInstant('2028-02-29T23:30:00-05:00', 'from').toISOString(),
    ).toBe('2028-03-01T04:30:00.000Z');
  });
});

describe('checkPlanDay', () => {
  // 29 Feb 2028: ten years on there is no 29 February.
  const now = new Date('2028-02-29T23:30:00Z');

  it('takes a day of the calendar from 2000 to ten years ahead', () => {
    for (const day of ['2000-01-01', '2020-02-29', '2038-02-28'])
      expect(() => checkPlanDay(day, 'due', now)).not.toThrow();
  });

  it('refuses days that do not exist, in words, and days no plan has', () => {
    expect(() => checkPlanDay('2029-02-29', 'due', now)).toThrow(
      "due '2029-02-29' is not a day of the calendar (February 2029 has 28 days); use YYYY-MM-DD",
    );
    expect(() => checkPlanDay('2029-2-3', 'due', now)).toThrow(
      "due '2029-2-3' is not a date; use YYYY-MM-DD, e.g. 2027-02-28",
    );
    expect(() => checkPlanDay('2038-03-01', 'due', now)).toThrow(
      "due '2038-03-01' is not a date a plan can have: give a day from 2000-01-01 to 2038-02-28 (10 years from today)",
    );
    expect(() => checkPlanDay('1999-12-31', 'due', now)).toThrow(
      /is not a date a plan can have/,
    );
  });
});
