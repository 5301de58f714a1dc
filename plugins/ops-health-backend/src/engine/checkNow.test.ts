import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CheckResult,
  OpsHealthCheckProvider,
  opsHealthClockServiceRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import request from 'supertest';
import { opsHealthPlugin } from '..';
import { checksModule } from '../__testUtils__/checksModule';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseCheckResultStore } from '../database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from '../database/DatabaseHistoryStore';
import { CheckNowService } from './CheckNowService';
import { RequestLimiter, TooManyRequestsError } from '../access/RequestLimiter';
import { CollectionEngine, CollectionListener } from './CollectionEngine';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ANNOTATION = 'example.com/probe';
const T0 = new Date('2027-02-28T23:59:30Z');

const A = 'component:default/a';
const B = 'component:default/b';
const ALICE = 'user:default/alice';

const component = (name: string, owner = 'group:default/team-a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { [ANNOTATION]: 'yes' } },
  spec: { type: 'service', owner },
});

/** An entity without the check's annotation. */
const plain: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain' },
  spec: { type: 'service', owner: 'group:default/team-a' },
};

/** A check whose next results say `status`; it records whom each run measured. */
function probe(status: { value: 'ok' | 'critical' }, now: () => Date) {
  const runs: string[][] = [];
  /** The catalog each run was told of. */
  const catalogs: string[][] = [];
  let hold: Promise<void> | undefined;
  const provider: OpsHealthCheckProvider = {
    id: 'probe',
    annotations: [ANNOTATION],
    schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
    appliesTo: t =>
      t.entity.kind === 'Component' &&
      Boolean(t.entity.metadata.annotations?.[ANNOTATION]),
    isCandidate: t => t.entity.kind === 'Component',
    candidates: 'components',
    async run(targets, context) {
      runs.push(targets.map(t => t.entityRef));
      catalogs.push((context.catalogTargets ?? []).map(t => t.entityRef));
      await hold;
      return {
        results: targets.map(
          (t): CheckResult => ({
            entityRef: t.entityRef,
            checkId: 'probe',
            subject: '',
            status: status.value,
            message: `probe says ${status.value}`,
            measuredAt: now(),
          }),
        ),
        failures: [],
      };
    },
  };
  return {
    provider,
    runs,
    catalogs,
    holdRuns(until: Promise<void>) {
      hold = until;
    },
  };
}

