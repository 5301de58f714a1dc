import {
  createTestDatabases,
  twoReplicaStores,
} from '../__testUtils__/testDatabases';
import { DatabaseCanaryRunStore } from './DatabaseCanaryRunStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseCanaryRunStore on %p',
  databaseId => {
    const createStores = () =>
      twoReplicaStores(databases, databaseId, options =>
        DatabaseCanaryRunStore.create(options),
      );

    const t0 = new Date('2026-11-26T10:00:00Z');
    const run = (id: string, startedAt = t0) => ({
      id,
      bucket: 'media',
      entityRef: 'component:default/a',
      createdBy: 'user:default/alice',
      startedAt,
    });

    it('allows one running canary per bucket across replicas', async () => {
      const [a, b] = await createStores();
      expect(await a.tryStart(run('r1'), 60_000)).toEqual({ started: true });
      const second = await b.tryStart(
        run('r2', new Date(t0.getTime() + 1000)),
        60_000,
      );
      expect(second).toMatchObject({
        started: false,
        running: {
          id: 'r1',
          status: 'running',
          createdBy: 'user:default/alice',
        },
      });

      await a.setProgress('r1', 'waiting for media-replica');
      expect(await b.get('r1')).toMatchObject({
        progress: 'waiting for media-replica',
      });

      await a.finish('r1', {
        status: 'ok',
        result: { replicatedAfterMs: 1200 },
        finishedAt: new Date(t0.getTime() + 5000),
      });
      expect(
        await b.tryStart(run('r3', new Date(t0.getTime() + 6000)), 60_000),
      ).toEqual({
        started: true,
      });
      expect(
        (await a.latestForEntity('component:default/a')).map(r => r.id),
      ).toEqual(['r3']);
      expect(await a.get('r1')).toMatchObject({
        status: 'ok',
        result: { replicatedAfterMs: 1200 },
        finishedAt: new Date(t0.getTime() + 5000),
      });
    });

    it('takes over a run abandoned by a dead process', async () => {
      const [a, b] = await createStores();
      await a.tryStart(run('r1'), 60_000);
      expect(
        await b.tryStart(run('r2', new Date(t0.getTime() + 61_000)), 60_000),
      ).toEqual({ started: true });
      expect(await a.get('r1')).toMatchObject({
        status: 'error',
        result: { error: 'abandoned: the run did not finish' },
      });
    });
  },
);
