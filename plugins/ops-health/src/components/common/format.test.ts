import {
  formatDuration,
  formatHandoff,
  fromLocalInput,
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

  it('says how long ago a time was', () => {
    expect(timeAgo('2028-02-29T23:29:30Z', now)).toBe('just now');
    expect(timeAgo('2028-02-28T23:30:00Z', now)).toBe('24 h ago');
    expect(timeAgo('2028-02-29T21:00:00Z', now)).toBe('3 h ago');
  });

  it('says a duration exactly enough that an age never reads as its limit', () => {
    expect(formatDuration(45)).toBe('45 s');
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
    expect(formatHandoff('2026-12-07T08:00:00.000Z', 'Europe/Berlin')).toBe(
      'Mon 7 Dec, 09:00 CET',
    );
    expect(formatHandoff('2027-03-29T07:00:00.000Z', 'Europe/Berlin')).toBe(
      'Mon 29 Mar, 09:00 CEST',
    );
    expect(formatHandoff('2026-12-07T08:00:00.000Z', 'America/New_York')).toBe(
      'Mon 7 Dec, 03:00 GMT-5',
    );
  });

  it('round-trips a local datetime input', () => {
    expect(fromLocalInput(toLocalInput('2026-12-07T08:00:00.000Z'))).toBe(
      '2026-12-07T08:00:00.000Z',
    );
    expect(fromLocalInput('next tuesday')).toBeUndefined();
  });
});
