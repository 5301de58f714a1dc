import { formatDuration, timeAgo, timeUntil } from './format';

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
    expect(formatDuration(129600)).toBe('2 d');
  });
});
