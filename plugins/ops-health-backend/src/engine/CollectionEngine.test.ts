import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CheckRunOutput,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { DatabaseCheckResultStore } from '../database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from '../database/DatabaseHistoryStore';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CollectionEngine, CollectionListener } from './CollectionEngine';
import { databaseRunLock } from '../database/runLock';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {},
});

describe.each(databases.eachSupportedId())(
  'CollectionEngine on %p',
  databaseId => {
    async function setup(entities: Entity[], listener?: CollectionListener) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const results = await DatabaseCheckResultStore.create({ database });
      const history = await DatabaseHistoryStore.create({ database });
      const engine = CollectionEngine.create({
        logger: mockServices.logger.mock(),
        auth: mockServices.auth(),
        // The catalog as it is at each call: tests add and change entities.
        catalog: {
          streamEntities: (req: any, opts: any) =>
            catalogServiceMock({ entities }).streamEntities(req, opts),
        } as unknown as CatalogService,
        results,
        history,
        listener,
      });
      return { engine, results, history };
    }

    /** An engine on a test catalog of `entities` that shows `onPage` each page it serves. */
    async function engineReading(
      entities: Entity[],
      onPage: (request: any, page: Entity[]) => void,
      providers?: OpsHealthCheckProvider[],
    ) {
      const mock = catalogServiceMock({ entities });
      const knex = await databases.init(databaseId);
      const database = mockServices.database({ knex });
      return CollectionEngine.create({
        logger: mockServices.logger.mock(),
        auth: mockServices.auth(),
        catalog: {
          async *streamEntities(req: any, opts: any) {
            for await (const page of mock.streamEntities(req, opts)) {
              onPage(req, page);
              yield page;
            }
          },
        } as unknown as CatalogService,
        results: await DatabaseCheckResultStore.create({ database }),
        history: await DatabaseHistoryStore.create({ database }),
        providers: providers ?? [],
      });
    }

    function provider(
      outputs: CheckRunOutput[],
    ): OpsHealthCheckProvider & { seen: string[][] } {
      const seen: string[][] = [];
      return {
        id: 'replication',
        annotations: ['ops-health/s3-replication'],
        settingAnnotations: ['ops-health/aws-account-id'],
        seen,
        appliesTo: t => Boolean(t.config.replicationBuckets),
        run: async targets => {
          seen.push(targets.map(t => t.entityRef));
          return outputs.shift()!;
        },
      };
    }

    const run = (
      engine: CollectionEngine,
      p: OpsHealthCheckProvider,
      now: Date,
    ) =>
      engine.run(p, {
        signal: new AbortController().signal,
        logger: mockServices.logger.mock(),
        now,
      });

    const t1 = new Date('2026-11-26T10:00:00Z');
    const t2 = new Date('2026-11-26T10:05:00Z');
    const result = (
      entity: string,
      subject: string,
      status: 'ok' | 'critical',
      measuredAt: Date,
    ) => ({
      entityRef: `component:default/${entity}`,
      checkId: 'replication',
      subject,
      status,
      message: `${subject} ${status}`,
      measuredAt,
    });

    it('reads the catalog in pages of 500, only the annotated entities', async () => {
      const entities: Entity[] = Array.from({ length: 1201 }, (_, i) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `svc-${i}`,
          annotations: Object.fromEntries(
            i === 1200 ? [] : [['ops-health/s3-replication', `bucket-${i}`]],
          ),
        },
        spec: { owner: 'team-a' },
      }));
      const pages: number[] = [];
      const engine = await engineReading(entities, (req, page) => {
        expect(req.pageSize).toBe(500);
        pages.push(page.length);
      });
      const targets = await engine.listTargets(provider([]));
      expect(targets).toHaveLength(1200);
      expect(pages).toEqual([500, 500, 200]);
      expect(targets[0].config.replicationBuckets).toBeDefined();
    });

    it("lists for a check's run only the entities its own annotations select", async () => {
      const entities = [
        component('a', { 'ops-health/s3-replication': 'bucket-a' }),
        component('b', { 'ops-health/cost-tags': 'service=b' }),
        component('c', {
          'ops-health/cost-tags': 'service=c',
          'ops-health/s3-replication': 'bucket-c',
        }),
      ];
      const streamed: string[] = [];
      const replication = provider([{ results: [], failures: [] }]);
      const cost: OpsHealthCheckProvider = {
        id: 'cost',
        annotations: ['ops-health/cost-tags'],
        appliesTo: t => Boolean(t.config.costTags),
        run: async () => ({ results: [], failures: [] }),
      };
      const engine = await engineReading(
        entities,
        (_req, page) => streamed.push(...page.map(e => e.metadata.name)),
        [replication, cost],
      );

      await run(engine, replication, t1);
      expect(streamed.sort()).toEqual(['a', 'c']);
      expect(replication.seen).toEqual([
        ['component:default/a', 'component:default/c'],
      ]);
      // Without a check: the entities of every installed check.
      streamed.length = 0;
      expect(
        (await engine.listTargets()).map(t => t.entity.metadata.name).sort(),
      ).toEqual(['a', 'b', 'c']);
    });

    it('keeps the finished batches of a run stopped by its timeout, and evaluates them', async () => {
      const onCollected = jest.fn(async () => {});
      const { engine, results } = await setup(
        ['a', 'b', 'c', 'd'].map(name =>
          component(name, { 'ops-health/s3-replication': `bucket-${name}` }),
        ),
        { onCollected },
      );
      const controller = new AbortController();
      const calls: string[][] = [];
      const batched: OpsHealthCheckProvider = {
        id: 'replication',
        annotations: ['ops-health/s3-replication'],
        batchSize: 2,
        appliesTo: t => Boolean(t.config.replicationBuckets),
        run: async (targets, context) => {
          calls.push(targets.map(t => t.entityRef));
          const status = context.now === t1 ? 'ok' : 'critical';
          const out = {
            results: targets.map(t =>
              result(
                t.entityRef.split('/')[1],
                `bucket-${t.entityRef.split('/')[1]}`,
                status,
                context.now,
              ),
            ),
            failures: [],
            calls: { GetBucketReplication: targets.length },
          };
          // The second run's timeout strikes while its first batch finishes.
          if (context.now === t2) controller.abort(new Error('timeout'));
          return out;
        },
      };
      await run(engine, batched, t1);
      expect(calls).toHaveLength(2);
      onCollected.mockClear();

      const summary = await engine.run(batched, {
        signal: controller.signal,
        logger: mockServices.logger.mock(),
        now: t2,
      });
      // One batch ran; its results are stored; the others keep theirs.
      expect(calls).toHaveLength(3);
      expect(summary).toMatchObject({
        targets: 4,
        results: 2,
        unfinished: 2,
        calls: { GetBucketReplication: 2 },
      });
      const stored = await results.listResults({ checkIds: ['replication'] });
      expect(
        stored
          .map(r => [r.entityRef, r.status, r.measuredAt.toISOString()])
          .sort(),
      ).toEqual([
        ['component:default/a', 'critical', t2.toISOString()],
        ['component:default/b', 'critical', t2.toISOString()],
        ['component:default/c', 'ok', t1.toISOString()],
        ['component:default/d', 'ok', t1.toISOString()],
      ]);
      // Alerts are evaluated for what was measured, and only that.
      expect(onCollected).toHaveBeenCalledTimes(1);
      const [checkId, evaluated, , scope] = onCollected.mock
        .calls[0] as unknown as [
        string,
        Array<{ entityRef: string }>,
        Date,
        any,
      ];
      expect(checkId).toBe('replication');
      expect(evaluated.map(r => r.entityRef).sort()).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      expect(scope).toEqual({
        entityRefs: ['component:default/a', 'component:default/b'],
      });
      reportReliability({
        id: `partial-progress-${String(databaseId).toLowerCase()}`,
        title: `Partial progress survives a timeout (${databaseId})`,
        command:
          "cd plugins/ops-health-backend && yarn backstage-cli package test src/engine/CollectionEngine.test.ts -t 'keeps the finished batches'",
        lines: [
          `A run of ${summary.targets} entities in batches of 2, aborted by its timeout while the first batch finished: ${summary.results} results stored from that batch, ${summary.unfinished} entities left unfinished with their last results (measured at the previous run).`,
          `Alert evaluation ran once, for the ${evaluated.length} entities measured, and only them.`,
        ],
      });
    });

    it('keeps the last good result, marked stale, when a subject fails; others go on', async () => {
      const { engine, results } = await setup([
        component('a', { 'ops-health/s3-replication': 'bucket-a1,bucket-a2' }),
        component('b', { 'ops-health/s3-replication': 'bucket-b1' }),
        component('c', { 'ops-health/cost-tags': 'x=y' }),
      ]);
      const p = provider([
        {
          results: [
            result('a', 'bucket-a1', 'ok', t1),
            result('a', 'bucket-a2', 'ok', t1),
            result('b', 'bucket-b1', 'ok', t1),
          ],
          failures: [],
        },
        {
          results: [result('a', 'bucket-a2', 'critical', t2)],
          failures: [
            {
              entityRef: 'component:default/a',
              checkId: 'replication',
              subject: 'bucket-a1',
              error: 'AccessDenied',
            },
            {
              entityRef: 'component:default/b',
              checkId: 'replication',
              error: 'throttled',
            },
          ],
        },
      ]);
      await run(engine, p, t1);
      await run(engine, p, t2);
      expect(p.seen).toEqual([
        ['component:default/a', 'component:default/b'],
        ['component:default/a', 'component:default/b'],
      ]);
      expect(await results.listForEntity('component:default/a')).toEqual([
        expect.objectContaining({
          subject: 'bucket-a1',
          status: 'ok',
          measuredAt: t1,
          stale: true,
          error: 'AccessDenied',
          errorAt: t2,
        }),
        expect.objectContaining({
          subject: 'bucket-a2',
          status: 'critical',
          measuredAt: t2,
          stale: false,
        }),
      ]);
      expect(await results.listForEntity('component:default/b')).toEqual([
        expect.objectContaining({
          subject: 'bucket-b1',
          status: 'ok',
          stale: true,
          error: 'throttled',
        }),
      ]);
    });

    it('shows a first failure as unknown with the error', async () => {
      const { engine, results } = await setup([
        component('a', { 'ops-health/s3-replication': 'bucket-a1' }),
      ]);
      await run(
        engine,
        provider([
          {
            results: [],
            failures: [
              {
                entityRef: 'component:default/a',
                checkId: 'replication',
                subject: 'bucket-a1',
                error: 'NoCredentials',
              },
            ],
          },
        ]),
        t1,
      );
      expect(await results.listForEntity('component:default/a')).toEqual([
        expect.objectContaining({
          status: 'unknown',
          stale: true,
          error: 'NoCredentials',
          message: 'Not measured yet: NoCredentials',
        }),
      ]);
    });

    it('marks an entity with a malformed annotation misconfigured and leaves the others alone', async () => {
      const { engine, results } = await setup([
        component('good', { 'ops-health/s3-replication': 'good-bucket' }),
        component('bad', { 'ops-health/s3-replication': 'Bad_Bucket!' }),
        component('typo', {
          'ops-health/s3-replication': 'typo-bucket',
          'ops-health/aws-account-id': '12',
        }),
        component('other', {
          'ops-health/s3-replication': 'other-bucket',
          'ops-health/backup-max-age': 'soon',
        }),
      ]);
      const p = provider([
        {
          results: [
            result('good', 'good-bucket', 'ok', t1),
            result('other', 'other-bucket', 'ok', t1),
          ],
          failures: [],
        },
      ]);
      await run(engine, p, t1);
      // bad has no valid bucket so it does not apply; typo's account id is
      // malformed; other's backup annotation is malformed but not this check's.
      expect(p.seen).toEqual([
        ['component:default/good', 'component:default/other'],
      ]);
      expect(await results.listForEntity('component:default/typo')).toEqual([
        expect.objectContaining({
          status: 'misconfigured',
          message:
            "ops-health/aws-account-id '12': expected a 12-digit AWS account id",
        }),
      ]);
      expect(
        (await results.listForEntity('component:default/good'))[0].status,
      ).toBe('ok');
    });

    it('quotes a malformed value safely: a NUL or a long value in one annotation does not fail the run for the others', async () => {
      const { engine, results } = await setup([
        component('good', { 'ops-health/s3-replication': 'good-bucket' }),
        component('nul', {
          'ops-health/s3-replication': 'nul-bucket',
          'ops-health/aws-account-id': `${'1'.repeat(250)}\u0000`,
        }),
      ]);
      const p = provider([
        { results: [result('good', 'good-bucket', 'ok', t1)], failures: [] },
      ]);
      await run(engine, p, t1);
      const [nul] = await results.listForEntity('component:default/nul');
      expect(nul.status).toBe('misconfigured');
      expect(nul.message).toBe(
        `ops-health/aws-account-id '${'1'.repeat(
          119,
        )}…': expected a 12-digit AWS account id`,
      );
      expect(
        (await results.listForEntity('component:default/good'))[0].status,
      ).toBe('ok');
      // A NUL in a provider's message is stored as U+FFFD, not refused.
      await results.upsertResults([
        {
          ...result('good', 'good-bucket', 'critical', t2),
          message: 'bucket a\u0000b',
        },
      ]);
      expect(
        (await results.listForEntity('component:default/good'))[0].message,
      ).toBe('bucket a\ufffdb');
    });

    it('leaves entities a check is not for alone, even with its annotation malformed', async () => {
      const { engine, results } = await setup([
        component('svc', { 'ops-health/aws-account-id': '12' }),
      ]);
      const seen: string[][] = [];
      // Like the posture check: selected by the account annotation, but
      // only for AWS account resources.
      const accountsOnly: OpsHealthCheckProvider = {
        id: 'posture',
        annotations: ['ops-health/aws-account-id'],
        isCandidate: t => t.entity.kind === 'Resource',
        appliesTo: t => t.entity.kind === 'Resource',
        run: async targets => {
          seen.push(targets.map(t => t.entityRef));
          return { results: [], failures: [] };
        },
      };
      await run(engine, accountsOnly, t1);
      expect(await results.listForEntity('component:default/svc')).toEqual([]);
      // Without isCandidate the malformed annotation marks it misconfigured.
      await run(engine, { ...accountsOnly, isCandidate: undefined }, t2);
      expect(
        (await results.listForEntity('component:default/svc')).map(
          r => r.status,
        ),
      ).toEqual(['misconfigured']);
    });

    it('drops results of subjects and entities that are no longer annotated', async () => {
      const { engine, results } = await setup([
        component('a', { 'ops-health/s3-replication': 'bucket-a1' }),
      ]);
      await results.upsertResults([
        result('a', 'removed-bucket', 'ok', t1),
        result('gone', 'bucket-g1', 'critical', t1),
      ]);
      await run(
        engine,
        provider([
          { results: [result('a', 'bucket-a1', 'ok', t2)], failures: [] },
        ]),
        t2,
      );
      expect(
        (await results.listResults({ checkIds: ['replication'] })).map(r => [
          r.entityRef,
          r.subject,
        ]),
      ).toEqual([['component:default/a', 'bucket-a1']]);
    });

    it('stores the history a provider returns', async () => {
      const { engine, history } = await setup([
        component('a', { 'ops-health/s3-replication': 'bucket-a1' }),
      ]);
      await run(
        engine,
        provider([
          {
            results: [result('a', 'bucket-a1', 'ok', t1)],
            failures: [],
            metricSamples: [
              {
                entityRef: 'component:default/a',
                checkId: 'replication',
                subject: 'bucket-a1',
                metric: 'ReplicationLatency',
                timestamp: t1,
                value: 42,
              },
            ],
          },
        ]),
        t1,
      );
      expect(
        await history.getMetricSamples({
          entityRef: 'component:default/a',
          checkId: 'replication',
          since: t1,
        }),
      ).toEqual([
        expect.objectContaining({ value: 42, metric: 'ReplicationLatency' }),
      ]);
    });

    describe('catch-up', () => {
      const catchUp = (
        engine: CollectionEngine,
        p: OpsHealthCheckProvider,
        now: Date,
      ) =>
        engine.catchUp(p, {
          signal: new AbortController().signal,
          logger: mockServices.logger.mock(),
          now,
        });
      const okFor = (refs: string[], now: Date) => ({
        results: refs.map(ref =>
          result(ref.split('/')[1], `bucket-${ref.split('/')[1]}`, 'ok', now),
        ),
        failures: [],
      });

      it('waits for a full run of the check on another replica, so that neither undoes what the other measured', async () => {
        const entities = [
          component('a', { 'ops-health/s3-replication': 'bucket-a' }),
        ];
        const knex = await databases.init(databaseId);
        const database = mockServices.database({
          knex,
          migrations: { skip: false },
        });
        const results = await DatabaseCheckResultStore.create({ database });
        // Two replicas: their own engines, stores and locks, one database.
        const replica = async () =>
          CollectionEngine.create({
            logger: mockServices.logger.mock(),
            auth: mockServices.auth(),
            catalog: {
              streamEntities: (req: any, opts: any) =>
                catalogServiceMock({ entities: [...entities] }).streamEntities(
                  req,
                  opts,
                ),
            } as unknown as CatalogService,
            results: await DatabaseCheckResultStore.create({ database }),
            history: await DatabaseHistoryStore.create({ database }),
            lock: databaseRunLock(knex, { pollMs: 10 }),
          });
        const [a, b] = [await replica(), await replica()];
        let gate: Promise<void> | undefined;
        const p = provider([]);
        p.run = async targets => {
          const refs = targets.map(t => t.entityRef);
          p.seen.push(refs);
          if (gate) await gate;
          return okFor(refs, refs.includes('component:default/b') ? t2 : t1);
        };
        await run(a, p, t1);

        // A's next full run has read the catalog (a only) and is measuring
        // when b appears and B's catch-up pass starts.
        let release!: () => void;
        gate = new Promise(r => (release = r));
        const full = run(a, p, t2);
        await new Promise(r => setTimeout(r, 100));
        entities.push(
          component('b', { 'ops-health/s3-replication': 'bucket-b' }),
        );
        const caughtUp = catchUp(b, p, t2);
        await new Promise(r => setTimeout(r, 100));
        // The catch-up waits for the full run.
        expect(p.seen).toHaveLength(2);
        gate = undefined;
        release();
        await full;
        expect((await caughtUp).targets).toBe(1);
        expect(p.seen.at(-1)).toEqual(['component:default/b']);
        expect(
          (await results.listResults({ checkIds: ['replication'] })).map(
            r => r.entityRef,
          ),
        ).toEqual(['component:default/a', 'component:default/b']);
      });

      it('measures only new and changed entities, in one batched run, and leaves the others alone', async () => {
        const entities = [
          component('a', { 'ops-health/s3-replication': 'bucket-a' }),
          component('b', { 'ops-health/s3-replication': 'bucket-b' }),
        ];
        const collected: Array<{ refs: string[]; scope?: string[] }> = [];
        const { engine, results } = await setup(entities, {
          async onCollected(_checkId, stored, _now, scope) {
            collected.push({
              refs: stored.map(r => r.entityRef),
              scope: scope?.entityRefs,
            });
          },
        });
        const p = provider([]);
        p.run = async targets => {
          p.seen.push(targets.map(t => t.entityRef));
          return okFor(
            targets.map(t => t.entityRef),
            t1,
          );
        };

        // Before the first full run there is nothing to catch up with.
        expect((await catchUp(engine, p, t1)).targets).toBe(0);
        expect(p.seen).toEqual([]);

        await run(engine, p, t1);
        // Nothing new: no provider call at all.
        expect((await catchUp(engine, p, t1)).targets).toBe(0);
        expect(p.seen).toHaveLength(1);

        // Two new entities and a changed annotation of the check appear in
        // the catalog; a's change is to an annotation the check does not read.
        entities.push(
          component('c', { 'ops-health/s3-replication': 'bucket-c' }),
          component('d', { 'ops-health/s3-replication': 'bucket-d' }),
        );
        entities[0] = component('a', {
          'ops-health/s3-replication': 'bucket-a',
          'ops-health/runbook': 'https://wiki.example.com/a',
        });
        entities[1] = component('b', {
          'ops-health/s3-replication': 'bucket-b',
          'ops-health/aws-account-id': '123456789012',
        });
        const summary = await catchUp(engine, p, t2);
        expect(summary).toMatchObject({ kind: 'catch-up', targets: 3 });
        expect(p.seen.at(-1)).toEqual([
          'component:default/b',
          'component:default/c',
          'component:default/d',
        ]);
        // a's result stays as the full run left it; the others are new.
        const stored = await results.listResults({ checkIds: ['replication'] });
        expect(stored.map(r => [r.entityRef, r.measuredAt])).toEqual([
          ['component:default/a', t1],
          ['component:default/b', t1],
          ['component:default/c', t1],
          ['component:default/d', t1],
        ]);
        // Alerts are evaluated for the caught-up entities only.
        expect(collected.at(-1)).toEqual({
          refs: [
            'component:default/b',
            'component:default/c',
            'component:default/d',
          ],
          scope: [
            'component:default/b',
            'component:default/c',
            'component:default/d',
          ],
        });
        // And then they are known: the next pass has nothing to do.
        expect((await catchUp(engine, p, t2)).targets).toBe(0);
        expect(p.seen).toHaveLength(2);
        expect(
          (await results.getCollectionState()).find(
            s => s.checkId === 'replication',
          ),
        ).toEqual({
          checkId: 'replication',
          lastFullAt: t1,
          lastCatchUpAt: t2,
        });
      });

      it('shows the provider the whole catalog it measures and the stored results', async () => {
        // For verdicts that depend on entities outside the run: a cost tag
        // set claimed by a new entity and by one measured before.
        const entities = [
          component('a', { 'ops-health/s3-replication': 'bucket-a' }),
        ];
        const { engine } = await setup(entities);
        const p = provider([]);
        const seen: Array<{
          targets: string[];
          catalog?: string[];
          stored: string[];
        }> = [];
        p.run = async (targets, context) => {
          seen.push({
            targets: targets.map(t => t.entityRef),
            catalog: context.catalogTargets?.map(t => t.entityRef),
            stored: (
              await context.history.getResults(
                ['component:default/a', 'component:default/b'],
                'replication',
              )
            ).map(r => `${r.entityRef} ${r.subject} ${r.status}`),
          });
          return okFor(
            targets.map(t => t.entityRef),
            t1,
          );
        };
        await run(engine, p, t1);
        entities.push(
          component('b', { 'ops-health/s3-replication': 'bucket-b' }),
          // Malformed: marked misconfigured, not measured, but there.
          component('c', {
            'ops-health/s3-replication': 'bucket-c',
            'ops-health/aws-account-id': 'not-an-account',
          }),
        );
        await catchUp(engine, p, t2);

        expect(seen).toEqual([
          {
            targets: ['component:default/a'],
            catalog: ['component:default/a'],
            stored: [],
          },
          {
            targets: ['component:default/b'],
            catalog: [
              'component:default/a',
              'component:default/b',
              'component:default/c',
            ],
            stored: ['component:default/a bucket-a ok'],
          },
        ]);
      });

      it('drops the results of an entity that lost its annotation, and only its', async () => {
        const entities = [
          component('a', { 'ops-health/s3-replication': 'bucket-a' }),
          component('b', { 'ops-health/s3-replication': 'bucket-b' }),
        ];
        const { engine, results } = await setup(entities);
        const p = provider([]);
        p.run = async targets =>
          okFor(
            targets.map(t => t.entityRef),
            t1,
          );
        await run(engine, p, t1);
        entities[0] = component('a', {});
        await catchUp(engine, p, t2);
        expect(
          (await results.listResults({ checkIds: ['replication'] })).map(
            r => r.entityRef,
          ),
        ).toEqual(['component:default/b']);
      });
    });
  },
);
