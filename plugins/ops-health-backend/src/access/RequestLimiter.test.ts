import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { RequestLimiter, TooManyRequestsError } from './RequestLimiter';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('RequestLimiter on %p', id => {
  // Across a month's end: the windows are instants, not calendar minutes.
  let now: number;
  const clock = { now: () => new Date(now) };
  const twoAMinute = (key: string) => ({
    key,
    max: 2,
    windowMs: 60_000,
    refused: (count: number) => `${key} asked ${count} times`,
  });

  /** Limiters of `count` replicas sharing one fresh database. */
  async function replicas(count = 1) {
    now = Date.parse('2027-02-28T23:59:30Z');
    const knex = await databases.init(id);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    const limiters: RequestLimiter[] = [];
    for (let i = 0; i < count; i++) {
      limiters.push(
        await RequestLimiter.create({ database, clock, scope: 'test' }),
      );
    }
    return { limiters, knex };
  }

  it('refuses over the limit in a sliding window, saying when to ask again', async () => {
    const [limiter] = (await replicas()).limiters;
    await limiter.take([twoAMinute('a')]);
    now += 20_000;
    await limiter.take([twoAMinute('a')]);
    now += 10_000;
    const refusal = await limiter.take([twoAMinute('a')]).catch(e => e);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect((refusal as TooManyRequestsError).statusCode).toBe(429);
    // The first of the two leaves the window 30 s later.
    expect((refusal as TooManyRequestsError).message).toBe(
      'a asked 2 times; try again in 30 s',
    );
    expect((refusal as TooManyRequestsError).retryAfterSeconds).toBe(30);
    // Another key has a window of its own.
    await limiter.take([twoAMinute('b')]);
    now += 30_000;
    await limiter.take([twoAMinute('a')]);
    await expect(limiter.take([twoAMinute('a')])).rejects.toThrow(
      'a asked 2 times; try again in 20 s',
    );
  });

  it('counts nothing when any limit refuses, and takes a request back', async () => {
    const [limiter] = (await replicas()).limiters;
    await limiter.take([twoAMinute('full'), twoAMinute('x')]);
    await limiter.take([twoAMinute('full')]);
    await expect(
      limiter.take([twoAMinute('x'), twoAMinute('full')]),
    ).rejects.toThrow('full asked 2 times');
    // 'x' has one, not two.
    await limiter.take([twoAMinute('x')]);
    const giveBack = await limiter.take([twoAMinute('y')]);
    await limiter.take([twoAMinute('y')]);
    await expect(limiter.take([twoAMinute('y')])).rejects.toThrow(
      'y asked 2 times',
    );
    await giveBack();
    await limiter.take([twoAMinute('y')]);
  });

  it('over several limits, says when the last of them frees up', async () => {
    const [limiter] = (await replicas()).limiters;
    const short = { ...twoAMinute('short'), max: 1, windowMs: 10_000 };
    await limiter.take([short, twoAMinute('long')]);
    now += 5_000;
    await limiter.take([twoAMinute('long')]);
    // 'short' frees up in 5 s, 'long' in 55 s.
    await expect(limiter.take([short, twoAMinute('long')])).rejects.toThrow(
      'long asked 2 times; try again in 55 s',
    );
  });

  it('waits at least a second', async () => {
    const [limiter] = (await replicas()).limiters;
    const once = { ...twoAMinute('z'), max: 1, windowMs: 300 };
    await limiter.take([once]);
    await expect(limiter.take([once])).rejects.toThrow(
      'z asked 1 times; try again in 1 s',
    );
  });

  it('counts the requests of every replica, also when they arrive at once', async () => {
    const { limiters, knex } = await replicas(2);
    const [a, b] = limiters;
    await a.take([twoAMinute('shared')]);
    await b.take([twoAMinute('shared')]);
    await expect(a.take([twoAMinute('shared')])).rejects.toThrow(
      'shared asked 2 times; try again in 60 s',
    );
    await expect(b.take([twoAMinute('shared')])).rejects.toThrow(
      'shared asked 2 times',
    );
    // Ten at once, five on each replica: two let through. The pool's
    // connections opened first, so that the ten do run at the same time
    // (PostgreSQL; SQLite has one connection).
    await Promise.all(
      Array.from({ length: 5 }, () =>
        knex.raw(
          id.startsWith('POSTGRES') ? 'select pg_sleep(0.1)' : 'select 1',
        ),
      ),
    );
    const burst = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        limiters[i % 2].take([twoAMinute('burst')]),
      ),
    );
    expect(burst.filter(r => r.status === 'fulfilled')).toHaveLength(2);
    // What a replica gives back, the other may take.
    now += 1_000;
    const giveBack = await a.take([twoAMinute('back')]);
    await a.take([twoAMinute('back')]);
    await giveBack();
    await b.take([twoAMinute('back')]);
    // Counted requests older than any window are deleted as others come.
    const rows = async () =>
      Number((await knex('ops_health_request_limits').count({ n: '*' }))[0].n);
    expect(await rows()).toBe(6);
    now += 60 * 60_000;
    await a.take([twoAMinute('later')]);
    expect(await rows()).toBe(1);
  });

  it("counts another scope's same key apart (a caller's check-now requests and channel tests)", async () => {
    const { knex } = await replicas();
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    const [checkNow, channelTests] = await Promise.all(
      ['check-now', 'channel-test'].map(scope =>
        RequestLimiter.create({ database, clock, scope }),
      ),
    );
    const alice = twoAMinute('caller\u0000user:default/alice');
    await checkNow.take([alice]);
    await checkNow.take([alice]);
    await expect(checkNow.take([alice])).rejects.toThrow(TooManyRequestsError);
    await channelTests.take([alice]);
    await channelTests.take([alice]);
  });

  it('refuses a window longer than the hour it keeps requests', async () => {
    const [limiter] = (await replicas()).limiters;
    await expect(
      limiter.take([{ ...twoAMinute('day'), windowMs: 86_400_000 }]),
    ).rejects.toThrow(
      "A request limit's window is at most an hour, not 86400000 ms (day)",
    );
  });
});
