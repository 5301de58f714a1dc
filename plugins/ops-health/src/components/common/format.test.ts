import {
  formatClock,
  formatDuration,
  formatHandoff,
  formatTime,
  fromLocalInput,
  silencedUntil,
  timeAgo,
  timeUntil,
  toLocalInput,
} from './format';

describe('format', () => {
  const now = Date.parse('2028-02-29T23:30:00Z');

  it('says how long until a time, in the largest fitting unit', () => {
    expect(timeUntil('2028-03-01T02:30:00Z', now)).toBe('in 3 h');
    expect(timeUntil('2028-02-29T23:45:00Z', now)).toBe('in 15 min');
    expect(timeUntil('2028-03-07T23:30:00Z', now)).toBe('in 7 d');
    expect(timeUntil('2028-02-29T23:30:10Z', now)).toBe('any moment');
    expect(timeUntil('2028-02-29T22:00:00Z', now)).toBe('any moment');
  });

  it('says when a silence ends: the clock within a day, the date beyond', () => {
    // 29 Feb 2028, 23:30 UTC is 1 Mar, 00:30 in Berlin.
    expect(silencedUntil('2028-03-01T00:30:00Z', now, 'Europe/Berlin')).toBe(
      'silenced until 01:30 CET (in 60 min)',
    );
    expect(silencedUntil('2028-03-01T19:00:00Z', now, 'UTC')).toBe(
      'silenced until 19:00 UTC (in 20 h)',
    );
    expect(silencedUntil('2028-03-07T23:30:00Z', now, 'UTC')).toBe(
      'silenced until 7 Mar, 23:30 UTC (in 7 d)',
    );
    // Into another year: with its year.
    expect(silencedUntil('2029-01-02T08:00:00Z', now, 'UTC')).toBe(
      'silenced until 2 Jan 2029, 08:00 UTC (in 307 d)',
    );
    expect(silencedUntil('2028-02-29T23:30:10Z', now, 'UTC')).toBe(
      'silenced until 23:30 UTC (any moment)',
    );
  });

  it('says a local time of day, with its day where a chart spans days', () => {
    // 29 Feb 2028, 23:30 UTC is already 1 Mar in Berlin.
    expect(
      formatClock('2028-02-29T23:30:00Z', { timeZone: 'Europe/Berlin' }),
    ).toBe('00:30');
    expect(
      formatClock('2028-02-29T23:30:00Z', {
        day: true,
        timeZone: 'Europe/Berlin',
      }),
    ).toBe('1 Mar, 00:30');
    expect(
      formatClock('2028-02-29T23:30:00Z', { day: true, timeZone: 'UTC' }),
    ).toBe('29 Feb, 23:30');
  });

  it('says how long ago a time was', () => {
    expect(timeAgo('2028-02-29T23:29:30Z', now)).toBe('just now');
    expect(timeAgo('2028-02-28T23:30:00Z', now)).toBe('24 h ago');
    expect(timeAgo('2028-02-29T21:00:00Z', now)).toBe('3 h ago');
  });

  it('says a duration exactly enough that an age never reads as its limit', () => {
    expect(formatDuration(45)).toBe('45 s');
    // From a minute on, in minutes and seconds, as longer ones read.
    expect(formatDuration(59.4)).toBe('59 s');
    expect(formatDuration(59.6)).toBe('1 min');
    expect(formatDuration(66)).toBe('1 min 6 s');
    expect(formatDuration(150)).toBe('2 min 30 s');
    expect(formatDuration(15 * 60)).toBe('15 min');
    // Escalation delays as configured.
    expect(formatDuration(90 * 60)).toBe('1 h 30 min');
    expect(formatDuration(150 * 60)).toBe('2 h 30 min');
    expect(formatDuration(36 * 3600)).toBe('1 d 12 h');
    // An age past its limit by a little, and the limit.
    expect(formatDuration(26.4 * 3600)).toBe('26 h 24 min');
    expect(formatDuration(26 * 3600)).toBe('26 h');
    expect(formatDuration(2 * 86400 + 11 * 3600)).toBe('2 d 11 h');
    expect(formatDuration(2 * 86400)).toBe('2 d');
    expect(formatDuration(12.4 * 3600)).toBe('12 h 24 min');
  });
});

