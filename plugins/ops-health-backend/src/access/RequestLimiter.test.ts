import { RequestLimiter, TooManyRequestsError } from './RequestLimiter';

describe('RequestLimiter', () => {
  // Across a month's end: the windows are instants, not calendar minutes.
  let now = Date.parse('2027-02-28T23:59:30Z');
  const clock = { now: () => new Date(now) };
  const twoAMinute = (key: string) => ({
    key,
    max: 2,
    windowMs: 60_000,
    refused: (count: number) => `${key} asked ${count} times`,
  });

  it('refuses over the limit in a sliding window, saying when to ask again', () => {
    const limiter = new RequestLimiter(clock);
    limiter.take([twoAMinute('a')]);
    now += 20_000;
    limiter.take([twoAMinute('a')]);
    now += 10_000;
    let refusal: unknown;
    try {
      limiter.take([twoAMinute('a')]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect((refusal as TooManyRequestsError).statusCode).toBe(429);
    // The first of the two leaves the window 30 s later.
    expect((refusal as TooManyRequestsError).message).toBe(
      'a asked 2 times; try again in 30 s',
    );
    expect((refusal as TooManyRequestsError).retryAfterSeconds).toBe(30);
    // Another key has a window of its own.
    limiter.take([twoAMinute('b')]);
    now += 30_000;
    limiter.take([twoAMinute('a')]);
    expect(() => limiter.take([twoAMinute('a')])).toThrow(
      'a asked 2 times; try again in 20 s',
    );
  });

  it('counts nothing when any limit refuses, and takes a request back', () => {
    const limiter = new RequestLimiter(clock);
    limiter.take([twoAMinute('full'), twoAMinute('x')]);
    limiter.take([twoAMinute('full')]);
    expect(() => limiter.take([twoAMinute('x'), twoAMinute('full')])).toThrow(
      'full asked 2 times',
    );
    // 'x' has one, not two.
    limiter.take([twoAMinute('x')]);
    const giveBack = limiter.take([twoAMinute('y')]);
    limiter.take([twoAMinute('y')]);
    expect(() => limiter.take([twoAMinute('y')])).toThrow('y asked 2 times');
    giveBack();
    limiter.take([twoAMinute('y')]);
  });

  it('over several limits, says when the last of them frees up', () => {
    const limiter = new RequestLimiter(clock);
    const short = { ...twoAMinute('short'), max: 1, windowMs: 10_000 };
    limiter.take([short, twoAMinute('long')]);
    now += 5_000;
    limiter.take([twoAMinute('long')]);
    // 'short' frees up in 5 s, 'long' in 55 s.
    expect(() => limiter.take([short, twoAMinute('long')])).toThrow(
      'long asked 2 times; try again in 55 s',
    );
  });

  it('waits at least a second', () => {
    const limiter = new RequestLimiter(clock);
    const once = { ...twoAMinute('z'), max: 1, windowMs: 300 };
    limiter.take([once]);
    expect(() => limiter.take([once])).toThrow(
      'z asked 1 times; try again in 1 s',
    );
  });
});