describe.each(databases.eachSupportedId())('CheckNowService on %p', id => {
  async function setup() {
    let now = T0;
    const clock = { now: () => now };
    const status = { value: 'ok' as 'ok' | 'critical' };
    const check = probe(status, clock.now);
    const entities = [component('a'), component('b'), component('c'), plain];
    const mock = catalogServiceMock({ entities });
    const database = mockServices.database({
      knex: await databases.init(id),
      migrations: { skip: false },
    });
    const results = await DatabaseCheckResultStore.create({ database });
    const told: Array<{ refs?: string[]; statuses: string[] }> = [];
    const listener: CollectionListener = {
      async onCollected(_checkId, stored, _now, scope) {
        told.push({
          refs: scope?.entityRefs,
          statuses: stored.map(r => `${r.entityRef}:${r.status}`),
        });
      },
    };
    const engine = CollectionEngine.create({
      logger: mockServices.logger.mock(),
      auth: mockServices.auth(),
      catalog: mock as unknown as CatalogService,
      results,
      history: await DatabaseHistoryStore.create({ database }),
      listener,
      clock,
      providers: [check.provider],
    });
    const limiter = await RequestLimiter.create({
      database,
      clock,
      scope: 'check-now',
    });
    const checkNow = (waitMs?: number, perCallerPerMinute?: number) =>
      new CheckNowService({
        engine,
        providers: () => [check.provider],
        results,
        logger: mockServices.logger.mock(),
        clock,
        waitMs,
        perCallerPerMinute,
        limiter,
      });
    const fullRun = () =>
      engine.run(check.provider, {
        signal: new AbortController().signal,
        logger: mockServices.logger.mock(),
      });
    return {
      ...check,
      status,
      results,
      told,
      checkNow,
      fullRun,
      advance(ms: number) {
        now = new Date(now.getTime() + ms);
      },
    };
  }

  it('measures the one entity, tells alerting about it alone, and keeps the others', async () => {
    const h = await setup();
    await h.fullRun();
    h.told.length = 0;
    h.status.value = 'critical';
    h.advance(60_000);

    const measured = await h.checkNow().measure(component('a'), 'probe', ALICE);
    expect(measured.map(r => [r.entityRef, r.status])).toEqual([
      ['component:default/a', 'critical'],
    ]);
    expect(h.runs.at(-1)).toEqual(['component:default/a']);
    // Measured among the catalog's entities, as in a pass: a check such as
    // cost decides between entities that claim the same resources.
    expect([...h.catalogs.at(-1)!].sort()).toEqual([
      A,
      B,
      'component:default/c',
    ]);
    expect(h.told).toEqual([
      {
        refs: ['component:default/a'],
        statuses: ['component:default/a:critical'],
      },
    ]);
    const stored = await h.results.listResults({ checkIds: ['probe'] });
    expect(stored.map(r => [r.entityRef, r.status])).toEqual([
      ['component:default/a', 'critical'],
      ['component:default/b', 'ok'],
      ['component:default/c', 'ok'],
    ]);
  });

  it('measures an entity and check once a minute, saying when to ask again', async () => {
    const h = await setup();
    const service = h.checkNow();
    await service.measure(component('a'), 'probe', ALICE);
    h.advance(20_000);
    const again = service.measure(component('a'), 'probe', ALICE);
    await expect(again).rejects.toThrow(TooManyRequestsError);
    await expect(again).rejects.toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 40,
      message:
        'The probe check of component:default/a was measured on request less than 60 s ago; try again in 40 s',
    });
    // Another entity is its own.
    await service.measure(component('b'), 'probe', ALICE);
    h.advance(40_000);
    await service.measure(component('a'), 'probe', ALICE);
    expect(h.runs).toEqual([
      ['component:default/a'],
      ['component:default/b'],
      ['component:default/a'],
    ]);
  });

  it('holds one caller to a number of measurements a minute, whatever the entities', async () => {
    const h = await setup();
    const service = h.checkNow(undefined, 2);
    await service.measure(component('a'), 'probe', ALICE);
    h.advance(30_000);
    await service.measure(component('b'), 'probe', ALICE);
    // Another caller: the entity's own limit still holds.
    await expect(
      service.measure(component('a'), 'probe', 'user:default/bob'),
    ).rejects.toThrow('was measured on request less than 60 s ago');
    h.advance(30_000);
    // A minute after her first: her first no longer counts.
    await service.measure(component('a'), 'probe', ALICE);
    h.advance(1_000);
    await expect(
      service.measure(component('c'), 'probe', ALICE),
    ).rejects.toThrow(
      'You asked for 2 measurements on request in the last minute, the most one caller may; try again in 29 s',
    );
    await service.measure(component('c'), 'probe', 'user:default/bob');
    expect(h.runs).toHaveLength(4);
  });

  it('refuses an entity the check does not apply to, measuring nothing', async () => {
    const h = await setup();
    await expect(h.checkNow().measure(plain, 'probe', ALICE)).rejects.toThrow(
      "The probe check does not apply to component:default/plain: it has none of the check's annotations (example.com/probe)",
    );
    expect(h.runs).toEqual([]);
  });

  it('says why a check does not measure an entity that has its annotation', async () => {
    const h = await setup();
    // Not an entity the check is for, whatever its annotations.
    const group: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-a', annotations: { [ANNOTATION]: 'yes' } },
      spec: { type: 'team', children: [] },
    };
    await expect(h.checkNow().measure(group, 'probe', ALICE)).rejects.toThrow(
      'The probe check does not apply to group:default/team-a: it measures only components',
    );
    // The annotation without what the check needs.
    const empty: Entity = {
      ...plain,
      metadata: { name: 'empty', annotations: { [ANNOTATION]: '' } },
    };
    await expect(h.checkNow().measure(empty, 'probe', ALICE)).rejects.toThrow(
      "The probe check does not apply to component:default/empty: its annotations (example.com/probe) do not give the check what it needs; see the check's annotations in the entity's Ops Health tab",
    );
    expect(h.runs).toEqual([]);
  });

  it('gives up waiting for a running collection of the check (409), and may be asked again at once', async () => {
    const h = await setup();
    let release!: () => void;
    h.holdRuns(new Promise<void>(r => (release = r)));
    const full = h.fullRun();
    await new Promise(r => setTimeout(r, 50));
    const service = h.checkNow(100);
    await expect(
      service.measure(component('a'), 'probe', ALICE),
    ).rejects.toThrow(
      'A collection of the probe check is running and did not finish within 0 s; try again when it has',
    );
    release();
    await full;
    await service.measure(component('a'), 'probe', ALICE);
    expect(h.runs).toEqual([
      ['component:default/a', 'component:default/b', 'component:default/c'],
      ['component:default/a'],
    ]);
  });
});

