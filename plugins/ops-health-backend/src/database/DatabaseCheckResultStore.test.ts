import { createTestDatabases } from '../__testUtils__/testDatabases';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseCheckResultStore } from './DatabaseCheckResultStore';
import { migrationsConfig } from './migrations';

jest.setTimeout(60_000);

const databases = createTestDatabases();

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

    it('runs the migrations up and down', async () => {
      const { knex } = await createStore();
      expect(await knex.schema.hasTable('ops_health_check_results')).toBe(true);
      await knex.migrate.rollback(migrationsConfig, true);
      expect(await knex.schema.hasTable('ops_health_check_results')).toBe(
        false,
      );
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
