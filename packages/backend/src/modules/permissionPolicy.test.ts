import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  opsHealthModuleAwsChecks,
  opsHealthPlugin,
} from '@ops-health/backstage-plugin-ops-health-backend';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import { opsHealthDemoPolicyModule } from './permissionPolicy';

jest.setTimeout(120_000);

const ENTITY = 'component:default/checkout';
const API = '/api/ops-health';

// Who each user is, as the sign-in resolver would say: the user and its groups.
const OWNERSHIP: Record<string, string[]> = {
  'user:default/olivia': ['user:default/olivia', 'group:default/payments'],
  'user:default/nora': ['user:default/nora', 'group:default/marketing'],
  'user:default/ada': ['user:default/ada', 'group:default/platform-admins'],
};

type Principal = 'owner' | 'non-owner' | 'admin' | 'service' | 'none';

const HEADERS: Record<Principal, string> = {
  owner: mockCredentials.user.header('user:default/olivia'),
  'non-owner': mockCredentials.user.header('user:default/nora'),
  admin: mockCredentials.user.header('user:default/ada'),
  service: mockCredentials.service.header(),
  none: mockCredentials.none.header(),
};

// What a refusal says; a success has no error message.
const DENIED = expect.stringMatching(
  /not allowed.*permission ops-health\.|^Only users may/,
);
const MESSAGES: Record<string, unknown> = {
  '200': undefined,
  '201': undefined,
  '403': DENIED,
};
// Anything else (a 400 past the permission, a 401) says something.
const SOME_MESSAGE = expect.any(String);
const messageFor = (status: number) =>
  String(status) in MESSAGES ? MESSAGES[String(status)] : SOME_MESSAGE;

const ACTORS: Record<Principal, string | undefined> = {
  owner: 'user:default/olivia',
  'non-owner': 'user:default/nora',
  admin: 'user:default/ada',
  service: 'service:external:test-service',
  none: undefined,
};

// The mock auth service turns a plugin's on-behalf-of token back into plain
// user credentials; the real one keeps the calling plugin as the actor, which
// is how the permission backend tells a plugin asking for a user (allowed to
// ask conditionally) from a user asking directly. This adds the actor back.
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    const authenticate: AuthService['authenticate'] = async (
      token,
      options,
    ) => {
      const credentials = await inner.authenticate(token, options);
      const obo = token.startsWith('mock-service-token:')
        ? JSON.parse(token.slice('mock-service-token:'.length)).obo
        : undefined;
      return obo
        ? (mockCredentials.user(obo, {
            actor: { subject: 'plugin:caller' },
          }) as typeof credentials)
        : credentials;
    };
    return new Proxy(inner, {
      get(target, prop) {
        if (prop === 'authenticate') return authenticate;
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  },
});

