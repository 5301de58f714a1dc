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

/** Any fixed number: the namespace of the plugin's run locks (PostgreSQL). */
const RUN_LOCK_NAMESPACE = 74_726_154;

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
 * held on a connection of its own for the run and released by the database
 * if its holder's connection goes (a replica that dies mid-run does not keep
 * it); a replica waiting for it polls every `pollMs` without holding a
 * connection. On SQLite one process owns the database file, so the lock of
 * the process decides.
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
        for (;;) {
          const connection = await db.client.acquireConnection();
          try {
            const { rows } = await db
              .raw('select pg_try_advisory_lock(?, hashtext(?)) as locked', [
                RUN_LOCK_NAMESPACE,
                name,
              ])
              .connection(connection);
            if (rows[0]?.locked === true) {
              try {
                return await fn();
              } finally {
                await db
                  .raw('select pg_advisory_unlock(?, hashtext(?))', [
                    RUN_LOCK_NAMESPACE,
                    name,
                  ])
                  .connection(connection);
              }
            }
          } finally {
            await db.client.releaseConnection(connection);
          }
          runOptions?.signal?.throwIfAborted();
          await sleep(pollMs);
        }
      },
      runOptions,
    );
}
