import { DatabaseService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { isPostgres } from '../database/dialect';
import { getMigratedClient } from '../database/migrations';

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

/** Any fixed number: the namespace of the limits' advisory locks (PostgreSQL). */
const REQUEST_LIMIT_LOCK_NAMESPACE = 74_726_155;

/** How long a counted request is kept: longer than any limit's window. */
const KEEP_MS = 60 * 60_000;

const TABLE = 'ops_health_request_limits';

/**
 * Limits on requests that act on something outside (AWS, a Slack channel,
 * a webhook), counted in the database: every replica sharing it counts the
 * same requests, so N replicas allow what one does. Each key counts the
 * requests it let through in a sliding window (of at most an hour).
 *
 * @internal
 */
export class RequestLimiter {
  /**
   * A limiter whose keys are its `scope`'s (e.g. `check-now`): another
   * scope's same key (a caller) is counted apart.
   */
  static async create(options: {
    database: DatabaseService;
    clock: OpsHealthClock;
    scope: string;
  }): Promise<RequestLimiter> {
    return new RequestLimiter(
      await getMigratedClient(options.database),
      options.clock,
      options.scope,
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly clock: OpsHealthClock,
    private readonly scope: string,
  ) {}

  /**
   * Lets a request through every limit or refuses it with a
   * TooManyRequestsError naming the one it is over that frees up last (and
   * counts nothing).
   * Returns a function that takes the request back (it did not act, e.g.
   * it waited for a lock in vain), so that it does not count.
   */
  async take(limits: RequestLimit[]): Promise<() => Promise<void>> {
    for (const limit of limits) {
      if (limit.windowMs > KEEP_MS) {
        throw new Error(
          `A request limit's window is at most an hour, not ${limit.windowMs} ms (${limit.key})`,
        );
      }
    }
    const now = this.clock.now().getTime();
    const keyed = limits.map(limit => {
      const hash = createHash('sha256')
        .update(`${this.scope}\u0000${limit.key}`)
        .digest('hex');
      // The key's advisory lock: the hash's first 32 bits, signed.
      return { limit, hash, lock: parseInt(hash.slice(0, 8), 16) | 0 };
    });
    const postgres = isPostgres(this.db);
    const counted = async (tx: Knex.Transaction) => {
      if (postgres) {
        // One request at a time per key across the replicas, the locks in
        // one order (no deadlock). On SQLite one writer at a time does it.
        const locks = [...new Set(keyed.map(k => k.lock))].sort(
          (a, b) => a - b,
        );
        for (const lock of locks) {
          await tx.raw('select pg_advisory_xact_lock(?, ?)', [
            REQUEST_LIMIT_LOCK_NAMESPACE,
            lock,
          ]);
        }
      }
      await tx(TABLE)
        .where('taken_at', '<=', now - KEEP_MS)
        .delete();
      // Over several limits, the one that frees up last says when to ask
      // again: asked at the first one's time, the request is refused again.
      let refusal: { what: string; waitMs: number } | undefined;
      for (const { limit, hash } of keyed) {
        const at = (
          await tx(TABLE)
            .where({ limit_key: hash })
            .andWhere('taken_at', '>', now - limit.windowMs)
            .orderBy('taken_at')
            .select('taken_at')
        ).map(row => Number(row.taken_at));
        if (at.length >= limit.max) {
          const waitMs = at[at.length - limit.max] + limit.windowMs - now;
          if (!refusal || waitMs > refusal.waitMs) {
            refusal = { what: limit.refused(at.length), waitMs };
          }
        }
      }
      if (refusal) throw tooSoon(refusal.what, refusal.waitMs);
      const taken: number[] = [];
      for (const { hash } of keyed) {
        const [row] = await tx(TABLE)
          .insert({ limit_key: hash, taken_at: now })
          .returning('id');
        taken.push(
          Number(typeof row === 'object' && row !== null ? row.id : row),
        );
      }
      return taken;
    };
    // Read committed, whatever the server's default: each count then sees
    // what the replica that held the lock before committed.
    const ids = await this.db.transaction(
      counted,
      postgres ? { isolationLevel: 'read committed' } : undefined,
    );
    return async () => {
      await this.db(TABLE).whereIn('id', ids).delete();
    };
  }
}
