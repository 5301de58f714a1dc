import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { databaseRunLock, RUN_LOCK_NAMESPACE, RunLock } from './runLock';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Runs that record how many of them ran at once. */
function overlapCounter() {
  let running = 0;
  let most = 0;
  const order: string[] = [];
  return {
    run: (label: string, ms: number) => async () => {
      running += 1;
      most = Math.max(most, running);
      order.push(`${label} start`);
      await sleep(ms);
      order.push(`${label} end`);
      running -= 1;
      return label;
    },
    most: () => most,
    order,
  };
}

describe.each(databases.eachSupportedId())('databaseRunLock on %p', id => {
  let db: Knex;
  beforeEach(async () => {
    db = await databases.init(id);
  });

  it('lets one run of a name at a time across replicas, and runs of other names alongside', async () => {
    // Two replicas: each its own lock over the one database.
    const a = databaseRunLock(db, { pollMs: 20 });
    const b = databaseRunLock(db, { pollMs: 20 });
    const same = overlapCounter();
    const results = await Promise.all([
      a('collect:cost', same.run('a1', 150)),
      b('collect:cost', same.run('b1', 150)),
      a('collect:cost', same.run('a2', 50)),
      b('collect:cost', same.run('b2', 50)),
    ]);
    expect(results).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(same.most()).toBe(1);
    // Each run ended before the next started.
    for (let i = 0; i < same.order.length; i += 2) {
      expect(same.order[i].replace(' start', '')).toBe(
        same.order[i + 1].replace(' end', ''),
      );
    }

    const other = overlapCounter();
    await Promise.all([
      a('collect:cost', other.run('cost', 150)),
      b('collect:backup', other.run('backup', 150)),
    ]);
    expect(other.most()).toBe(2);
  });

  it("leaves the client's connections to the runs: a dozen held at once still get their queries through", async () => {
    const lock = databaseRunLock(db, { pollMs: 20 });
    const names = Array.from({ length: 12 }, (_, i) => `check-${i}`);
    const all = Promise.all(
      names.map(name =>
        lock(name, async () => {
          await sleep(100);
          const rows = await db.raw('select 1 as one');
          return Boolean(rows);
        }),
      ),
    );
    const timedOut = sleep(15_000).then(() => 'timed out');
    expect(await Promise.race([all, timedOut])).toEqual(names.map(() => true));
  });

  it('is free again after a run that failed', async () => {
    const a = databaseRunLock(db, { pollMs: 20 });
    const b = databaseRunLock(db, { pollMs: 20 });
    await expect(
      a('incidents-reconcile', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(b('incidents-reconcile', async () => 'ran')).resolves.toBe(
      'ran',
    );
  });

  it('stops waiting when its signal aborts', async () => {
    const a = databaseRunLock(db, { pollMs: 20 });
    const b = databaseRunLock(db, { pollMs: 20 });
    let release!: () => void;
    const holding = a(
      'collect:cost',
      () => new Promise<void>(r => (release = r)),
    );
    await sleep(50);
    const controller = new AbortController();
    let ran = false;
    const waiting = b(
      'collect:cost',
      async () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    await sleep(100);
    controller.abort(new Error('task timed out'));
    await expect(waiting).rejects.toThrow('task timed out');
    release();
    await holding;
    expect(ran).toBe(false);
  });

  if (id.startsWith('POSTGRES')) {
    it('is released by the database when its holder dies mid-run', async () => {
      // A replica that dies holding the lock: its connection goes, and with
      // it the lock. The holder's session is found by its lock, in this
      // test's database only: other test files hold advisory locks of their
      // own on the same server.
      const dying = databaseRunLock(db, { pollMs: 20 });
      let pid: number | undefined;
      let finish!: () => void;
      const held = dying('collect:cost', async () => {
        pid = (
          await db.raw(
            `select pid from pg_locks
              where locktype = 'advisory' and granted
                and database = (select oid from pg_database where datname = current_database())
                and classid = ? and objsubid = 2
                and objid = (hashtext(?)::bigint & 4294967295)::oid`,
            [RUN_LOCK_NAMESPACE, 'collect:cost'],
          )
        ).rows[0]?.pid;
        await new Promise<void>(r => (finish = r));
      });
      held.catch(() => undefined);
      await sleep(200);
      expect(pid).toBeDefined();
      const survivor: RunLock = databaseRunLock(db, { pollMs: 20 });
      let ran = false;
      const waiting = survivor('collect:cost', async () => {
        ran = true;
      });
      await sleep(200);
      expect(ran).toBe(false);
      const terminated = await db.raw('select pg_terminate_backend(?) as ok', [
        pid!,
      ]);
      expect(terminated.rows[0].ok).toBe(true);
      const outcome = await Promise.race([
        waiting.then(() => 'ran'),
        sleep(15_000).then(() => 'still waiting 15 s after the holder died'),
      ]);
      finish();
      expect(outcome).toBe('ran');
      expect(ran).toBe(true);
    });
  }
});
