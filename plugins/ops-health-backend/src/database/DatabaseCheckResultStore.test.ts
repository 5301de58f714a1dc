import { createTestDatabases } from '../__testUtils__/testDatabases';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseCheckResultStore } from './DatabaseCheckResultStore';
import { migrationsConfig } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A statement that reads or writes the results table (not another). */
const RESULTS_TABLE = /ops_health_check_results[`"]/;

describe.each(databases.eachSupportedId())(
  'DatabaseCheckResultStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return {
        knex,
        store: await DatabaseCheckResultStore.create({ database }),
      };
    }

    const measuredAt = new Date('2026-11-26T10:00:00.000Z');

    /** An ok cost result of the entity; its message is the ref unless given. */
    const okCost = (entityRef: string, message = entityRef) => ({
      entityRef,
      checkId: 'cost',
      subject: '',
      status: 'ok' as const,
      message,
      measuredAt,
    });

    type StoreOptions = Partial<
      Parameters<typeof DatabaseCheckResultStore.create>[0]
    >;

    /**
     * Two replicas' stores on one database: A's monotonic clock is
     * `clock.now`; `resultQueries` counts the statements on the results
     * table so far.
     */
    async function twoReplicas(a: StoreOptions, b: StoreOptions = {}) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const clock = { now: 0 };
      const stores = {
        a: await DatabaseCheckResultStore.create({
          database,
          monotonicNow: () => clock.now,
          ...a,
        }),
        b: await DatabaseCheckResultStore.create({ database, ...b }),
      };
      const statements: string[] = [];
      knex.on('query', (q: { sql: string }) => statements.push(q.sql));
      const resultQueries = () =>
        statements.filter(q => RESULTS_TABLE.test(q)).length;
      return { ...stores, knex, clock, resultQueries };
    }

    it('runs the migrations up and down', async () => {
      const { knex } = await createStore();
      expect(await knex.schema.hasTable('ops_health_check_results')).toBe(true);
      await knex.migrate.rollback(migrationsConfig, true);
      expect(await knex.schema.hasTable('ops_health_check_results')).toBe(
        false,
      );
      expect(await knex.schema.hasTable('ops_health_generations')).toBe(false);
    });

    it("keeps entity summaries in memory: its own writes show at once, another replica's once it asks the database again", async () => {
      const { a, b, clock, resultQueries } = await twoReplicas({
        freshnessMs: 250,
      });
      const ref = 'component:default/checkout';
      const result = (status: 'ok' | 'critical', message: string) => ({
        entityRef: ref,
        checkId: 'cost',
        subject: '',
        status,
        message,
        details: { message },
        measuredAt,
      });
      const summary = async () =>
        (await a.listForEntity(ref, { details: false })).map(
          r => `${r.status} ${r.message}${r.stale ? ' (stale)' : ''}`,
        );
      expect(await summary()).toEqual([]);
      await a.upsertResults([result('ok', 'first')]);
      // Its own write: at once.
      const written = resultQueries();
      expect(await summary()).toEqual(['ok first']);
      expect(resultQueries()).toBe(written + 1);
      const before = resultQueries();
      expect(await summary()).toEqual(['ok first']);
      expect(await summary()).toEqual(['ok first']);
      // Read from memory: no query of the results.
      expect(resultQueries()).toBe(before);
      // What a caller does to what it was given does not change the next.
      (await a.listForEntity(ref, { details: false }))[0].message = 'changed';
      expect(await summary()).toEqual(['ok first']);
      // The details are always read from the database.
      expect((await a.listForEntity(ref)).map(r => r.details)).toEqual([
        { message: 'first' },
      ]);

      // Another replica's write: not before A asks again...
      await b.upsertResults([result('critical', 'second')]);
      clock.now += 100;
      expect(await summary()).toEqual(['ok first']);
      // ...and then at once.
      clock.now += 200;
      expect(await summary()).toEqual(['critical second']);

      await b.markStale(
        [{ entityRef: ref, checkId: 'cost' }],
        'AccessDenied',
        measuredAt,
      );
      clock.now += 300;
      expect(await summary()).toEqual(['critical second (stale)']);

      await b.pruneResults('cost', []);
      clock.now += 300;
      expect(await summary()).toEqual([]);

      // Nothing written: the generation asked again, the summary kept.
      const kept = resultQueries();
      clock.now += 300;
      expect(await summary()).toEqual([]);
      expect(resultQueries()).toBe(kept);
    });

    it("pages the portal-wide list from memory per filter, as the database would, and reads it again after any replica's write", async () => {
      // B reads everything from the database: what A must answer alike.
      const { a, b, clock, resultQueries } = await twoReplicas(
        { maxListed: 5 },
        { maxListed: 0, freshnessMs: 0 },
      );
      const refs = Array.from(
        { length: 8 },
        (_, i) => `component:default/svc-${i}`,
      );
      await b.upsertResults(
        refs.map((entityRef, i) => ({
          entityRef,
          checkId: i % 2 ? 'cost' : 'backup',
          subject: '',
          status: i % 3 ? ('ok' as const) : ('critical' as const),
          message: `result ${i}`,
          details: { i },
          measuredAt,
        })),
      );
      const page = (
        store: DatabaseCheckResultStore,
        filter: Partial<Parameters<DatabaseCheckResultStore['pageResults']>[0]>,
      ) =>
        store.pageResults({ visible: 'all', limit: 2, offset: 0, ...filter });
      const filters = [
        { statuses: ['critical'] },
        { statuses: ['critical'], offset: 1 },
        { statuses: ['ok'], checkIds: ['cost'] },
        { statuses: ['critical'], visible: new Set([refs[3], refs[6]]) },
        { statuses: ['critical'], visible: new Set<string>() },
        // Six results: more than maxListed, paged by the database.
        { statuses: ['ok'], offset: 3 },
        { statuses: ['ok'], visible: new Set(refs.slice(0, 3)) },
      ];
      for (const filter of filters) {
        expect(await page(a, filter)).toEqual(await page(b, filter));
      }
      const statusesOf = async () =>
        (await page(a, { statuses: ['critical'], limit: 50 })).items.map(
          r => `${r.entityRef} ${r.message}`,
        );
      expect(await statusesOf()).toEqual([
        `${refs[0]} result 0`,
        `${refs[3]} result 3`,
        `${refs[6]} result 6`,
      ]);
      // Read again from memory, without details; changing what was given
      // does not change the next answer.
      const before = resultQueries();
      const again = await page(a, { statuses: ['critical'], limit: 50 });
      expect(resultQueries()).toBe(before);
      expect(again.items.every(r => r.details === undefined)).toBe(true);
      again.items[0].message = 'changed';
      expect(await statusesOf()).toContain(`${refs[0]} result 0`);

      // B's write shows on A once A asks the database again.
      await b.upsertResults([
        {
          entityRef: refs[1],
          checkId: 'cost',
          subject: '',
          status: 'critical',
          message: 'now critical',
          measuredAt,
        },
      ]);
      expect(await statusesOf()).not.toContain(`${refs[1]} now critical`);
      clock.now += 250;
      expect(await statusesOf()).toEqual([
        `${refs[0]} result 0`,
        `${refs[1]} now critical`,
        `${refs[3]} result 3`,
        `${refs[6]} result 6`,
      ]);
      for (const filter of filters) {
        expect(await page(a, filter)).toEqual(await page(b, filter));
      }
    });

    it("keeps nothing longer than maxKeepMs, for writes that do not count themselves (an older plugin version's, a restore)", async () => {
      const { a, knex, clock } = await twoReplicas({
        freshnessMs: 0,
        maxKeepMs: 60_000,
      });
      const ref = 'component:default/checkout';
      await a.upsertResults([okCost(ref, 'first')]);
      const messages = async () => [
        ...(await a.listForEntity(ref, { details: false })).map(r => r.message),
        ...(
          await a.pageResults({ visible: 'all', limit: 5, offset: 0 })
        ).items.map(r => r.message),
      ];
      expect(await messages()).toEqual(['first', 'first']);
      // Written past the store: the generation does not move.
      await knex('ops_health_check_results')
        .where({ entity_ref: ref })
        .update({ message: 'second' });
      clock.now += 59_000;
      expect(await messages()).toEqual(['first', 'first']);
      clock.now += 1_000;
      expect(await messages()).toEqual(['second', 'second']);
    });

    it('counts a write in the same transaction as the write: one that fails counts nothing and keeps nothing', async () => {
      const { a, b, knex, clock } = await twoReplicas({ freshnessMs: 0 });
      const generation = async () =>
        Number(
          (
            await knex('ops_health_generations')
              .where({ name: 'check_results' })
              .first('generation')
          )?.generation ?? 0,
        );
      expect(await generation()).toBe(0);
      // 120 results: three batches, each counted.
      await b.upsertResults(
        Array.from({ length: 120 }, (_, i) =>
          okCost(`component:default/svc-${i}`),
        ),
      );
      expect(await generation()).toBe(3);
      await b.markStale(
        [{ entityRef: 'component:default/svc-0', checkId: 'cost' }],
        'AccessDenied',
        measuredAt,
      );
      expect(await generation()).toBe(4);
      // Nothing changed: nothing counted.
      await b.markStale(
        [{ entityRef: 'component:default/none', checkId: 'cost' }],
        'AccessDenied',
        measuredAt,
      );
      await b.pruneResults('cost', [], { entityRefs: [] });
      expect(await generation()).toBe(4);
      await b.pruneResults('cost', [], {
        entityRefs: ['component:default/svc-1', 'component:default/svc-2'],
      });
      expect(await generation()).toBe(5);
      clock.now += 1;
      expect(
        (await a.listForEntity('component:default/svc-1', { details: false }))
          .length,
      ).toBe(0);
      // A write that fails part-way (its second key cannot be compiled into
      // a query): the first key's change is rolled back with it, and nothing
      // is counted.
      await expect(
        b.markStale(
          [
            { entityRef: 'component:default/svc-3', checkId: 'cost' },
            {
              entityRef: 'component:default/svc-4',
              checkId: undefined as unknown as string,
            },
          ],
          'Throttled',
          measuredAt,
        ),
      ).rejects.toThrow(/undefined/i);
      expect(await generation()).toBe(5);
      expect(
        (
          await b.listForEntity('component:default/svc-3', { details: false })
        ).map(r => r.stale),
      ).toEqual([false]);
    });

    it('keeps at most maxSummaries entities in memory, the longest kept dropped first', async () => {
      const { a: store, resultQueries } = await twoReplicas({
        freshnessMs: 60_000,
        maxSummaries: 2,
      });
      const refs = ['a', 'b', 'c'].map(n => `component:default/${n}`);
      await store.upsertResults(refs.map(entityRef => okCost(entityRef)));
      const read = async (entityRef: string) => {
        const before = resultQueries();
        await store.listForEntity(entityRef, { details: false });
        return resultQueries() - before;
      };
      expect(await read(refs[0])).toBe(1);
      expect(await read(refs[1])).toBe(1);
      expect(await read(refs[0])).toBe(0);
      expect(await read(refs[2])).toBe(1);
      // a was kept first, so it went when c came.
      expect(await read(refs[1])).toBe(0);
      expect(await read(refs[0])).toBe(1);
    });

    it('keeps at most maxSummaryResults results in memory in all, whatever the number of entities', async () => {
      const { a: store, resultQueries } = await twoReplicas({
        freshnessMs: 60_000,
        maxSummaryResults: 4,
      });
      const [one, two, many] = ['one', 'two', 'many'].map(
        n => `component:default/${n}`,
      );
      const buckets = (entityRef: string, count: number) =>
        Array.from({ length: count }, (_, i) => ({
          entityRef,
          checkId: 'replication',
          subject: `bucket-${i}`,
          status: 'ok' as const,
          message: `bucket-${i} replicates`,
          measuredAt,
        }));
      await store.upsertResults([
        ...buckets(one, 1),
        ...buckets(two, 3),
        ...buckets(many, 5),
      ]);
      const read = async (entityRef: string) => {
        const before = resultQueries();
        const results = await store.listForEntity(entityRef, {
          details: false,
        });
        return [results.length, resultQueries() - before];
      };
      expect(await read(one)).toEqual([1, 1]);
      expect(await read(two)).toEqual([3, 1]);
      expect(await read(one)).toEqual([1, 0]);
      expect(await read(two)).toEqual([3, 0]);
      // Five results are more than the bound: read each time, the others
      // kept.
      expect(await read(many)).toEqual([5, 1]);
      expect(await read(many)).toEqual([5, 1]);
      expect(await read(one)).toEqual([1, 0]);
      // With three results `one` and `two` pass the bound together: `two`,
      // kept longest, goes when `one` comes.
      await store.upsertResults(buckets(one, 3));
      expect(await read(two)).toEqual([3, 1]);
      expect(await read(one)).toEqual([3, 1]);
      expect(await read(one)).toEqual([3, 0]);
      expect(await read(two)).toEqual([3, 1]);
    });

    it('pages the results of the visible entities only, filtered and sorted by the database, details left out unless asked', async () => {
      const { store } = await createStore();
      const refs = Array.from(
        { length: 1200 },
        (_, i) => `component:default/svc-${String(i).padStart(4, '0')}`,
      );
      await store.upsertResults(
        refs.flatMap((entityRef, i) => [
          {
            entityRef,
            checkId: 'cost',
            subject: '',
            status: i % 10 === 0 ? ('critical' as const) : ('ok' as const),
            message: `cost of ${i}`,
            details: { i },
            measuredAt,
          },
          {
            entityRef,
            checkId: 'backup',
            subject: '',
            status: i % 4 === 0 ? ('warning' as const) : ('ok' as const),
            message: `backup of ${i}`,
            measuredAt: new Date(measuredAt.getTime() + i * 1000),
          },
        ]),
      );
      await store.markStale(
        [{ entityRef: refs[8], checkId: 'backup' }],
        'AccessDenied',
        new Date('2026-11-26T11:00:00.000Z'),
      );
      // The caller sees every other entity.
      const visible = refs.filter((_, i) => i % 2 === 0);

      const page = await store.pageResults({
        visible: new Set(visible),
        statuses: ['critical', 'warning'],
        limit: 5,
        offset: 2,
      });
      // Even i: backup warning when i % 4 == 0 (300), cost critical when
      // i % 10 == 0 (120).
      expect(page.totalCount).toBe(420);
      expect(page.items.map(r => [r.entityRef, r.checkId])).toEqual([
        [refs[4], 'backup'],
        [refs[8], 'backup'],
        [refs[10], 'cost'],
        [refs[12], 'backup'],
        [refs[16], 'backup'],
      ]);
      expect(page.items.every(r => r.details === undefined)).toBe(true);
      expect(page.items[1]).toMatchObject({
        stale: true,
        error: 'AccessDenied',
        status: 'warning',
      });

      const withDetails = await store.pageResults({
        visible: new Set(visible),
        checkIds: ['cost'],
        statuses: ['critical'],
        limit: 2,
        offset: 0,
        details: true,
      });
      expect(withDetails.totalCount).toBe(120);
      expect(withDetails.items.map(r => r.details)).toEqual([
        { i: 0 },
        { i: 10 },
      ]);

      expect(
        await store.pageResults({
          visible: new Set(),
          limit: 5,
          offset: 0,
        }),
      ).toEqual({ items: [], totalCount: 0 });
      expect(
        (
          await store.pageResults({
            visible: new Set(visible),
            limit: 5,
            offset: 5000,
          })
        ).items,
      ).toEqual([]);

      expect(await store.summarizeChecks(new Set(visible))).toEqual([
        {
          checkId: 'backup',
          entityCount: 600,
          staleCount: 1,
          statusCounts: { ok: 300, warning: 300 },
          lastMeasuredAt: new Date(measuredAt.getTime() + 1198 * 1000),
          lastError: 'AccessDenied',
          lastErrorAt: new Date('2026-11-26T11:00:00.000Z'),
        },
        {
          checkId: 'cost',
          entityCount: 600,
          staleCount: 0,
          statusCounts: { ok: 480, critical: 120 },
          lastMeasuredAt: measuredAt,
        },
      ]);
      // The stale result is not the caller's: neither is its error.
      const odd = refs.filter((_, i) => i % 2 === 1);
      expect((await store.summarizeChecks(new Set(odd)))[0]).toMatchObject({
        checkId: 'backup',
        staleCount: 0,
        entityCount: 600,
      });
      expect(
        (await store.summarizeChecks(new Set(odd)))[0].lastError,
      ).toBeUndefined();
      expect(await store.summarizeChecks(new Set())).toEqual([]);
      expect((await store.listEntityRefs()).sort()).toEqual(refs);

      // `all` (the caller may read every entity): paged and counted by the
      // database, the same answers as the set of every ref.
      const everyone = new Set(refs);
      for (const filter of [
        { statuses: ['critical', 'warning'], limit: 7, offset: 3 },
        { checkIds: ['cost'], limit: 50, offset: 100, details: true },
        { limit: 5, offset: 2395 },
        { limit: 5, offset: 5000 },
      ]) {
        const all = await store.pageResults({ visible: 'all', ...filter });
        expect(all).toEqual(
          await store.pageResults({ visible: everyone, ...filter }),
        );
      }
      expect(
        (await store.pageResults({ visible: 'all', limit: 1, offset: 0 }))
          .totalCount,
      ).toBe(2400);
      expect(await store.summarizeChecks('all')).toEqual(
        await store.summarizeChecks(everyone),
      );
    });

    it('lists the results of given entities only, however many, with their details', async () => {
      const { store } = await createStore();
      const refs = Array.from(
        { length: 250 },
        (_, i) => `component:default/svc-${String(i).padStart(3, '0')}`,
      );
      await store.upsertResults(
        refs.flatMap((entityRef, i) =>
          ['cost', 'backup'].map(checkId => ({
            entityRef,
            checkId,
            subject: '',
            status: 'ok' as const,
            message: `${checkId} of ${i}`,
            details: { i },
            measuredAt,
          })),
        ),
      );
      // Every third entity, across the chunks of 100, one twice, and one
      // without results.
      const asked = [
        ...refs.filter((_, i) => i % 3 === 0),
        refs[3],
        'component:default/unknown',
      ];
      const listed = await store.listResults({
        checkIds: ['cost'],
        entityRefs: asked,
      });
      expect(listed.map(r => r.entityRef).sort()).toEqual(
        refs.filter((_, i) => i % 3 === 0),
      );
      expect(listed.every(r => r.checkId === 'cost')).toBe(true);
      expect(listed.find(r => r.entityRef === refs[249])?.details).toEqual({
        i: 249,
      });
      expect(await store.listResults({ entityRefs: [] })).toEqual([]);
      expect(await store.listResults({ checkIds: ['cost'] })).toHaveLength(250);
    });

    it('keeps the latest result per entity, check and subject', async () => {
      const { store } = await createStore();
      await store.upsertResults([
        {
          entityRef: 'component:default/a',
          checkId: 'replication',
          subject: 'bucket-1',
          status: 'ok',
          value: 30,
          threshold: 900,
          unit: 's',
          message: 'Latency 30 s',
          details: { rules: [{ id: 'r1' }] },
          measuredAt,
        },
        {
          entityRef: 'component:default/a',
          checkId: 'cost',
          subject: '',
          status: 'ok',
          message: 'USD 10 today',
          measuredAt,
        },
      ]);
      await store.upsertResults([
        {
          entityRef: 'component:default/a',
          checkId: 'replication',
          subject: 'bucket-1',
          status: 'critical',
          value: 3600,
          threshold: 900,
          unit: 's',
          message: 'Latency 1 h',
          measuredAt: new Date(measuredAt.getTime() + 60_000),
        },
      ]);
      const results = await store.listForEntity('component:default/a');
      expect(results).toEqual([
        expect.objectContaining({
          checkId: 'cost',
          status: 'ok',
          stale: false,
        }),
        expect.objectContaining({
          checkId: 'replication',
          subject: 'bucket-1',
          status: 'critical',
          value: 3600,
          stale: false,
          measuredAt: new Date(measuredAt.getTime() + 60_000),
        }),
      ]);
      expect(results[1].details).toBeUndefined();
      expect(await store.listForEntity('component:default/other')).toEqual([]);
    });

    it('marks results stale without losing the last good value', async () => {
      const { store } = await createStore();
      await store.upsertResults([
        {
          entityRef: 'component:default/a',
          checkId: 'backup',
          subject: 's3://b/p/',
          status: 'ok',
          value: 3600,
          message: 'Newest backup 1 h old',
          details: { newestKey: 'p/x.tar.gz' },
          measuredAt,
        },
      ]);
      const errorAt = new Date('2026-11-26T11:00:00.000Z');
      expect(
        await store.markStale(
          [{ entityRef: 'component:default/a', checkId: 'backup' }],
          'AccessDenied',
          errorAt,
        ),
      ).toBe(1);
      const [result] = await store.listForEntity('component:default/a');
      expect(result).toMatchObject({
        status: 'ok',
        value: 3600,
        stale: true,
        error: 'AccessDenied',
        errorAt,
        measuredAt,
        details: { newestKey: 'p/x.tar.gz' },
      });
    });
  },
);