describe('POST /entities/{kind}/{namespace}/{name}/checks/{checkId}/measure', () => {
  const URL =
    '/api/ops-health/entities/component/default/a/checks/probe/measure';
  const OWNER = 'user:default/alice';
  const STRANGER = 'user:default/mallory';

  async function start() {
    const status = { value: 'critical' as 'ok' | 'critical' };
    // The check's own firingAfter (1, as the cost check's) is in force:
    // config leaves alerting at its defaults (2).
    const check = probe(status, () => T0);
    Object.assign(check.provider, { firingAfter: 1 });
    const auditor = mockServices.auditor.mock();
    const events: Array<{ eventId: string; meta?: unknown }> = [];
    auditor.createEvent.mockImplementation(async options => {
      events.push({ eventId: options.eventId, meta: options.meta });
      return { success: jest.fn(), fail: jest.fn() };
    });
    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        checksModule('probe', check.provider),
        catalogServiceMock.factory({
          entities: [component('a'), component('b')],
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({ data: {} }),
        createServiceFactory({
          service: opsHealthClockServiceRef,
          deps: {},
          factory: () => ({ now: () => T0 }),
        }),
        auditor.factory,
        mockServices.permissions.mock({
          async authorize(requests, options) {
            const user = (
              options.credentials.principal as { userEntityRef?: string }
            ).userEntityRef;
            return requests.map(() => ({
              result:
                user === STRANGER
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            }));
          },
          async authorizeConditional(requests) {
            return requests.map(() => ({
              result: AuthorizeResult.ALLOW,
            })) as any;
          },
        }).factory,
      ],
    });
    return { server, check, events };
  }

  it('measures the check now for whoever may trigger actions on the entity, audited, and fires its alert', async () => {
    const { server, check, events } = await start();
    const res = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.user.header(OWNER));
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/a',
        checkId: 'probe',
        status: 'critical',
        message: 'probe says critical',
        measuredAt: T0.toISOString(),
      }),
    ]);
    expect(check.runs).toEqual([['component:default/a']]);
    expect(events).toContainEqual({
      eventId: 'check-measure',
      meta: expect.objectContaining({
        actor: OWNER,
        entityRef: 'component:default/a',
        checkId: 'probe',
      }),
    });
    // Alerting evaluated the new result: one failing evaluation fires, as
    // the check declares.
    const alerts = await request(server)
      .get('/api/ops-health/alerts?entityRef=component:default/a')
      .set('Authorization', mockCredentials.user.header(OWNER));
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ checkId: 'probe', state: 'firing' }),
    ]);

    const soon = await request(server)
      .post(URL)
      .set('Authorization', mockCredentials.user.header(OWNER));
    expect(soon.status).toBe(429);
    expect(soon.headers['retry-after']).toBe('60');
    expect(soon.body.error.message).toContain('try again in 60 s');
  });

  it('refuses, without measuring: no caller (401), no permission (403), unknown entity (404) or check (400)', async () => {
    const { server, check } = await start();
    const as = (user: string) => mockCredentials.user.header(user);
    expect(
      (
        await request(server)
          .post(URL)
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    const denied = await request(server)
      .post(URL)
      .set('Authorization', as(STRANGER));
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'You are not allowed to measure Ops Health checks on request on component:default/a (permission ops-health.action.trigger)',
    );
    const missing = await request(server)
      .post(URL.replace('/a/', '/nope/'))
      .set('Authorization', as(OWNER));
    expect(missing.status).toBe(404);
    const unknown = await request(server)
      .post(URL.replace('/probe/', '/probes/'))
      .set('Authorization', as(OWNER));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(
      "Unknown checkId 'probes'; installed checks: probe",
    );
    expect(check.runs).toEqual([]);
  });
});
