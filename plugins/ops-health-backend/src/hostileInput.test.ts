import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fc from 'fast-check';
import request from 'supertest';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { inertChecksModule } from './__testUtils__/checksModule';
import { opsHealthPlugin } from './plugin';
import { spec } from './schema/openapi.generated';

jest.setTimeout(600_000);

// Hostile requests, generated from the OpenAPI spec, against every route of
// the real plugin on each database: wrong types, missing and unknown fields,
// huge and unicode strings, SQL and JSON injection, malformed entity refs,
// oversized bodies, no and forged credentials. The API must answer each with
// a 2xx or a 4xx that says what is wrong — never a 5xx.

const RUNS_PER_ROUTE = Number(process.env.OPS_HEALTH_FUZZ_RUNS ?? 40);

const databases = createTestDatabases();

const entity = (name: string, annotations: Record<string, string> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'group:default/team', lifecycle: 'prod' },
  } as Entity);

const ENTITIES = [
  entity('checkout', { 'ops-health/cost-tags': 'service=checkout' }),
  entity('plain'),
];

// Strings that have broken APIs before.
const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    "'; DROP TABLE ops_health_alerts; --",
    '" OR 1=1 --',
    '{"$where":"1"}',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    '\u0000',
    'component:',
    'component:default/',
    ':/',
    'component:default/checkout|cost|',
    'garbage|x',
    'user:default/👾',
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
    '2026-13-45T99:99:99Z',
    '-1',
    'NaN',
    '1e309',
    'component:default/checkout',
    'cost',
    'detection',
    'SEV1',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 5000 }),
);

const anyValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(nasty, nasty, { maxKeys: 3 }),
);

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: readonly unknown[];
  $ref?: string;
};

function resolve(schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.split('/').pop()!;
  return resolve(
    (spec.components.schemas as Record<string, Schema>)[name] as Schema,
  );
}

// Values of the right type that get past the spec's validation to the
// handlers: well-formed, borderline or hostile in content.
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  entityRef: fc.constantFrom(
    'component:default/checkout',
    'component:checkout',
    'Component:Default/Checkout',
    'component:default/missing',
    'group:default/team',
    'foo',
    'component:',
    ':/',
  ),
  dedupKey: fc.constantFrom(
    'component:default/checkout|cost|',
    'component:default/checkout|replication|bucket|with|pipes',
    'garbage|x',
    'component:default/missing|cost|',
    '||',
  ),
  checkId: fc.constantFrom('cost', 'replication', 'backup', 'disk', ''),
  duration: fc.constantFrom('1h', '30m', '0s', '-1h', '999999d', 'soon', '2'),
  expiresAt: fc.oneof(
    fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01') })
      .map(d => (Number.isNaN(d.getTime()) ? '2026-01-01' : d.toISOString())),
    fc.constantFrom('2026-13-45T99:99:99Z', 'tomorrow'),
  ),
  commander: fc.constantFrom(
    'user:default/ada',
    'ada',
    'group:default/team',
    'user:default/nobody',
  ),
  severity: fc.constantFrom('SEV1', 'SEV2', 'SEV3', 'SEV4'),
  to: fc.constantFrom(
    'assessment',
    'containment',
    'recovery',
    'lessons-learned',
    'closed',
    'detection',
  ),
  version: fc.integer({ min: 1, max: 4 }),
  dueDate: fc.constantFrom('2026-12-24', '2026-02-30', 'never'),
  bucket: fc.constantFrom('checkout-data', 'someone-elses', ''),
};

/** A value for a schema: mostly of the right type, sometimes hostile. */
function valueFor(
  schema: Schema | undefined,
  name = '',
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const hostile = anyValue;
  if (!s) return hostile;
  const plausible = PLAUSIBLE[name];
  if (s.enum) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...s.enum) },
      { weight: 1, arbitrary: hostile },
    );
  }
  if (s.type === 'object' && s.properties) {
    const props = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, valueFor(v, k)]),
    );
    return fc.oneof(
      { weight: 6, arbitrary: fc.record(props, { requiredKeys: [] }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.record(props, { requiredKeys: [] }),
            fc.dictionary(nasty, anyValue, { maxKeys: 2 }),
          )
          .map(([a, b]) => ({ ...b, ...a })),
      },
      { weight: 1, arbitrary: hostile },
    );
  }
  if (s.type === 'array') {
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc.array(valueFor(s.items, name), { maxLength: 3 }),
      },
      { weight: 1, arbitrary: hostile },
    );
  }
  if (s.type === 'integer' || s.type === 'number') {
    return fc.oneof(
      { weight: 4, arbitrary: plausible ?? fc.integer({ min: -5, max: 2000 }) },
      // Past what a database integer holds (PostgreSQL's int4, SQLite's
      // 64 bits).
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          2147483647,
          2147483648,
          Number.MAX_SAFE_INTEGER,
          1e20,
        ),
      },
      { weight: 1, arbitrary: hostile },
    );
  }
  if (s.type === 'boolean') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.boolean() },
      { weight: 1, arbitrary: hostile },
    );
  }
  return fc.oneof(
    { weight: 3, arbitrary: plausible ?? nasty },
    { weight: 2, arbitrary: nasty },
    { weight: 1, arbitrary: hostile },
  );
}

