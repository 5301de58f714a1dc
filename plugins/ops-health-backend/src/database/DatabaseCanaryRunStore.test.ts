import {
  createTestDatabases,
  twoReplicaStores,
} from '../__testUtils__/testDatabases';
import { mockServices } from '@backstage/backend-test-utils';
import { ReplicationCanaryService } from '../awsActions/ReplicationCanaryService';
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
        finishedAt: new Date(t0.getTime() + 60_000),
        result: {
          error: expect.stringMatching(/^did not finish: no result came/),
        },
      });
    });

    it('closes a run as abandoned on a read past its time, not one that finished meanwhile', async () => {
      const [a, b] = await createStores();
      await a.tryStart(run('r1'), 60_000);
      const late = new Date(t0.getTime() + 90_000);
      const service = ReplicationCanaryService.create({
        logger: mockServices.logger.mock(),
        clients: {} as never,
        // Gives up at 20 s: abandoned a minute after that.
        config: { timeoutMs: 20_000 } as never,
        runs: b,
        results: {} as never,
        clock: { now: () => late },
      });
      await a.setProgress('r1', 'waiting for the replica');
      const [read] = await service.latestForEntity('component:default/a');
      expect(read).toMatchObject({
        id: 'r1',
        status: 'error',
        // Given up 20 s + 1 min after it started, not when it was read.
        finishedAt: new Date(t0.getTime() + 80_000),
        result: {
          error:
            'did not finish: no result came within its timeout and a minute more, so the backend process running it most likely stopped (e.g. a restart or a redeploy); run the test again',
        },
      });
      expect(read.progress).toBeUndefined();
      // Written, so every replica and the next start see it.
      expect((await a.get('r1'))?.status).toBe('error');
      expect(await a.tryStart(run('r2', late), 60_000)).toEqual({
        started: true,
      });
      // Within its time a run is still running.
      const early = ReplicationCanaryService.create({
        logger: mockServices.logger.mock(),
        clients: {} as never,
        config: { timeoutMs: 20_000 } as never,
        runs: a,
        results: {} as never,
        clock: { now: () => new Date(late.getTime() + 80_000) },
      });
      expect(
        (await early.latestForEntity('component:default/a'))[0],
      ).toMatchObject({ id: 'r2', status: 'running' });
      // One that finished after it was read as running keeps its outcome.
      const running = (await a.get('r2'))!;
      await a.finish('r2', {
        status: 'ok',
        result: { replicatedAfterMs: 900 },
        finishedAt: late,
      });
      expect(
        await b.abandon(running, new Date(late.getTime() + 1)),
      ).toMatchObject({
        status: 'ok',
        result: { replicatedAfterMs: 900 },
      });
    });
  },
);
