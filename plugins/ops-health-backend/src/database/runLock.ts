import { Knex } from 'knex';
import { isPostgres } from './dialect';

/**
 * Runs `fn` while holding the lock `name`, waiting for whoever holds it;
 * `signal` gives up the wait.
 *
 * @internal
 */
export type RunLock = <T>(
  name: string,
  fn: () => Promise<T>,
  options?: { signal?: AbortSignal },
) => Promise<T>;

/**
 * Any fixed number: the namespace of the plugin's run locks (PostgreSQL).
 *
 * @internal
 */
export const RUN_LOCK_NAMESPACE = 74_726_154;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** The runs of this process by lock name, per SQLite database. */
const sqliteRuns = new WeakMap<Knex, Map<string, Promise<unknown>>>();

/** When the run ends (however), or the signal aborts, whichever is first. */
function endOrAbort(run: Promise<unknown>, signal?: AbortSignal) {
  const ended = run.then(
    () => undefined,
    () => undefined,
  );
  if (!signal) return ended;
  return new Promise<void>(resolve => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    ended.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/**
 * One run at a time per name in this process: a second waits for the
 * first to end.
 *
 * @internal
 */
export function processRunLock(
  runs = new Map<string, Promise<unknown>>(),
): RunLock {
  return async (name, fn, options) => {
    const signal = options?.signal;
    for (;;) {
      signal?.throwIfAborted();
      const current = runs.get(name);
      if (!current) break;
      await endOrAbort(current, signal);
    }
    const run = fn();
    runs.set(name, run);
    try {
      return await run;
    } finally {
      if (runs.get(name) === run) runs.delete(name);
    }
  };
}

/**
 * One run at a time per name across every backend replica sharing the
 * database. On PostgreSQL the database decides: a session advisory lock,
 * held for the run on a connection of its own, outside the client's pool
 * (a run that holds the lock still has the whole pool for its work), and
 * released by the database when that connection closes: at the end of the
 * run, or when a replica dies mid-run. A replica waiting for it asks again
 * every `pollMs`. On SQLite one process owns the database file, so the lock
 * of the process decides.
 *
 * Nested runs of the same name deadlock: hold one name at a time, or take
 * names in one order.
 *
 * @internal
 */
export function databaseRunLock(
  db: Knex,
  options?: { pollMs?: number },
): RunLock {
  if (!isPostgres(db)) {
    let runs = sqliteRuns.get(db);
    if (!runs) {
      runs = new Map();
      sqliteRuns.set(db, runs);
    }
    return processRunLock(runs);
  }
  const pollMs = options?.pollMs ?? 250;
  // This replica's own runs queue here rather than polling the database.
  const local = processRunLock();
  return (name, fn, runOptions) =>
    local(
      name,
      async () => {
        const signal = runOptions?.signal;
        const connection = await db.client.acquireRawConnection();
        try {
          for (;;) {
            const { rows } = await db
              .raw('select pg_try_advisory_lock(?, hashtext(?)) as locked', [
                RUN_LOCK_NAMESPACE,
                name,
              ])
              .connection(connection);
            if (rows[0]?.locked === true) break;
            signal?.throwIfAborted();
            await sleep(pollMs);
            signal?.throwIfAborted();
          }
          return await fn();
        } finally {
          // Closing the session releases its lock.
          await Promise.resolve(
            db.client.destroyRawConnection(connection),
          ).catch(() => undefined);
        }
      },
      runOptions,
    );
}