describe('Ops Health permissions with the demo policy', () => {
  let server: any;
  const events: Array<{ eventId: string; outcome: string; meta?: any }> = [];

  // Where the Slack channel posts: answers 200 and counts the messages.
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      received.push(body);
      res.end('ok');
    });
  });
  afterAll(() => new Promise(r => receiver.close(r)));

  beforeAll(async () => {
    await new Promise<void>(r => receiver.listen(0, '127.0.0.1', r));
    const { port } = receiver.address() as AddressInfo;
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockImplementation(async ({ eventId, meta }) => ({
      success: async (o?: { meta?: any }) => {
        events.push({
          eventId,
          outcome: 'success',
          meta: { ...meta, ...o?.meta },
        });
      },
      fail: async (o?: { meta?: any }) => {
        events.push({
          eventId,
          outcome: 'fail',
          meta: { ...meta, ...o?.meta },
        });
      },
    }));
    const userInfo = mockServices.userInfo.mock({
      async getUserInfo(credentials: BackstageCredentials) {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: OWNERSHIP[ref] };
      },
    });
    ({ server } = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        opsHealthDemoPolicyModule,
        opsHealthPlugin,
        opsHealthModuleAwsChecks,
        auditor.factory,
        userInfo.factory,
        authWithActors,
        // The real one, so that it authenticates through authWithActors.
        httpAuthServiceFactory,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            permission: {
              enabled: true,
              admins: ['group:default/platform-admins'],
            },
            catalog: {
              rules: [{ allow: ['Component', 'User', 'Group', 'Location'] }],
              locations: [
                {
                  type: 'file',
                  target: path.resolve(
                    __dirname,
                    '__fixtures__/permission-matrix.yaml',
                  ),
                },
              ],
            },
            opsHealth: {
              notifications: {
                channels: [
                  {
                    name: 'ops-slack',
                    type: 'slack',
                    url: `http://127.0.0.1:${port}/hook`,
                  },
                ],
              },
            },
          },
        }),
      ],
    }));
    // The catalog processes the fixture in the background.
    for (let i = 0; i < 300; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/checkout')
        .set('Authorization', HEADERS.admin);
      if (res.status === 200 && res.body.relations?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });

  // An incident in a given phase, made by the admin, for one request.
  async function incidentIn(phase: 'detection' | 'lessons-learned') {
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', HEADERS.admin)
      .send({ entityRef: ENTITY, title: 'Checkout errors', severity: 'SEV2' });
    expect(created.status).toBe(201);
    let incident = created.body;
    if (phase === 'lessons-learned') {
      const moved = await request(server)
        .post(`${API}/incidents/${incident.id}/transition`)
        .set('Authorization', HEADERS.admin)
        .send({ to: 'lessons-learned', version: incident.version });
      expect(moved.status).toBe(200);
      incident = moved.body;
    }
    return incident as { id: string; version: number };
  }

  async function silence() {
    const res = await request(server)
      .post(`${API}/silences`)
      .set('Authorization', HEADERS.admin)
      .send({
        entityRef: ENTITY,
        checkId: 'cost',
        reason: 'x',
        duration: '1h',
      });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  }

  const ROUTES: Array<{
    name: string;
    eventId: string;
    expected: Record<Principal, number>;
    send: (auth: string) => Promise<request.Response>;
  }> = [
    {
      name: 'POST /incidents',
      eventId: 'incident-create',
      expected: {
        owner: 201,
        'non-owner': 403,
        admin: 201,
        service: 201,
        none: 401,
      },
      send: auth =>
        request(server)
          .post(`${API}/incidents`)
          .set('Authorization', auth)
          .send({ entityRef: ENTITY, title: 'Declared', severity: 'SEV3' }),
    },
    {
      name: 'POST /incidents/{id}/transition',
      eventId: 'incident-transition',
      expected: {
        owner: 200,
        'non-owner': 403,
        admin: 200,
        service: 200,
        none: 401,
      },
      send: async auth => {
        const incident = await incidentIn('detection');
        return request(server)
          .post(`${API}/incidents/${incident.id}/transition`)
          .set('Authorization', auth)
          .send({ to: 'assessment', version: incident.version });
      },
    },
    {
      name: 'PATCH /incidents/{id}',
      eventId: 'incident-update',
      expected: {
        owner: 200,
        'non-owner': 403,
        admin: 200,
        service: 200,
        none: 401,
      },
      send: async auth => {
        const incident = await incidentIn('detection');
        return request(server)
          .patch(`${API}/incidents/${incident.id}`)
          .set('Authorization', auth)
          .send({ version: incident.version, severity: 'SEV1' });
      },
    },
    {
      name: 'POST /incidents/{id}/notes',
      eventId: 'incident-note',
      expected: {
        owner: 201,
        'non-owner': 403,
        admin: 201,
        service: 201,
        none: 401,
      },
      send: async auth => {
        const incident = await incidentIn('detection');
        return request(server)
          .post(`${API}/incidents/${incident.id}/notes`)
          .set('Authorization', auth)
          .send({ note: 'Looking at the load balancer' });
      },
    },
    {
      name: 'PUT /incidents/{id}/postmortem',
      eventId: 'incident-postmortem',
      expected: {
        owner: 200,
        'non-owner': 403,
        admin: 200,
        service: 200,
        none: 401,
      },
      send: async auth => {
        const incident = await incidentIn('lessons-learned');
        return request(server)
          .put(`${API}/incidents/${incident.id}/postmortem`)
          .set('Authorization', auth)
          .send({ version: incident.version, postmortem: { summary: 'Down' } });
      },
    },
    {
      // A team silences its own alerts only.
      name: 'POST /silences',
      eventId: 'silence-create',
      expected: {
        owner: 201,
        'non-owner': 403,
        admin: 201,
        service: 201,
        none: 401,
      },
      send: auth =>
        request(server)
          .post(`${API}/silences`)
          .set('Authorization', auth)
          .send({
            entityRef: ENTITY,
            checkId: 'cost',
            reason: 'Maintenance',
            duration: '2h',
          }),
    },
    {
      name: 'DELETE /silences/{id}',
      eventId: 'silence-expire',
      expected: {
        owner: 200,
        'non-owner': 403,
        admin: 200,
        service: 200,
        none: 401,
      },
      send: async auth => {
        const { id } = await silence();
        return request(server)
          .delete(`${API}/silences/${id}`)
          .set('Authorization', auth);
      },
    },
    {
      // Allowed callers get past the permission to the entity's setup: it
      // has no replication annotation (400).
      name: 'POST replication/canary',
      eventId: 'replication-canary',
      expected: {
        owner: 400,
        'non-owner': 403,
        admin: 400,
        service: 403,
        none: 401,
      },
      send: auth =>
        request(server)
          .post(`${API}/entities/component/default/checkout/replication/canary`)
          .set('Authorization', auth)
          .send({}),
    },
    {
      name: 'POST backup/trigger',
      eventId: 'backup-trigger',
      expected: {
        owner: 400,
        'non-owner': 403,
        admin: 400,
        // A manual AWS action needs a user, or a service config names.
        service: 403,
        none: 401,
      },
      send: auth =>
        request(server)
          .post(`${API}/entities/component/default/checkout/backup/trigger`)
          .set('Authorization', auth),
    },
    {
      name: 'POST /channels/{name}/test',
      eventId: 'channel-test',
      expected: {
        owner: 403,
        'non-owner': 403,
        admin: 200,
        service: 403,
        none: 401,
      },
      send: auth =>
        request(server)
          .post(`${API}/channels/ops-slack/test`)
          .set('Authorization', auth),
    },
  ];

  describe.each(ROUTES)('$name', route => {
    it.each(Object.keys(HEADERS) as Principal[])('as %s', async principal => {
      const before = events.length;
      const res = await route.send(HEADERS[principal]);
      const expected = route.expected[principal];
      // The auditor event of this very request; without credentials the
      // actor is 'none'.
      const audited = events
        .slice(before)
        .filter(e => e.eventId === route.eventId)
        .pop();
      const incidentRoute = route.eventId.startsWith('incident');
      const incidentKnown =
        route.eventId !== 'incident-create' || expected < 300;
      expect({
        status: res.status,
        message: res.body.error?.message,
        // Without credentials, a client's refusals are audited at most
        // once a minute (an anonymous flood must not fill the audit log).
        audit:
          expected === 401
            ? audited && { outcome: audited.outcome, actor: audited.meta.actor }
            : {
                outcome: audited?.outcome,
                actor: audited?.meta.actor,
                entityRef: incidentRoute ? audited?.meta.entityRef : ENTITY,
                incident: incidentRoute
                  ? typeof audited?.meta.incidentId === 'string'
                  : incidentKnown,
              },
      }).toEqual({
        status: expected,
        message: messageFor(expected),
        audit:
          expected === 401
            ? audited && { outcome: 'fail', actor: 'none' }
            : {
                outcome: expected < 300 ? 'success' : 'fail',
                actor: ACTORS[principal],
                entityRef: ENTITY,
                incident: incidentKnown,
              },
      });
    });
  });

  it('sent one test message per allowed channel test', () => {
    // Only the admin was allowed; the others never reached the channel.
    expect(received).toHaveLength(1);
  });

  it('audits refusals without credentials at most once a minute per client', async () => {
    const before = events.length;
    for (let i = 0; i < 5; i++) {
      const res = await request(server)
        .post(`${API}/silences`)
        .send({ entityRef: ENTITY, checkId: 'cost', reason: 'x' });
      expect(res.status).toBe(401);
    }
    expect(
      events.slice(before).filter(e => e.meta?.actor === 'none').length,
    ).toBeLessThanOrEqual(1);
  });

  it('hides incidents of entities the caller cannot see, and 404s unknown ones', async () => {
    const res = await request(server)
      .get(`${API}/incidents/does-not-exist`)
      .set('Authorization', HEADERS.owner);
    expect(res.status).toBe(404);
  });
});
