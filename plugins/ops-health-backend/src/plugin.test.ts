import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { seedDemo, useMotoServer } from '@internal/aws-emulator';
import { opsHealthClockServiceRef } from '@ops-health/backstage-plugin-ops-health-node';
import {
  Receiver,
  startReceiver,
} from './notifications/channels/__testUtils__/receiver';
import { verifyWebhookSignature } from './notifications/channels';
import request from 'supertest';
import opsHealth, { opsHealthModuleAwsChecks, opsHealthPlugin } from '.';
import { checksModule } from './__testUtils__/checksModule';
import { demoEntities, useAwsEndpoint } from './__testUtils__/demoCatalog';

jest.setTimeout(120_000);

// The demo catalog itself, so these tests also check the demo story.

const secret: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'secret-service',
    annotations: { 'ops-health/cost-tags': 'service=secret' },
  },
  spec: { type: 'service', owner: 'group:default/security' },
};
const malformed: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'typo-service',
    annotations: {
      'ops-health/cost-tags': 'service=typo',
      'ops-health/cost-daily-threshold': 'a lot',
    },
  },
  spec: { type: 'service', owner: 'group:default/platform-ops' },
};

const SECURITY_LEAD = 'user:default/security-lead';

/** The entity reads asked of the catalog, by ref and whose credentials. */
const catalogReads: Array<{ ref: string; user?: string }> = [];

