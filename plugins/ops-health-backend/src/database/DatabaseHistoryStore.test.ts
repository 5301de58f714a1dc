import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseHistoryStore } from './DatabaseHistoryStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** `entities` refs, `dayCount` days from 1 January 2026, and a cost of every day of every ref, lazily. */
function backfill(entities: number, dayCount: number, amount: number) {
  const refs = Array.from(
    { length: entities },
    (_, i) => `component:default/s${String(i).padStart(4, '0')}`,
  );
  const days = Array.from({ length: dayCount }, (_, d) =>
    new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10),
  );
  function* costs() {
    for (const entityRef of refs) {
      for (const day of days) {
        yield { entityRef, day, amount, unit: 'USD', estimated: false };
      }
    }
  }
  return { refs, days, costs: costs() };
}

describe.each(databases.eachSupportedId())(
  'DatabaseHistoryStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return DatabaseHistoryStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
    }

    it('keeps one amount per entity and day, replaced by later fetches', async () => {
      const store = await createStore();
      const cost = (
        entityRef: string,
        day: string,
        amount: number,
        estimated = true,
      ) => ({
        entityRef,
        day,
        amount,
        unit: 'USD',
        estimated,
      });
      await store.upsertDailyCosts(
        [
          cost('component:default/a', '2026-11-24', 10),
          cost('component:default/a', '2026-11-25', 11),
          cost('component:default/b', '2026-11-25', 5),
        ],
        new Date('2026-11-25T10:00:00Z'),
      );
      // The day settled: its final amount, no longer estimated.
      await store.upsertDailyCosts(
        [cost('component:default/a', '2026-11-25', 12.5, false)],
        new Date('2026-11-26T10:00:00Z'),
      );
      expect(
        await store.getDailyCosts(['component:default/a'], '2026-11-25'),
      ).toEqual([cost('component:default/a', '2026-11-25', 12.5, false)]);
      expect(
        (
          await store.getDailyCosts(
            ['component:default/a', 'component:default/b'],
            '2026-01-01',
          )
        ).map(c => [c.entityRef, c.day, c.amount]),
      ).toEqual([
        ['component:default/a', '2026-11-24', 10],
        ['component:default/a', '2026-11-25', 12.5],
        ['component:default/b', '2026-11-25', 5],
      ]);
    });

    it('stores costs from a lazy iterable past one transaction of 20,000', async () => {
      const store = await createStore();
      const { refs, days, costs } = backfill(201, 100, 2);
      await store.upsertDailyCosts(costs, new Date('2026-04-11T00:00:00Z'));
      const counts = await store.countDailyCosts(refs, days[0], '2026-12-31');
      expect(counts.size).toBe(201);
      expect([...counts.values()].every(n => n === 100)).toBe(true);
    });

    it('counts the stored days of each entity in a period, end excluded', async () => {
      const store = await createStore();
      const day = (entityRef: string, d: string) => ({
        entityRef,
        day: d,
        amount: 1,
        unit: 'USD',
        estimated: false,
      });
      await store.upsertDailyCosts(
        [
          day('component:default/a', '2026-02-27'),
          day('component:default/a', '2026-02-28'),
          day('component:default/a', '2026-03-01'),
          day('component:default/a', '2026-03-02'),
          day('component:default/b', '2026-02-28'),
          day('component:default/c', '2026-02-28'),
        ],
        new Date('2026-03-02T10:00:00Z'),
      );
      const counts = await store.countDailyCosts(
        ['component:default/a', 'component:default/b', 'component:default/x'],
        '2026-02-28',
        '2026-03-02',
      );
      expect(Object.fromEntries(counts)).toEqual({
        'component:default/a': 2,
        'component:default/b': 1,
      });
    });

    it('stores metric samples once per timestamp and deletes old history', async () => {
      const store = await createStore();
      const sample = (minute: number, value: number) => ({
        entityRef: 'component:default/a',
        checkId: 'replication',
        subject: 'bucket',
        metric: 'ReplicationLatency',
        timestamp: new Date(Date.UTC(2026, 10, 26, 10, minute)),
        value,
      });
      await store.addMetricSamples([sample(0, 10), sample(5, 20)]);
      await store.addMetricSamples([sample(5, 25), sample(10, 30)]);
      expect(
        (
          await store.getMetricSamples({
            entityRef: 'component:default/a',
            checkId: 'replication',
            since: new Date(Date.UTC(2026, 10, 26, 10, 5)),
          })
        ).map(s => s.value),
      ).toEqual([25, 30]);

      await store.upsertDailyCosts(
        [
          {
            entityRef: 'component:default/a',
            day: '2025-01-01',
            amount: 1,
            unit: 'USD',
            estimated: false,
          },
          {
            entityRef: 'component:default/a',
            day: '2026-11-01',
            amount: 2,
            unit: 'USD',
            estimated: false,
          },
        ],
        new Date(),
      );
      expect(
        await store.deleteOlderThan({
          costDay: '2026-01-01',
          sampleTime: new Date(Date.UTC(2026, 10, 26, 10, 6)),
        }),
      ).toEqual({ costs: 1, samples: 2 });
      expect(
        (await store.getDailyCosts(['component:default/a'], '2000-01-01')).map(
          c => c.day,
        ),
      ).toEqual(['2026-11-01']);
    });
  },
);

// PostgreSQL's planner only: SQLite's reads use the primary key anyway.
describe.each(
  databases.eachSupportedId().filter(id => String(id).startsWith('POSTGRES')),
)('DatabaseHistoryStore on %p, after a backfill', databaseId => {
  it('refreshes the planner statistics, so that reading an entity uses its index', async () => {
    const knex = await databases.init(databaseId);
    const store = await DatabaseHistoryStore.create({
      database: mockServices.database({
        knex,
        migrations: { skip: false },
      }),
    });
    const { refs, days, costs } = backfill(600, 90, 1);
    await store.upsertDailyCosts(costs, new Date('2026-04-01T00:00:00Z'));
    // The reads of the next refresh: 100 entities at a time.
    const read = knex('ops_health_cost_daily')
      .whereIn('entity_ref', refs.slice(200, 300))
      .andWhere('day', '>=', days[60])
      .orderBy([{ column: 'entity_ref' }, { column: 'day' }]);
    const plan = (await knex.raw(`explain ${read.toString()}`)).rows
      .map((r: Record<string, string>) => r['QUERY PLAN'])
      .join('\n');
    expect(plan).toContain('ops_health_cost_daily_pk');
    expect(plan).not.toContain('Seq Scan');
  });
});