describe('formatHandoff', () => {
  it('says a hand-off in the given time zone, with its abbreviation', () => {
    const inDecember = Date.parse('2026-12-03T12:00:00Z');
    expect(
      formatHandoff('2026-12-07T08:00:00.000Z', 'Europe/Berlin', inDecember),
    ).toBe('Mon 7 Dec, 09:00 CET');
    expect(
      formatHandoff('2026-12-07T08:00:00.000Z', 'America/New_York', inDecember),
    ).toBe('Mon 7 Dec, 03:00 GMT-5');
    // Another year's says its year: not read as this week's.
    expect(
      formatHandoff('2027-03-29T07:00:00.000Z', 'Europe/Berlin', inDecember),
    ).toBe('Mon 29 Mar 2027, 09:00 CEST');
    expect(
      formatHandoff(
        '2027-03-29T07:00:00.000Z',
        'Europe/Berlin',
        Date.parse('2027-01-01T00:00:00+01:00'),
      ),
    ).toBe('Mon 29 Mar, 09:00 CEST');
    // The year is the zone's: 31 Dec 23:30 UTC is already 2027 in Berlin.
    expect(
      formatHandoff(
        '2026-12-31T23:30:00.000Z',
        'Europe/Berlin',
        Date.parse('2027-01-01T00:10:00+01:00'),
      ),
    ).toBe('Fri 1 Jan, 00:30 CET');
  });

  it('writes a date and time with its zone, 24-hour, as hand-offs are', () => {
    expect(formatTime('2027-02-28T23:47:00Z', 'UTC')).toBe(
      '28 Feb 2027, 23:47 UTC',
    );
    expect(formatTime('2027-03-28T01:30:00Z', 'Europe/Berlin')).toBe(
      '28 Mar 2027, 03:30 CEST',
    );
  });

  it('round-trips a local datetime input', () => {
    expect(fromLocalInput(toLocalInput('2026-12-07T08:00:00.000Z'))).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    expect(fromLocalInput('next tuesday')).toBeUndefined();
  });

  it('reads local times as a viewer in a zone with summer time means them, and refuses ones their clock never shows', () => {
    const berlin = 'Europe/Berlin';
    expect(toLocalInput('2027-03-01T06:00:00.000Z', berlin)).toBe(
      '2027-03-01T07:00',
    );
    expect(fromLocalInput('2028-02-29T10:00', berlin)).toBe(
      '2028-02-29T09:00:00.000Z',
    );
    // Across a year boundary.
    expect(fromLocalInput('2027-01-01T00:30', berlin)).toBe(
      '2026-12-31T23:30:00.000Z',
    );
    // No 29 February in 2027, no 31 April: not rolled over.
    expect(fromLocalInput('2027-02-29T10:00', berlin)).toBeUndefined();
    expect(fromLocalInput('2027-04-31T10:00', berlin)).toBeUndefined();
    expect(fromLocalInput('2027-02-29T10:00')).toBeUndefined();
    // 02:30 on 28 March 2027 is skipped: clocks go from 02:00 to 03:00.
    expect(fromLocalInput('2027-03-28T02:30', berlin)).toBeUndefined();
    expect(fromLocalInput('2027-03-28T03:30', berlin)).toBe(
      '2027-03-28T01:30:00.000Z',
    );
    // 02:30 on 31 October 2027 happens twice: the first is taken; both
    // instants show it.
    expect(fromLocalInput('2027-10-31T02:30', berlin)).toBe(
      '2027-10-31T00:30:00.000Z',
    );
    expect(toLocalInput('2027-10-31T01:30:00.000Z', berlin)).toBe(
      '2027-10-31T02:30',
    );
    // West of UTC: New York's autumn hour (1 November 2026, 01:30 twice).
    const newYork = 'America/New_York';
    expect(fromLocalInput('2026-11-01T01:30', newYork)).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(fromLocalInput('2026-11-01T03:00', newYork)).toBe(
      '2026-11-01T08:00:00.000Z',
    );
    expect(fromLocalInput('2027-03-14T02:30', newYork)).toBeUndefined();
  });
});