// The catalog as the permission framework makes it look: secret-service only
// exists for its owner.
const catalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory() {
    const inner = catalogServiceMock({
      entities: [...demoEntities, secret, malformed],
    });
    const visible = (credentials?: BackstageCredentials) =>
      (credentials?.principal as { userEntityRef?: string })?.userEntityRef ===
      SECURITY_LEAD;
    const overrides: Record<string, Function> = {
      async getEntityByRef(
        ref: string,
        options: { credentials: BackstageCredentials },
      ) {
        catalogReads.push({
          ref,
          user: (options.credentials?.principal as { userEntityRef?: string })
            ?.userEntityRef,
        });
        if (
          ref === 'component:default/secret-service' &&
          !visible(options.credentials)
        ) {
          return undefined;
        }
        return inner.getEntityByRef(ref, options);
      },
      async getEntitiesByRefs(
        req: any,
        options: { credentials: BackstageCredentials },
      ) {
        const res = await inner.getEntitiesByRefs(req, options);
        return {
          items: res.items.map((e: Entity | undefined) =>
            e?.metadata.name === 'secret-service' &&
            !visible(options.credentials)
              ? undefined
              : e,
          ),
        };
      },
    };
    // A proxy, not a prototype: the mock keeps its state in private fields.
    return new Proxy(inner, {
      get(target, prop) {
        if (typeof prop === 'string' && prop in overrides)
          return overrides[prop];
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  },
});

// The permission framework behind that catalog: the security lead may read
// every entity; anyone else under a condition the catalog applies (which
// hides secret-service). Everything else is allowed.
const permissionsFactory = mockServices.permissions.mock({
  async authorize(requests) {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
  async authorizeConditional(requests, options) {
    const user = (options.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    return requests.map(({ permission }) =>
      permission.name === 'catalog.entity.read' && user !== SECURITY_LEAD
        ? {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              not: {
                rule: 'HAS_METADATA',
                resourceType: 'catalog-entity',
                params: { key: 'name', value: 'secret-service' },
              },
            },
          }
        : { result: AuthorizeResult.ALLOW },
    ) as any;
  },
}).factory;

const moto = useMotoServer();

describe('opsHealthPlugin', () => {
  let restore: () => void;
  beforeEach(async () => {
    await seedDemo(moto.endpoint);
    restore = useAwsEndpoint(moto.endpoint);
  });
  afterEach(() => restore());

  async function start(extra: any[] = []) {
    const auditor = mockServices.auditor.mock();
    const events: Array<{ eventId: string; outcome: string; meta?: any }> = [];
    auditor.createEvent.mockImplementation(async ({ eventId, meta }) => ({
      success: async () => {
        events.push({ eventId, outcome: 'success', meta });
      },
      fail: async () => {
        events.push({ eventId, outcome: 'fail', meta });
      },
    }));
    // The plugin and its built-in module listed one by one: startTestBackend
    // cannot see into the package's feature loader, and would add a
    // placeholder plugin for the extra modules below.
    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        opsHealthModuleAwsChecks,
        catalogFactory,
        auditor.factory,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: {
            opsHealth: {
              replication: { canary: { timeout: '2s', pollInterval: '200ms' } },
              trust: {
                accounts: [
                  {
                    accountId: '210987654321',
                    owners: ['group:default/platform-ops'],
                  },
                ],
              },
            },
          },
        }),
        // Unless a test brings its own permissions.
        ...(extra.some(f => f?.service?.id === 'core.permissions')
          ? []
          : [permissionsFactory]),
        ...extra,
      ],
    });
    return { server, events };
  }

  async function health(server: any, name: string) {
    // Collection runs in scheduled tasks started with the backend.
    for (let i = 0; i < 100; i++) {
      const res = await request(server).get(
        `/api/ops-health/entities/component/default/${name}/health`,
      );
      expect(res.status).toBe(200);
      if (
        res.body.checks.length >=
        res.body.setup.checks.filter((c: any) => c.configured).length
      ) {
        const byCheck = Object.fromEntries(
          res.body.checks.map((c: any) => [c.checkId, c.status]),
        );
        if (
          Object.keys(byCheck).length >=
          res.body.setup.checks.filter((c: any) => c.configured).length
        ) {
          return res.body;
        }
      }
      await new Promise(r => setTimeout(r, 300));
    }
    throw new Error(`no health for ${name}`);
  }

  it('collects the demo story through the real providers and serves it from the database', async () => {
    const { server } = await start();
    const statuses = async (name: string) =>
      Object.fromEntries(
        (await health(server, name)).checks.map((c: any) => [
          c.checkId,
          c.status,
        ]),
      );
    expect(await statuses('checkout-service')).toEqual({ cost: 'critical' });
    expect(await statuses('media-archive')).toEqual({
      cost: 'ok',
      replication: 'critical',
    });
    expect(await statuses('config-backup')).toEqual({
      cost: 'ok',
      backup: 'critical',
    });
    expect(await statuses('billing-api')).toEqual({
      cost: 'ok',
      replication: 'ok',
      backup: 'ok',
    });
    expect(await statuses('search-indexer')).toEqual({
      replication: 'warning',
    });
    expect(await statuses('legacy-batch')).toEqual({ backup: 'misconfigured' });
    const partner = await health(server, 'partner-gateway');
    expect(partner.checks).toEqual([
      expect.objectContaining({
        checkId: 'cost',
        status: 'unknown',
        stale: true,
        error: expect.stringContaining('210987654321'),
      }),
    ]);
    const typo = await health(server, 'typo-service');
    expect(typo.status).toBe('misconfigured');
    expect(typo.checks[0]).toMatchObject({
      checkId: 'cost',
      status: 'misconfigured',
      message: expect.stringContaining('ops-health/cost-daily-threshold'),
    });

    const cost = await request(server).get(
      '/api/ops-health/entities/component/default/checkout-service/checks/cost?days=60',
    );
    expect(cost.status).toBe(200);
    // The first run backfilled the history: 60 days are there to be had on
    // any day of the month, today the last.
    expect(cost.body.dailyCosts).toHaveLength(60);
    expect(cost.body.dailyCosts.at(-1).day).toBe(
      new Date().toISOString().slice(0, 10),
    );
    expect(cost.body.results[0].details.drivers.length).toBeGreaterThan(0);
    expect(cost.body.results[0].headline).toBe(
      'USD 420 yesterday, over USD 150/day',
    );

    const backup = await request(server).get(
      '/api/ops-health/entities/component/default/billing-api/checks/backup',
    );
    expect(backup.body.results[0].details.restorePoint).toBeDefined();
    // The health summary leaves the details to the check's route, unless
    // asked for them.
    const summary = await request(server).get(
      '/api/ops-health/entities/component/default/billing-api/health',
    );
    expect(summary.body.checks).toHaveLength(3);
    // Each annotation's state, not its static docs (the setup route has
    // those, and the frontend has them from the common package).
    expect(summary.body.setup.annotations).toContainEqual({
      key: 'backupMaxAge',
      annotation: 'ops-health/backup-max-age',
      state: 'set',
      value: expect.any(String),
      check: 'backup',
    });
    const setup = await request(server).get(
      '/api/ops-health/entities/component/default/billing-api/setup',
    );
    expect(setup.body.annotations).toContainEqual(
      expect.objectContaining({
        key: 'backupMaxAge',
        description: expect.any(String),
        example: expect.any(String),
      }),
    );
    expect(summary.body.checks.filter((c: any) => c.details)).toEqual([]);
    const full = await request(server).get(
      '/api/ops-health/entities/component/default/billing-api/health?details=true',
    );
    expect(
      full.body.checks.find((c: any) => c.checkId === 'backup').details
        .restorePoint,
    ).toEqual(backup.body.results[0].details.restorePoint);

    const list = await request(server).get(
      '/api/ops-health/health?status=critical&check=replication',
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => [i.entityRef, i.subject])).toEqual([
      ['component:default/media-archive', 'media-archive-primary'],
    ]);

    // The portal page's summary: when each check last measured, and how
    // many results are in each status.
    const checks = await request(server).get('/api/ops-health/checks');
    expect(checks.status).toBe(200);
    const byId = Object.fromEntries(
      checks.body.items.map((c: any) => [c.checkId, c]),
    );
    // Every installed check, posture too: the demo account entity is not
    // listed in this config's opsHealth.posture.accounts, so it is not read.
    expect(Object.keys(byId).sort()).toEqual([
      'backup',
      'cost',
      'posture',
      'replication',
    ]);
    expect(byId.posture).toMatchObject({
      entityCount: 1,
      statusCounts: { misconfigured: 1 },
    });
    expect(byId.cost).toMatchObject({
      lastMeasuredAt: expect.any(String),
      staleCount: 1,
      lastError: expect.stringContaining('210987654321'),
      statusCounts: expect.objectContaining({ critical: 1, unknown: 1 }),
    });
    expect(byId.backup.statusCounts).toMatchObject({
      critical: 1,
      misconfigured: 1,
    });
  });

  it('lists only entities the caller can see, paged', async () => {
    const { server } = await start();
    await health(server, 'checkout-service');
    const anyone = await request(server).get(
      '/api/ops-health/health?check=cost&limit=2&offset=0',
    );
    expect(anyone.status).toBe(200);
    expect(anyone.body.items).toHaveLength(2);
    const refs = (body: any) => body.items.map((i: any) => i.entityRef);
    const all = await request(server).get(
      '/api/ops-health/health?check=cost&limit=500',
    );
    expect(refs(all.body)).not.toContain('component:default/secret-service');
    expect(all.body.totalCount).toBe(all.body.items.length);
    const lead = await request(server)
      .get('/api/ops-health/health?check=cost&limit=500')
      .set('Authorization', mockCredentials.user.header(SECURITY_LEAD));
    expect(lead.body.totalCount).toBe(all.body.totalCount + 1);
  });

  it('serves the entity summaries of a caller who may read every entity from the index of annotated entities', async () => {
    const { server } = await start();
    await health(server, 'checkout-service');
    const read = async (name: string, user?: string) => {
      const before = catalogReads.length;
      let req = request(server).get(
        `/api/ops-health/entities/component/default/${name}/health`,
      );
      if (user)
        req = req.set('Authorization', mockCredentials.user.header(user));
      const res = await req;
      return {
        status: res.status,
        askedCatalog: catalogReads.length > before,
      };
    };
    // The first read of the lead, who may read every entity, starts reading
    // the index and asks the catalog meanwhile.
    expect(await read('checkout-service', SECURITY_LEAD)).toEqual({
      status: 200,
      askedCatalog: true,
    });
    // Then each entity the lead has not read before comes from the index:
    // no catalog read at all, secret-service included (theirs to see).
    let fromIndex: string | undefined;
    for (let i = 0; i < 50 && !fromIndex; i++) {
      if (!(await read('media-archive', SECURITY_LEAD)).askedCatalog) {
        fromIndex = 'media-archive';
      } else {
        await new Promise(r => setTimeout(r, 100));
      }
    }
    expect(fromIndex).toBe('media-archive');
    for (const name of ['billing-api', 'secret-service', 'typo-service']) {
      expect(await read(name, SECURITY_LEAD)).toEqual({
        status: 200,
        askedCatalog: false,
      });
    }
    // An entity without Ops Health annotations is not in the index: the
    // catalog answers for it.
    expect(await read('not-annotated', SECURITY_LEAD)).toEqual({
      status: 404,
      askedCatalog: true,
    });
    // Anyone whose catalog reads are conditional is asked of the catalog
    // with their own credentials, and cannot see what it hides.
    expect(await read('billing-api')).toEqual({
      status: 200,
      askedCatalog: true,
    });
    expect(await read('secret-service')).toEqual({
      status: 404,
      askedCatalog: true,
    });
  });

  it.each([
    ['/health?status=bogus', /status/],
    ['/health?limit=0', /limit/],
    ['/health?check=disk', /check/],
    ['/entities/component/default/checkout-service/checks/disk', /checkId/],
    ['/entities/component/NOT%20VALID/x/health', /namespace/],
  ])('answers 400 for %s', async (url, message) => {
    const { server } = await start();
    const res = await request(server).get(`/api/ops-health${url}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each(['health', 'setup', 'checks/cost', 'replication/canary'])(
    'answers 404 on %s for unknown and invisible entities',
    async route => {
      const { server } = await start();
      const unknown = await request(server).get(
        `/api/ops-health/entities/component/default/nope/${route}`,
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(
        'Entity component:default/nope not found',
      );
      const hidden = await request(server).get(
        `/api/ops-health/entities/component/default/secret-service/${route}`,
      );
      expect(hidden.status).toBe(404);
      const visible = await request(server)
        .get(
          `/api/ops-health/entities/component/default/secret-service/${route}`,
        )
        .set('Authorization', mockCredentials.user.header(SECURITY_LEAD));
      expect(visible.status).toBe(200);
    },
  );

  // The Ops Health clock, fixed: the manual actions stamp their runs with it.
  const fixedClock = (iso: string) =>
    createServiceFactory({
      service: opsHealthClockServiceRef,
      deps: {},
      factory: () => ({ now: () => new Date(iso) }),
    });

  it('runs one replication test per bucket at a time, audited, and records it', async () => {
    const AT = '2027-02-28T23:59:30.000Z';
    const { server, events } = await start([fixedClock(AT)]);
    const url =
      '/api/ops-health/entities/component/default/media-archive/replication/canary';
    // An empty bucket name is not "every bucket": that is leaving it out.
    const empty = await request(server).post(url).send({ bucket: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe(
      "The body's field 'bucket' must not be empty",
    );
    const first = await request(server).post(url).send({});
    expect(first.status).toBe(202);
    expect(first.body.runs).toEqual([
      expect.objectContaining({
        bucket: 'media-archive-primary',
        status: 'running',
        createdBy: 'user:default/mock',
      }),
    ]);
    const second = await request(server)
      .post(url)
      .send({ bucket: 'media-archive-primary' });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('already running'),
    });

    // moto does not replicate: the test times out (2 s in this config).
    let runs: any[] = [];
    for (let i = 0; i < 50; i++) {
      runs = (await request(server).get(url)).body.runs;
      if (runs[0]?.status !== 'running') break;
      await new Promise(r => setTimeout(r, 200));
    }
    // Timed out by the monotonic clock; stamped with the Ops Health clock.
    expect(runs[0]).toMatchObject({
      status: 'critical',
      startedAt: AT,
      finishedAt: AT,
    });
    const detail = await request(server).get(
      '/api/ops-health/entities/component/default/media-archive/checks/replication',
    );
    expect(
      detail.body.results.find((r: any) => r.checkId === 'replication-canary'),
    ).toMatchObject({
      subject: 'media-archive-primary',
      status: 'critical',
      measuredAt: AT,
    });
    // The portal-wide list filters by the part the results carry.
    const listed = await request(server).get(
      '/api/ops-health/health?check=replication-canary',
    );
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((r: any) => `${r.entityRef} ${r.checkId}`),
    ).toEqual(['component:default/media-archive replication-canary']);

    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'replication-canary',
        outcome: 'success',
      }),
      expect.objectContaining({
        eventId: 'replication-canary',
        outcome: 'fail',
      }),
    ]);

    const unknownBucket = await request(server)
      .post(url)
      .send({ bucket: 'other-bucket' });
    expect(unknownBucket.status).toBe(400);
    const noBuckets = await request(server)
      .post(
        '/api/ops-health/entities/component/default/checkout-service/replication/canary',
      )
      .send({});
    expect(noBuckets.status).toBe(400);
  });

  it('triggers the backup function, audited, at most once per interval', async () => {
    const AT = '2028-02-29T12:00:00.000Z';
    let now = new Date(AT);
    const { server, events } = await start([
      createServiceFactory({
        service: opsHealthClockServiceRef,
        deps: {},
        factory: () => ({ now: () => now }),
      }),
    ]);
    const trigger = () =>
      request(server).post(
        '/api/ops-health/entities/component/default/config-backup/backup/trigger',
      );
    const res = await trigger();
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      functionName: 'config-backup-runner',
      statusCode: 202,
      invokedAt: AT,
    });
    // A second click 10 minutes later is not a second backup.
    now = new Date('2028-02-29T12:10:00.000Z');
    const again = await trigger();
    expect([again.status, again.headers['retry-after']]).toEqual([429, '300']);
    expect(again.body.error.message).toBe(
      'The backup function config-backup-runner was triggered 10 min ago by user:default/mock; it runs on its own, and may be triggered again in 5 min (at most once every 15 min). Its result shows in the backup check.',
    );
    // The last minute in seconds.
    now = new Date('2028-02-29T12:14:15.000Z');
    expect((await trigger()).body.error.message).toContain(
      'was triggered 14 min ago by user:default/mock; it runs on its own, and may be triggered again in 45 s',
    );
    now = new Date('2028-02-29T12:15:00.000Z');
    expect((await trigger()).status).toBe(202);
    const none = await request(server).post(
      '/api/ops-health/entities/component/default/checkout-service/backup/trigger',
    );
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('ops-health/backup-lambda');
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['backup-trigger', 'success'],
      ['backup-trigger', 'fail'],
      ['backup-trigger', 'fail'],
      ['backup-trigger', 'success'],
      ['backup-trigger', 'fail'],
    ]);
  });

  it('refuses manual actions without the permission, audited', async () => {
    const { server, events } = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const canary = await request(server)
      .post(
        '/api/ops-health/entities/component/default/media-archive/replication/canary',
      )
      .send({});
    expect(canary.status).toBe(403);
    expect(canary.body.error.message).toContain('ops-health.action.trigger');
    const backup = await request(server).post(
      '/api/ops-health/entities/component/default/config-backup/backup/trigger',
    );
    expect(backup.status).toBe(403);
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['replication-canary', 'fail'],
      ['backup-trigger', 'fail'],
    ]);
  });

  it('answers 401 without credentials', async () => {
    const { server } = await start();
    for (const route of [
      '/entities/component/default/checkout-service/health',
      '/entities/component/default/checkout-service/contacts',
      '/health',
      '/checks',
      '/alerts',
      '/incidents',
      '/incidents/some-id',
      '/metrics/incidents',
      '/silences',
      '/channels',
      '/schedules',
      '/schedules/platform-ops',
    ]) {
      const res = await request(server)
        .get(`/api/ops-health${route}`)
        .set('Authorization', mockCredentials.none.header());
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  it('lets a module add check providers and rejects duplicates', async () => {
    const module = (id: string) =>
      checksModule(`test-${id}-${Math.random().toString(36).slice(2, 6)}`, {
        id,
        appliesTo: t => t.entityRef === 'component:default/checkout-service',
        run: async (targets, { now }) => ({
          results: targets.map(t => ({
            entityRef: t.entityRef,
            checkId: id,
            subject: '',
            status: 'warning' as const,
            message: 'from a module',
            measuredAt: now,
          })),
          failures: [],
        }),
      });
    const { server } = await start([module('custom')]);
    let checks: any[] = [];
    for (let i = 0; i < 50 && !checks.some(c => c.checkId === 'custom'); i++) {
      checks = (
        await request(server).get(
          '/api/ops-health/entities/component/default/checkout-service/health',
        )
      ).body.checks;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(checks).toContainEqual(
      expect.objectContaining({
        checkId: 'custom',
        status: 'warning',
        message: 'from a module',
      }),
    );

    await expect(start([module('dup'), module('dup')])).rejects.toThrow(
      "Ops Health check provider 'dup' is already registered",
    );
    // Built-in checks are registered the same way: a module may not clash.
    await expect(start([module('cost')])).rejects.toThrow(
      "Ops Health check provider 'cost' is already registered",
    );
  });

  it('serves the results of a check for an annotation it has never heard of', async () => {
    const disk: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      // Only the module's own annotation: no Ops Health annotation at all.
      metadata: {
        name: 'file-server',
        annotations: { 'example.com/disk-usage': '/data' },
      },
      spec: { type: 'service', owner: 'group:default/storage' },
    };
    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        catalogServiceMock.factory({ entities: [disk] }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        checksModule('disk-usage', {
          id: 'disk-usage',
          annotations: ['example.com/disk-usage'],
          schedule: {
            frequency: { minutes: 10 },
            timeout: { minutes: 1 },
            initialDelay: { seconds: 1 },
          },
          appliesTo: t =>
            Boolean(t.entity.metadata.annotations?.['example.com/disk-usage']),
          run: async (targets, { now }) => ({
            results: targets.map(t => ({
              entityRef: t.entityRef,
              checkId: 'disk-usage',
              subject: t.entity.metadata.annotations!['example.com/disk-usage'],
              status: 'critical' as const,
              headline: '97% of /data used',
              message: '97% of /data used, over 90%',
              measuredAt: now,
            })),
            failures: [],
          }),
        }),
      ],
    });
    const url = '/api/ops-health/entities/component/default/file-server';
    let body: any;
    for (let i = 0; i < 50; i++) {
      body = (await request(server).get(`${url}/health`)).body;
      if (body.checks?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
    expect(body).toMatchObject({
      status: 'critical',
      checks: [
        expect.objectContaining({
          checkId: 'disk-usage',
          subject: '/data',
          headline: '97% of /data used',
        }),
      ],
    });
    const detail = await request(server).get(`${url}/checks/disk-usage`);
    expect(detail.status).toBe(200);
    expect(detail.body.results).toHaveLength(1);
    const list = await request(server).get(
      '/api/ops-health/health?check=disk-usage',
    );
    expect(list.body.items.map((r: any) => r.entityRef)).toEqual([
      'component:default/file-server',
    ]);
  });

  it('installs the plugin with its built-in checks from the package default export', async () => {
    const { server } = await startTestBackend({
      features: [
        opsHealth,
        catalogFactory,
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
      ],
    });
    expect(
      Object.fromEntries(
        (await health(server, 'billing-api')).checks.map((c: any) => [
          c.checkId,
          c.status,
        ]),
      ),
    ).toEqual({ cost: 'ok', replication: 'ok', backup: 'ok' });
  });

  it('runs without the built-in checks when only the plugin is installed', async () => {
    const { server } = await startTestBackend({
      features: [opsHealthPlugin, catalogFactory],
    });
    const res = await request(server).get(
      '/api/ops-health/entities/component/default/checkout-service/health',
    );
    expect(res.status).toBe(200);
    expect(res.body.checks).toEqual([]);
    expect(res.body.status).toBe('unknown');
  });

  it("refuses the AWS module's config when only the plugin is installed", async () => {
    // Its cost section would be read by nobody: the checks the admin
    // configured would never run.
    await expect(
      startTestBackend({
        features: [
          opsHealthPlugin,
          catalogFactory,
          mockServices.rootConfig.factory({
            data: { opsHealth: { cost: { dailyThreshold: 50 } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      "Invalid config at 'opsHealth.cost': no installed Ops Health package reads this key, so it would be ignored;",
    );
  });

  it('sends the demo alerts, grouped per entity, signed, through the outbox to a webhook', async () => {
    const receiver = await startReceiver();
    const received = receiver.requests;
    const signingSecret = 'demo-signing-secret-0123456789';
    try {
      const scheduler = mockServices.scheduler();
      const { server } = await startTestBackend({
        features: [
          opsHealthPlugin,
          opsHealthModuleAwsChecks,
          catalogFactory,
          (scheduler as any).factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://portal.test' },
              opsHealth: {
                alerting: { firingAfter: 1, groupWait: '0s' },
                notifications: {
                  channels: [
                    {
                      name: 'ops-hook',
                      type: 'webhook',
                      url: receiver.url,
                      signingSecret,
                      minSeverity: 'critical',
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      for (const check of ['cost', 'replication', 'backup']) {
        await (scheduler as any).triggerTask(`ops-health-collect-${check}`);
      }
      await (scheduler as any).triggerTask('ops-health-notify');

      const messages = received.map(r => {
        expect(
          verifyWebhookSignature({
            body: r.body,
            timestamp: String(r.headers['x-ops-health-timestamp']),
            signature: String(r.headers['x-ops-health-signature']),
            secret: signingSecret,
          }),
        ).toBe(true);
        expect(r.headers['idempotency-key']).toMatch(/:ops-hook$/);
        return JSON.parse(r.body.toString());
      });
      // One message per entity with critical alerts; warnings stay under
      // this channel's minimum severity.
      expect(messages.map(m => m.entityRef).sort()).toEqual([
        'component:default/checkout-service',
        'component:default/config-backup',
        'component:default/media-archive',
      ]);
      const checkout = messages.find(
        m => m.entityRef === 'component:default/checkout-service',
      );
      expect(checkout).toMatchObject({
        kind: 'firing',
        severity: 'critical',
        link: 'http://portal.test/catalog/default/component/checkout-service/ops-health#ops-health-cost',
      });
      expect(checkout.alerts).toEqual([
        expect.objectContaining({
          checkId: 'cost',
          status: 'firing',
          severity: 'critical',
          // The entity's runbook (a TechDocs ref), at the check's section.
          runbookUrl:
            'http://portal.test/docs/default/component/ops-runbook/#cost-overrun-alert',
        }),
      ]);

      // Each critical alert opened an incident, in detection, by itself.
      const incidents = await request(server).get(
        '/api/ops-health/incidents?open=true',
      );
      expect(
        incidents.body.items
          .map((i: any) => [i.entityRef, i.phase, i.severity, i.createdBy])
          .sort(),
      ).toEqual([
        [
          'component:default/checkout-service',
          'detection',
          'SEV2',
          'ops-health:automation',
        ],
        [
          'component:default/config-backup',
          'detection',
          'SEV2',
          'ops-health:automation',
        ],
        [
          'component:default/media-archive',
          'detection',
          'SEV2',
          'ops-health:automation',
        ],
      ]);

      // Nothing new: the next run sends nothing (repeats wait an hour).
      await (scheduler as any).triggerTask('ops-health-notify');
      expect(received).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  });

  describe('alerts, silences and channel tests', () => {
    let receiver: Receiver;
    let failNext = 0;
    beforeAll(async () => {
      receiver = await startReceiver();
      receiver.respondWith((_req, res) => {
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end('receiver down');
        } else {
          res.writeHead(204).end();
        }
      });
    });
    afterAll(async () => {
      await receiver.close();
    });

    // A silence of media-archive's replication alerts for an hour, as
    // `body` changes it.
    const silenceOf = (server: any, body: object = {}) =>
      request(server)
        .post('/api/ops-health/silences')
        .send({
          entityRef: 'component:default/media-archive',
          checkId: 'replication',
          reason: 'x',
          duration: '1h',
          ...body,
        });

    async function startWithAlerts(extra: any[] = []) {
      const scheduler = mockServices.scheduler();
      const auditor = mockServices.auditor.mock();
      const events: Array<{ eventId: string; outcome: string }> = [];
      auditor.createEvent.mockImplementation(async ({ eventId }) => ({
        success: async () => {
          events.push({ eventId, outcome: 'success' });
        },
        fail: async () => {
          events.push({ eventId, outcome: 'fail' });
        },
      }));
      const { server } = await startTestBackend({
        features: [
          opsHealthPlugin,
          opsHealthModuleAwsChecks,
          catalogFactory,
          auditor.factory,
          (scheduler as any).factory({ skipTaskRunOnStartup: true }),
          mockServices.rootConfig.factory({
            data: {
              opsHealth: {
                alerting: { firingAfter: 1, groupWait: '0s' },
                notifications: {
                  channels: [
                    {
                      name: 'ops-hook',
                      type: 'webhook',
                      url: receiver.url,
                      signingSecret: 'demo-signing-secret-0123456789',
                    },
                  ],
                },
              },
            },
          }),
          ...extra,
        ],
      });
      for (const check of ['cost', 'replication', 'backup']) {
        await (scheduler as any).triggerTask(`ops-health-collect-${check}`);
      }
      return { server, events };
    }

    it('pages alerts with their total, and answers 404 for an entity the caller cannot see', async () => {
      const { server } = await startWithAlerts();
      const page = (query: string) =>
        request(server).get(`/api/ops-health/alerts?${query}`);
      const all = await page('limit=500');
      expect(all.status).toBe(200);
      expect(all.body.totalCount).toBe(all.body.items.length);
      expect(all.body.totalCount).toBeGreaterThanOrEqual(2);
      const first = await page('limit=1');
      const second = await page('limit=1&offset=1');
      expect(first.body).toMatchObject({
        totalCount: all.body.totalCount,
        limit: 1,
        offset: 0,
      });
      expect(first.body.items.map((a: any) => a.id)).toEqual([
        all.body.items[0].id,
      ]);
      expect(second.body.items.map((a: any) => a.id)).toEqual([
        all.body.items[1].id,
      ]);
      const past = await page(`offset=${all.body.totalCount}`);
      expect(past.body).toMatchObject({
        items: [],
        totalCount: all.body.totalCount,
      });
      const unknown = await page('entityRef=component:default/nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.name).toBe('NotFoundError');
    });

    it('creates one silence per Idempotency-Key: a double click or a retry answers 200 with the first, audited as a replay', async () => {
      const { server, events } = await startWithAlerts();
      const silence = (key: string, body: object = {}, as?: string) => {
        const req = request(server)
          .post('/api/ops-health/silences')
          .set('Idempotency-Key', key);
        return (as ? req.set('Authorization', as) : req).send({
          entityRef: 'component:default/media-archive',
          checkId: 'replication',
          reason: 'bucket migration',
          duration: '1h',
          ...body,
        });
      };
      const first = await silence('dialog-1');
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await silence('dialog-1');
      expect([again.status, again.headers['idempotent-replayed']]).toEqual([
        200,
        'true',
      ]);
      expect(again.body).toEqual(first.body);
      // Sent twice at once: one silence.
      const both = await Promise.all([
        silence('dialog-2'),
        silence('dialog-2'),
      ]);
      expect(both.map(r => r.status).sort()).toEqual([200, 201]);
      expect(both[0].body.id).toBe(both[1].body.id);
      // Another person's same key is theirs.
      const bobs = await silence(
        'dialog-1',
        {},
        mockCredentials.user.header('user:default/bob'),
      );
      expect([bobs.status, bobs.body.createdBy]).toEqual([
        201,
        'user:default/bob',
      ]);
      // The same key with another reason: 409, naming the first silence.
      const reused = await silence('dialog-1', { reason: 'other' });
      expect(reused.status).toBe(409);
      expect(reused.body.error.message).toMatch(
        new RegExp(
          `^You already created silence ${first.body.id} \\(of replication on component:default/media-archive, until .*\\) with the Idempotency-Key dialog-1, with other fields than this request's; send a new key for a new silence$`,
        ),
      );
      const spaced = await silence('my key');
      expect([spaced.status, spaced.body.error.message]).toEqual([
        400,
        expect.stringMatching(/^The Idempotency-Key header must be 1 to 255/),
      ]);
      const active = await request(server).get(
        '/api/ops-health/silences?active=true',
      );
      expect(active.body.totalCount).toBe(3);
      expect(
        events.filter(e => e.eventId === 'silence-create').map(e => e.outcome),
      ).toEqual([
        'success',
        'success',
        'success',
        'success',
        'success',
        'fail',
      ]);
    });

    it('lists alerts, silences them (still shown) and expires silences, audited', async () => {
      const { server, events } = await startWithAlerts();
      const alerts = await request(server).get(
        '/api/ops-health/alerts?entityRef=component:default/media-archive',
      );
      expect(alerts.status).toBe(200);
      expect(alerts.body.items).toEqual([
        expect.objectContaining({
          dedupKey:
            'component:default/media-archive|replication|media-archive-primary',
          state: 'firing',
          severity: 'critical',
          silenced: false,
        }),
      ]);

      const created = await request(server)
        .post('/api/ops-health/silences')
        .send({
          entityRef: 'component:default/media-archive',
          checkId: 'replication',
          reason: 'Replica region maintenance',
          duration: '2h',
        });
      expect(created.status).toBe(201);
      // Both matcher forms: refused, not one of them dropped.
      const both = await request(server).post('/api/ops-health/silences').send({
        dedupKey:
          'component:default/media-archive|replication|media-archive-primary',
        entityRef: 'component:default/checkout-service',
        checkId: 'cost',
        reason: 'x',
        duration: '1h',
      });
      expect(both.status).toBe(400);
      expect(both.body.error.message).toBe(
        'A silence matches either { dedupKey } or { entityRef, checkId }, exactly one of them; this request gives both',
      );
      expect(created.body).toMatchObject({
        reason: 'Replica region maintenance',
        createdBy: 'user:default/mock',
      });
      const silenced = await request(server).get(
        '/api/ops-health/alerts?entityRef=component:default/media-archive',
      );
      expect(silenced.body.items[0]).toMatchObject({
        state: 'firing',
        silenced: true,
      });

      const active = await request(server).get(
        '/api/ops-health/silences?active=true',
      );
      expect(active.body.items.map((i: any) => i.id)).toEqual([
        created.body.id,
      ]);
      // Paged, and per entity.
      const second = await request(server)
        .post('/api/ops-health/silences')
        .send({
          dedupKey:
            'component:default/media-archive|replication|media-archive-primary',
          reason: 'Second look',
          duration: '1h',
        });
      expect(second.status).toBe(201);
      const firstPage = await request(server).get(
        '/api/ops-health/silences?active=true&limit=1',
      );
      expect(firstPage.body).toMatchObject({
        totalCount: 2,
        limit: 1,
        offset: 0,
      });
      const secondPage = await request(server).get(
        '/api/ops-health/silences?active=true&limit=1&offset=1',
      );
      expect(
        [...firstPage.body.items, ...secondPage.body.items]
          .map((i: any) => i.id)
          .sort(),
      ).toEqual([created.body.id, second.body.id].sort());
      const ofEntity = await request(server).get(
        '/api/ops-health/silences?entityRef=component:default/media-archive',
      );
      expect(ofEntity.body.totalCount).toBe(2);
      const ofOther = await request(server).get(
        '/api/ops-health/silences?entityRef=component:default/checkout-service',
      );
      expect(ofOther.body.totalCount).toBe(0);
      // An entity that is not there (a typo) is a 404, not "none silenced".
      const ofTypo = await request(server).get(
        '/api/ops-health/silences?entityRef=component:default/media-archiv',
      );
      expect([ofTypo.status, ofTypo.body.error?.name]).toEqual([
        404,
        'NotFoundError',
      ]);
      // The short form of a ref names the same entity; a malformed one is a 400.
      const ofShort = await request(server).get(
        '/api/ops-health/silences?entityRef=component:media-archive',
      );
      expect(ofShort.body.totalCount).toBe(2);
      const notARef = await request(server).get(
        '/api/ops-health/silences?entityRef=:::',
      );
      expect(notARef.status).toBe(400);
      expect(notARef.body.error.message).toMatch(/^Invalid entityRef ':::'/);
      const garbage = await request(server).get(
        `/api/ops-health/alerts?entityRef=${encodeURIComponent('garbage:::')}`,
      );
      expect([garbage.status, garbage.body.error?.message]).toEqual([
        400,
        "Invalid entityRef 'garbage:::': its name '::' is not a catalog entity's name: letters, digits and '-', '_', '.' between them (at most 253), e.g. checkout-service",
      ]);
      expect(
        (await request(server).get('/api/ops-health/silences?limit=0')).status,
      ).toBe(400);
      await request(server).delete(
        `/api/ops-health/silences/${second.body.id}`,
      );
      const expired = await request(server).delete(
        `/api/ops-health/silences/${created.body.id}`,
      );
      expect(expired.status).toBe(200);
      expect(expired.body.expiredBy).toBe('user:default/mock');
      expect(
        (await request(server).get('/api/ops-health/silences?active=true')).body
          .items,
      ).toEqual([]);

      expect(
        (await request(server).delete('/api/ops-health/silences/nope')).status,
      ).toBe(404);
      const bad = await silenceOf(server, { duration: 'soon' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("Invalid duration 'soon'");
      // A bare number is not read as milliseconds (a silence gone at once).
      const unitless = await silenceOf(server, { duration: '2' });
      expect(unitless.status).toBe(400);
      expect(unitless.body.error.message).toContain("Invalid duration '2'");
      // Nor is 1M read as a minute by someone who meant a month.
      const month = await silenceOf(server, { duration: '1M' });
      expect(month.status).toBe(400);
      expect(month.body.error.message).toBe(
        `Invalid duration '1M': "1M" could be minutes or months: write minutes as m (90m) and months in days (30d)`,
      );
      // A check that does not exist (a typo) would silence nothing.
      for (const [matcher, typo] of [
        [{ checkId: 'Cost' }, 'Cost'],
        [
          {
            entityRef: undefined,
            checkId: undefined,
            dedupKey: 'component:default/media-archive|replicaton|x',
          },
          'replicaton',
        ],
      ] as const) {
        const refused = await silenceOf(server, matcher);
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toMatch(
          new RegExp(
            `^Unknown checkId '${typo}'; installed checks: .*replication`,
          ),
        );
      }
      // A check the entity does not have, with no alert of it, neither.
      const notSetUp = await silenceOf(server, {
        entityRef: 'component:default/checkout-service',
        checkId: 'backup',
      });
      expect([notSetUp.status, notSetUp.body.error.message]).toEqual([
        400,
        expect.stringMatching(
          /^component:default\/checkout-service has no backup check set up \(its catalog-info\.yaml lacks ops-health\/backup-.*\) and no backup alert, so this silence would match nothing; its checks are cost/,
        ),
      ]);
      const ofCanary = await silenceOf(server, {
        checkId: 'replication-canary',
        reason: 'the replication test is being reworked',
      });
      expect(ofCanary.status).toBe(201);
      await request(server).delete(
        `/api/ops-health/silences/${ofCanary.body.id}`,
      );
      const noReason = await request(server)
        .post('/api/ops-health/silences')
        .send({
          dedupKey: 'component:default/media-archive|replication|x',
          duration: '1h',
        });
      expect(noReason.status).toBe(400);
      const hidden = await request(server)
        .post('/api/ops-health/silences')
        .send({
          entityRef: 'component:default/secret-service',
          checkId: 'cost',
          reason: 'x',
          duration: '1h',
        });
      expect(hidden.status).toBe(404);

      expect(events.map(e => [e.eventId, e.outcome])).toEqual([
        ['silence-create', 'success'],
        // both matcher forms
        ['silence-create', 'fail'],
        ['silence-create', 'success'],
        ['silence-expire', 'success'],
        ['silence-expire', 'success'],
        ['silence-expire', 'fail'],
        // 'soon', '2', '1M', the two unknown checks, the check not set up;
        // then the canary's silence
        ['silence-create', 'fail'],
        ['silence-create', 'fail'],
        ['silence-create', 'fail'],
        ['silence-create', 'fail'],
        ['silence-create', 'fail'],
        ['silence-create', 'fail'],
        ['silence-create', 'success'],
        ['silence-expire', 'success'],
        // the request without a reason never reaches the route: the OpenAPI
        // validator answers 400 before anything is attempted
        ['silence-create', 'fail'],
      ]);
    });

    it('tests a channel and reports success or the error, audited', async () => {
      const { server, events } = await startWithAlerts();
      const channels = await request(server).get('/api/ops-health/channels');
      expect(channels.body).toEqual({
        channels: [
          { name: 'ops-hook', type: 'webhook', minSeverity: 'warning' },
        ],
      });
      expect(JSON.stringify(channels.body)).not.toContain('127.0.0.1');

      const ok = await request(server).post(
        '/api/ops-health/channels/ops-hook/test',
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ channel: 'ops-hook', ok: true });
      failNext = 1;
      const failed = await request(server).post(
        '/api/ops-health/channels/ops-hook/test',
      );
      expect(failed.body).toMatchObject({
        ok: false,
        error: expect.stringContaining('HTTP 500'),
      });
      expect(failed.body.error).not.toContain('127.0.0.1');
      expect(failed.body.error).not.toContain('s3cr3t');
      const unknown = await request(server).post(
        '/api/ops-health/channels/nope/test',
      );
      expect(unknown.status).toBe(404);
      // Three test messages a minute to one channel, whoever asks.
      await request(server).post('/api/ops-health/channels/ops-hook/test');
      const fourth = await request(server).post(
        '/api/ops-health/channels/ops-hook/test',
      );
      expect(fourth.status).toBe(429);
      expect(fourth.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(fourth.body.error.message).toMatch(
        /^Channel ops-hook takes at most 3 test messages a minute, and had them; try again in \d+ s$/,
      );
      expect(events.map(e => [e.eventId, e.outcome])).toEqual([
        ['channel-test', 'success'],
        ['channel-test', 'fail'],
        ['channel-test', 'fail'],
        ['channel-test', 'success'],
        ['channel-test', 'fail'],
      ]);
    });

    it('refuses silences and channel tests without the permissions', async () => {
      const { server, events } = await startWithAlerts([
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
      ]);
      const silence = await silenceOf(server);
      expect(silence.status).toBe(403);
      expect(silence.body.error.message).toContain('ops-health.silence.manage');
      const test = await request(server).post(
        '/api/ops-health/channels/ops-hook/test',
      );
      expect(test.status).toBe(403);
      expect(test.body.error.message).toContain('ops-health.channel.test');
      expect(events.map(e => [e.eventId, e.outcome])).toEqual([
        ['silence-create', 'fail'],
        ['channel-test', 'fail'],
      ]);
    });
  });

  const startWith = (opsHealthConfig: object) =>
    startTestBackend({
      features: [
        opsHealth,
        catalogFactory,
        mockServices.rootConfig.factory({
          data: { opsHealth: opsHealthConfig },
        }),
      ],
    });

  it.each([
    [
      { cost: { metric: 'Blended' } },
      "Invalid config at 'opsHealth.cost.metric'",
    ],
    // A check that is not installed: the rule would never be used, the
    // channel never send.
    [
      { alerting: { checks: { Cost: { firingAfter: 2 } } } },
      "Invalid config at 'opsHealth.alerting.checks.Cost': 'Cost' is not an installed check (installed checks: cost, replication, backup, posture)",
    ],
    [
      {
        notifications: {
          channels: [
            { name: 'inbox', type: 'backstage' },
            { name: 'ops', type: 'backstage', checks: ['cost', 'backups'] },
          ],
        },
      },
      "Invalid config at 'opsHealth.notifications.channels[1].checks[1]': 'backups' is not an installed check",
    ],
    [
      { incidents: { autoOpenChecks: ['replication', 'backups'] } },
      "Invalid config at 'opsHealth.incidents.autoOpenChecks[1]': 'backups' is not an installed check (installed checks: cost, replication, backup, posture), so its alerts would never open an incident",
    ],
    [
      { runbook: { sections: { costs: 'cost-overrun-alert' } } },
      "Invalid config at 'opsHealth.runbook.sections.costs': 'costs' is neither an installed check",
    ],
    // Misspelt keys, of the plugin's sections and of the AWS module's: they
    // would be ignored, their defaults in force.
    [
      { alerting: { firingAftr: 5 } },
      "Invalid config at 'opsHealth.alerting.firingAftr': no installed Ops Health package reads this key, so it would be ignored; did you mean 'firingAfter'?",
    ],
    [
      { cost: { dailyThresold: 5 } },
      "Invalid config at 'opsHealth.cost.dailyThresold': no installed Ops Health package reads this key, so it would be ignored; did you mean 'dailyThreshold'?",
    ],
    [
      { escalaton: { defaultPolicy: 'platform' } },
      "Invalid config at 'opsHealth.escalaton': no installed Ops Health package reads this key, so it would be ignored; did you mean 'escalation'?",
    ],
  ])(
    'refuses to start on invalid config %j, naming the key',
    async (opsHealthConfig, message) => {
      await expect(startWith(opsHealthConfig)).rejects.toThrow(message);
    },
  );

  it('takes config naming installed checks and their parts', async () => {
    const { server } = await startWith({
      alerting: { checks: { replication: { firingAfter: 3 } } },
      runbook: {
        sections: { cost: 'costs', incident: 'incidents', posture: 'access' },
      },
      notifications: {
        channels: [
          {
            name: 'ops',
            type: 'backstage',
            checks: ['replication-canary', 'backup'],
          },
        ],
      },
    });
    expect(server).toBeDefined();
  });
});