type Route = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Array<{ name: string; in: string; schema?: Schema }>;
  body?: Schema;
};

const ROUTES: Route[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, any>).map(([method, op]) => ({
    method: method as Route['method'],
    path,
    parameters: (op.parameters ?? []).map((p: any) =>
      p.$ref
        ? (spec.components.parameters as Record<string, any>)[
            p.$ref.split('/').pop()
          ]
        : p,
    ),
    body: op.requestBody?.content?.['application/json']?.schema,
  })),
);

const AUTH = fc.constantFrom(
  mockCredentials.user.header('user:default/ada'),
  mockCredentials.service.header(),
  undefined,
  'Bearer forged.token.value',
  'Basic YWRtaW46YWRtaW4=',
);

describe.each(databases.eachSupportedId())(
  'hostile requests on %p',
  databaseId => {
    it('never answer 5xx, and every 4xx says what is wrong', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          opsHealthPlugin,
          inertChecksModule(),
          catalogServiceMock.factory({ entities: ENTITIES }),
          mockServices.database.factory({ knex }),
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ],
      });
      const admin = mockCredentials.user.header('user:default/ada');
      const incident = await request(server)
        .post('/api/ops-health/incidents')
        .set('Authorization', admin)
        .send({
          entityRef: 'component:default/checkout',
          title: 'Fuzz target',
          severity: 'SEV3',
        });
      expect(incident.status).toBe(201);
      const silence = await request(server)
        .post('/api/ops-health/silences')
        .set('Authorization', admin)
        .send({
          entityRef: 'component:default/checkout',
          checkId: 'cost',
          reason: 'fuzz',
          duration: '1h',
        });
      expect(silence.status).toBe(201);
      const known: Record<string, fc.Arbitrary<string>> = {
        kind: fc.constantFrom('component', 'Component', 'group'),
        namespace: fc.constantFrom('default'),
        name: fc.constantFrom('checkout', 'plain', 'missing'),
        checkId: fc.constantFrom('cost', 'replication', 'backup'),
        incidentId: fc.constantFrom(incident.body.id),
        id: fc.constantFrom(silence.body.id),
      };

      const failures: string[] = [];
      const statuses = new Map<number, number>();
      const count = { sent: 0, boundary: 0 };
      for (const route of ROUTES) {
        const pathParams = route.parameters.filter(p => p.in === 'path');
        const queryParams = route.parameters.filter(p => p.in === 'query');
        const arbitrary = fc.record({
          path: fc.record(
            Object.fromEntries(
              pathParams.map(p => [
                p.name,
                fc.oneof(known[p.name] ?? nasty, nasty.map(String)),
              ]),
            ),
          ),
          query: fc.oneof(
            fc.record(
              Object.fromEntries(
                queryParams.map(p => [p.name, valueFor(p.schema)]),
              ),
              { requiredKeys: [] },
            ),
            fc.dictionary(nasty, anyValue, { maxKeys: 3 }),
          ),
          body: route.body
            ? fc.oneof(
                { weight: 4, arbitrary: valueFor(route.body) },
                { weight: 1, arbitrary: fc.constant('__huge__') },
                { weight: 1, arbitrary: fc.constant('__malformed__') },
              )
            : fc.constant(undefined),
          auth: AUTH,
        });
        await fc.assert(
          fc.asyncProperty(arbitrary, async input => {
            let url = `/api/ops-health${route.path}`;
            for (const [name, value] of Object.entries(input.path)) {
              url = url.replace(
                `{${name}}`,
                encodeURIComponent(String(value)) || '%20',
              );
            }
            const query = new URLSearchParams();
            for (const [key, value] of Object.entries(
              input.query as Record<string, unknown>,
            )) {
              for (const v of Array.isArray(value) ? value : [value]) {
                query.append(
                  key,
                  typeof v === 'object' ? JSON.stringify(v) : String(v),
                );
              }
            }
            const full = query.toString() ? `${url}?${query}` : url;
            let req = request(server)[route.method](full);
            if (input.auth) req = req.set('Authorization', input.auth);
            if (input.body === '__huge__') {
              req = req
                .set('Content-Type', 'application/json')
                .send(JSON.stringify({ note: 'x'.repeat(3_000_000) }));
            } else if (input.body === '__malformed__') {
              req = req
                .set('Content-Type', 'application/json')
                .send('{"reason": "unterminated');
            } else if (input.body !== undefined) {
              // Any JSON document, not only objects.
              req = req
                .set('Content-Type', 'application/json')
                .send(JSON.stringify(input.body));
            }
            const res = await req;
            count.sent += 1;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const message = res.body?.error?.message;
            if (
              res.status >= 500 ||
              (res.status >= 400 &&
                !(typeof message === 'string' && message.trim()))
            ) {
              failures.push(
                `${route.method.toUpperCase()} ${full.slice(0, 200)} -> ${
                  res.status
                } ${JSON.stringify(res.body).slice(0, 300)}`,
              );
            }
            return true;
          }),
          { numRuns: RUNS_PER_ROUTE, seed: 424242 },
        );
      }
      // Every integer query parameter at and past what a database integer
      // holds, on a path that reaches the handler.
      const reachable: Record<string, string> = {
        kind: 'component',
        namespace: 'default',
        name: 'checkout',
        checkId: 'cost',
        incidentId: incident.body.id,
        id: silence.body.id,
      };
      for (const route of ROUTES.filter(r => r.method === 'get')) {
        let url = `/api/ops-health${route.path}`;
        for (const p of route.parameters.filter(q => q.in === 'path')) {
          url = url.replace(`{${p.name}}`, reachable[p.name] ?? 'x');
        }
        for (const param of route.parameters.filter(
          q => q.in === 'query' && resolve(q.schema)?.type === 'integer',
        )) {
          for (const value of ['2147483648', '9223372036854775808', '1e20']) {
            const full = `${url}?${param.name}=${value}`;
            const res = await request(server)
              .get(full)
              .set('Authorization', admin);
            count.boundary += 1;
            if (
              res.status >= 500 ||
              (res.status >= 400 && !res.body?.error?.message)
            ) {
              failures.push(
                `GET ${full} -> ${res.status} ${JSON.stringify(res.body).slice(
                  0,
                  300,
                )}`,
              );
            }
          }
        }
      }
      // A NUL character, which PostgreSQL does not store, in the address
      // and in the text fields of well-formed bodies.
      const nul = 'a\u0000b';
      const withNul: Array<[string, string, object?]> = [
        ['get', `/incidents/%00`],
        ['get', `/incidents/%00/events`],
        ['patch', `/incidents/a%00`, { severity: 'SEV2', expectedVersion: 1 }],
        ['delete', `/silences/%00`],
        ['get', `/alerts?entityRef=component:default/a%00`],
        [
          'post',
          '/incidents',
          {
            entityRef: 'component:default/checkout',
            title: nul,
            severity: 'SEV3',
          },
        ],
        ['post', `/incidents/${incident.body.id}/notes`, { note: nul }],
        [
          'post',
          '/silences',
          {
            entityRef: 'component:default/checkout',
            checkId: 'cost',
            reason: nul,
            duration: '1h',
          },
        ],
        [
          'post',
          '/silences',
          {
            dedupKey: `component:checkout|cost|${'x'.repeat(576)}`,
            reason: 'a key of 600 characters before its ref is in full',
            duration: '1h',
          },
        ],
      ];
      for (const [method, path, body] of withNul) {
        let req = (request(server) as any)
          [method](`/api/ops-health${path}`)
          .set('Authorization', admin);
        if (body) req = req.send(body);
        const res = await req;
        count.boundary += 1;
        if (res.status !== 400 && res.status !== 404) {
          failures.push(
            `${method.toUpperCase()} ${path.slice(0, 100)} -> ${
              res.status
            } ${JSON.stringify(res.body).slice(0, 300)}`,
          );
        }
        expect(res.body?.error?.message).toBeTruthy();
      }

      // eslint-disable-next-line no-console
      console.info(
        `hostile requests on ${databaseId}: ${count.sent} sent to ${
          ROUTES.length
        } routes, ${
          failures.length
        } answered 5xx or without a message; by status: ${[...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')}`,
      );
      expect(failures.slice(0, 15)).toEqual([]);
      expect(count.sent).toBe(ROUTES.length * RUNS_PER_ROUTE);
      expect(count.boundary).toBeGreaterThan(20);
    });
  },
);
