import { CustomErrorBase } from '@backstage/errors';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * Asked again too soon: 429, with when to ask again (the router's error
 * handler sets Retry-After from it, whichever route refused).
 *
 * @internal
 */
export class TooManyRequestsError extends CustomErrorBase {
  readonly statusCode = 429;
  constructor(
    message: string,
    /** Seconds until it may be asked again (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * A refusal as too soon: `what` was refused, and when to ask again (at
 * least 1 s).
 *
 * @internal
 */
export function tooSoon(what: string, waitMs: number) {
  const wait = Math.max(1, Math.ceil(waitMs / 1000));
  return new TooManyRequestsError(`${what}; try again in ${wait} s`, wait);
}

/**
 * One limit on a request: at most `max` under `key` in any `windowMs`;
 * `refused(count)` says what was refused (count: how many under the key
 * in the window).
 *
 * @internal
 */
export type RequestLimit = {
  key: string;
  max: number;
  windowMs: number;
  refused: (count: number) => string;
};

/**
 * Limits on requests that act on something outside (AWS, a Slack channel,
 * a webhook), kept in memory on this replica: with N replicas, up to N
 * times each limit. Each key counts the requests it let through in a
 * sliding window.
 *
 * @internal
 */
export class RequestLimiter {
  private readonly taken = new Map<
    string,
    { windowMs: number; at: number[] }
  >();

  constructor(private readonly clock: OpsHealthClock) {}

  /**
   * Lets a request through every limit or refuses it with a
   * TooManyRequestsError naming the one it is over that frees up last (and
   * counts nothing).
   * Returns a function that takes the request back (it did not act, e.g.
   * it waited for a lock in vain), so that it does not count.
   */
  take(limits: RequestLimit[]): () => void {
    const now = this.clock.now().getTime();
    this.forget(now);
    // Over several limits, the one that frees up last says when to ask
    // again: asked at the first one's time, the request is refused again.
    let refusal: { what: string; waitMs: number } | undefined;
    for (const limit of limits) {
      const at = this.recent(limit.key, limit.windowMs, now);
      if (at.length >= limit.max) {
        const waitMs = at[at.length - limit.max] + limit.windowMs - now;
        if (!refusal || waitMs > refusal.waitMs) {
          refusal = { what: limit.refused(at.length), waitMs };
        }
      }
    }
    if (refusal) throw tooSoon(refusal.what, refusal.waitMs);
    for (const limit of limits) {
      const at = this.recent(limit.key, limit.windowMs, now);
      this.taken.set(limit.key, { windowMs: limit.windowMs, at: [...at, now] });
    }
    return () => {
      for (const limit of limits) {
        const entry = this.taken.get(limit.key);
        const i = entry?.at.lastIndexOf(now) ?? -1;
        if (entry && i >= 0) entry.at.splice(i, 1);
      }
    };
  }

  private recent(key: string, windowMs: number, now: number) {
    return (this.taken.get(key)?.at ?? []).filter(t => now - t < windowMs);
  }

  /** Drops the keys that no longer limit anything. */
  private forget(now: number) {
    for (const [key, { windowMs, at }] of this.taken) {
      if (at.every(t => now - t >= windowMs)) this.taken.delete(key);
    }
  }
}
