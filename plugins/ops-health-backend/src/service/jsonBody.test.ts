import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { opsHealthPlugin } from '../plugin';
import { inertChecksModule } from '../__testUtils__/checksModule';
import { demoCatalog } from '../__testUtils__/demoCatalog';
import { MAX_BODY_BYTES } from './jsonBody';

jest.setTimeout(60_000);

const API = '/api/ops-health';
const ALICE = mockCredentials.user.header('user:default/alice-oncall');
const SILENCE = {
  entityRef: 'component:default/checkout-service',
  checkId: 'cost',
  reason: 'Planned load test',
  duration: '1h',
};

async function start() {
  const { server } = await startTestBackend({
    features: [
      opsHealthPlugin,
      inertChecksModule(),
      catalogServiceMock.factory({ entities: demoCatalog() }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  return server;
}

describe('request bodies', () => {
  it('says what is wrong with a body it cannot read, and how to send it', async () => {
    const server = await start();
    const post = () =>
      request(server).post(`${API}/silences`).set('Authorization', ALICE);

    // Not JSON: 415, naming the type sent and the one to send.
    const text = await post()
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(SILENCE));
    expect(text.status).toBe(415);
    expect(text.body.error).toEqual(
      expect.objectContaining({
        name: 'UnsupportedMediaTypeError',
        message:
          "Ops Health reads request bodies as JSON, and this one is 'text/plain': send it with the header 'Content-Type: application/json'",
      }),
    );
    const form = await post().type('form').send({ reason: 'x' });
    expect(form.status).toBe(415);
    expect(form.body.error.message).toContain(
      "this one is 'application/x-www-form-urlencoded'",
    );

    // No body where one is required: 400, not "unsupported media type undefined".
    const none = await post();
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe(
      "This request needs a JSON body: send one with the header 'Content-Type: application/json'",
    );

    // Not valid JSON: 400 saying so.
    const broken = await post()
      .set('Content-Type', 'application/json')
      .send('{"reason": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(
      /^The request body is not valid JSON \(.+\): send a JSON object$/,
    );

    // JSON, but not an object.
    for (const [body, what] of [
      ['null', 'null'],
      ['"s"', 'string'],
      ['1', 'number'],
    ]) {
      const scalar = await post()
        .set('Content-Type', 'application/json')
        .send(body);
      expect(scalar.status).toBe(400);
      expect(scalar.body.error.message).toBe(
        `The request body must be a JSON object ({ … }), not ${what}`,
      );
    }

    // A charset or an encoding it cannot read: 415 saying what to send.
    const latin1 = await post()
      .set('Content-Type', 'application/json; charset=latin1')
      .send(JSON.stringify(SILENCE));
    expect(latin1.status).toBe(415);
    expect(latin1.body.error.message).toBe(
      "Ops Health reads JSON bodies in UTF-8, not latin1: send 'Content-Type: application/json; charset=utf-8'",
    );
    const brotli = await post()
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'br')
      .send(JSON.stringify(SILENCE));
    expect(brotli.status).toBe(415);
    expect(brotli.body.error.message).toBe(
      "Ops Health cannot read a body with 'Content-Encoding: br': send it uncompressed, or with gzip or deflate",
    );
    // Said to be gzip, and is not.
    const notGzip = await post()
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send(JSON.stringify(SILENCE));
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.error.name).toBe('InputError');
    expect(notGzip.body.error.message).toMatch(
      /^The request body could not be read \(.+\): send JSON, uncompressed or as its Content-Encoding says$/,
    );

    // An address whose %-escape is not UTF-8.
    const address = await request(server)
      .get(`${API}/incidents/%C0%AF`)
      .set('Authorization', ALICE);
    expect(address.status).toBe(400);
    expect(address.body.error.message).toContain(
      'has a %-escape that is not UTF-8',
    );

    // Too large: 413 with the size and the limit.
    const huge = await post()
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...SILENCE, reason: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.name).toBe('PayloadTooLargeError');
    expect(huge.body.error.message).toMatch(
      /^The request body is \d+ bytes; Ops Health reads at most 4194304 bytes \(4 MiB\) of JSON a request: send less$/,
    );

    // JSON in another charset than UTF-8: 415, not a garbled parse error.
    const utf16 = await post()
      .set('Content-Type', 'application/json; charset=utf-16')
      .send(Buffer.from(JSON.stringify(SILENCE), 'utf16le'));
    expect(utf16.status).toBe(415);
    expect(utf16.body.error.message).toBe(
      "Ops Health reads JSON bodies in UTF-8, not utf-16: send 'Content-Type: application/json; charset=utf-8'",
    );
    const quoted = await post()
      .set('Content-Type', "application/json; charset='utf-16'")
      .send(Buffer.from(JSON.stringify(SILENCE), 'utf16le'));
    expect(quoted.body.error.message).toContain('not utf-16:');
    // A JSON array where an object is asked for.
    const list = await post().send([SILENCE]);
    expect(list.status).toBe(400);
    expect(list.body.error.message).toBe(
      'The request body must be a JSON object ({ … }), not an array',
    );

    // And the same request as JSON is taken, also with its charset said.
    const ok = await post().send(SILENCE);
    expect(ok.status).toBe(201);
    const utf8 = await post()
      .set('Content-Type', 'application/json; charset=UTF-8')
      .send(JSON.stringify({ ...SILENCE, reason: 'Maintenance, again' }));
    expect(utf8.status).toBe(201);
  });

  it('refuses a request without credentials for that first, whatever else is wrong with it', async () => {
    const server = await start();
    // Without credentials: 401, though the body is missing, not JSON or
    // not what the schema says.
    for (const [send, type] of [
      [undefined, undefined],
      ['reason=x', 'text/plain'],
      ['{}', 'application/json'],
      [JSON.stringify(SILENCE), 'application/json'],
    ] as const) {
      let req = request(server)
        .post(`${API}/silences`)
        .set('Authorization', mockCredentials.none.header());
      if (type) req = req.set('Content-Type', type);
      const res = await (send ? req.send(send) : req);
      expect([send, res.status, res.body.error?.name]).toEqual([
        send,
        401,
        'AuthenticationError',
      ]);
    }
    const unauthenticatedRead = await request(server)
      .get(`${API}/entities/component/Bad%20Space/x/health`)
      .set('Authorization', mockCredentials.none.header());
    expect(unauthenticatedRead.status).toBe(401);
    // With them, the same bad body is a 400 saying what is wrong.
    const signedIn = await request(server)
      .post(`${API}/silences`)
      .set('Authorization', ALICE)
      .send({});
    expect(signedIn.status).toBe(400);
    expect(signedIn.body.error.message).toContain('reason');
  });

  it('reads entity addresses as the catalog does, and says what a part may hold', async () => {
    const server = await start();
    const get = (path: string) =>
      request(server).get(`${API}${path}`).set('Authorization', ALICE);
    // Refs compare case-insensitively: the namespace too, as the name.
    const capitals = await get(
      '/entities/Component/Default/Checkout-Service/health',
    );
    expect(capitals.status).toBe(200);
    expect(capitals.body.entityRef).toBe('component:default/checkout-service');

    for (const [path, message] of [
      [
        '/entities/component/def%20ault/checkout-service/health',
        "The entity namespace in the address is not a catalog namespace: letters, digits and '-', '_', '.' between them (at most 64), e.g. default",
      ],
      [
        '/entities/9lives/default/checkout-service/health',
        "The entity kind in the address is not a catalog kind: a letter, then letters, digits and '-' (at most 64), e.g. component",
      ],
      [
        `/entities/component/default/${'x'.repeat(254)}/health`,
        "The entity name in the address is not a catalog name: letters, digits and '-', '_', '.' between them (at most 253), e.g. checkout-service",
      ],
    ]) {
      const res = await get(path);
      expect([path, res.status, res.body.error?.message]).toEqual([
        path,
        400,
        message,
      ]);
    }
  });

  it('takes the largest post-mortem the API allows, in any script', async () => {
    const server = await start();
    const created = await request(server)
      .post(`${API}/incidents`)
      .set('Authorization', ALICE)
      .send({
        entityRef: 'component:default/checkout-service',
        title: 'Checkout returns 502',
        severity: 'SEV2',
      });
    expect(created.status).toBe(201);
    // The post-mortem is written in lessons-learned.
    const ll = await request(server)
      .post(`${API}/incidents/${created.body.id}/transition`)
      .set('Authorization', ALICE)
      .send({ to: 'lessons-learned', version: created.body.version });
    expect(ll.status).toBe(200);
    // Four-byte characters in UTF-8, each one code point (as the schema's
    // maxLength counts them).
    const text = (n: number) => '😀'.repeat(n);
    const item = {
      text: text(2000),
      owner: 'user:default/alice-oncall',
      dueDate: '2027-02-28',
      done: false,
    };
    const postmortem = {
      summary: text(20000),
      impact: text(20000),
      rootCause: text(20000),
      monitoringChanges: text(20000),
      actionItems: Array.from({ length: 100 }, () => item),
    };
    const put = (body: object) =>
      request(server)
        .put(`${API}/incidents/${created.body.id}/postmortem`)
        .set('Authorization', ALICE)
        .send(body);
    const largest = await put({ postmortem, version: ll.body.version });
    expect(
      Buffer.byteLength(JSON.stringify({ postmortem, version: 1 })),
    ).toBeGreaterThan(1_000_000);
    expect(largest.status).toBe(200);
    expect(largest.body.postmortem.actionItems).toHaveLength(100);
    // The same, its JSON written in ASCII (every character outside it as
    // an escape, \ud83d\ude00, as many JSON libraries write by default):
    // three times the bytes, still taken.
    const ascii = JSON.stringify({
      postmortem,
      version: largest.body.version,
    }).replace(
      /[\u007f-\uffff]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
    expect(Buffer.byteLength(ascii)).toBeGreaterThan(3_000_000);
    const escaped = await request(server)
      .put(`${API}/incidents/${created.body.id}/postmortem`)
      .set('Authorization', ALICE)
      .set('Content-Type', 'application/json')
      .send(ascii);
    expect(escaped.status).toBe(200);
    expect(escaped.body.postmortem.summary).toBe(postmortem.summary);

    // One action item more is refused by the schema, saying so.
    const more = await put({
      postmortem: {
        ...postmortem,
        actionItems: [...postmortem.actionItems, item],
      },
      version: largest.body.version,
    });
    expect(more.status).toBe(400);
    expect(more.body.error.message).toBe(
      "The body's field 'postmortem.actionItems' must NOT have more than 100 items",
    );
  });
});

describe('request shapes', () => {
  it('says in words what the spec refuses: the field, what it takes, the value given', async () => {
    const server = await start();
    const send = (method: 'get' | 'post', path: string, body?: object) => {
      const req = request(server)
        [method](`${API}${path}`)
        .set('Authorization', ALICE);
      return body ? req.send(body) : req;
    };
    const cases: Array<[ReturnType<typeof send>, string]> = [
      [
        send('get', '/metrics/incidents?from=2027-02-28T10:00:00+01:00'),
        "Query parameter 'from' must be a date and time with an offset, e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00, not \"2027-02-28T10:00:00 01:00\": a '+' in the address reads as a space, so escape the offset's + as %2B",
      ],
      [
        send('post', '/silences', {
          reason: 'Maintenance',
          entityRef: 'component:default/checkout-service',
          duration: '30m',
        }),
        'A silence by check needs both a non-empty entityRef and checkId (or, instead of both, the dedupKey of one alert)',
      ],
      [
        send('get', '/silences?active=1'),
        'Query parameter \'active\' must be true or false, not "1"',
      ],
      [
        send('get', '/incidents?owner='),
        "Query parameter 'owner' is empty: give it a value, or leave it out",
      ],
      [
        send('get', '/health?offset[a]=1'),
        "Query parameter 'offset' is written with brackets (offset[…]=…); write offset=value, and repeat it (offset=a&offset=b) where it takes several values",
      ],
      [
        send('get', '/health?limit='),
        "Query parameter 'limit' is empty: give it a value, or leave it out",
      ],
      [
        send('get', '/health?nope[]=1'),
        "Unknown query parameter 'nope': GET /health takes 'details', 'status', 'check', 'limit', 'offset'",
      ],
      [
        send('get', '/checks?limit=5'),
        "Unknown query parameter 'limit': GET /checks takes no query parameters",
      ],
      [
        send('get', '/health?offset[]=1'),
        "Query parameter 'offset' is written with brackets (offset[…]=…); write offset=value, and repeat it (offset=a&offset=b) where it takes several values",
      ],
      [
        send('get', '/health?limit=Infinity'),
        "Query parameter 'limit' must be a whole number from 1 to 500, not 'Infinity'",
      ],
      [
        send('get', '/health?limit=0x10'),
        "Query parameter 'limit' must be a whole number from 1 to 500, not '0x10'",
      ],
      [
        send('get', '/health?offset=-1'),
        "Query parameter 'offset' must be a whole number from 0 to 2147483647, not '-1'",
      ],
      [
        send(
          'get',
          '/entities/component/default/checkout-service/checks/cost?days=Infinity',
        ),
        "Query parameter 'days' must be a whole number from 1 to 400, not 'Infinity'",
      ],
      [
        send('get', '/health?check=COST'),
        "Query parameter 'check' must be a check id: lowercase letters, digits and '-', e.g. cost, not \"COST\"",
      ],
      [
        send(
          'post',
          '/entities/component/default/checkout-service/checks/COST/measure',
        ),
        'The checkId in the address must be a check id: lowercase letters, digits and \'-\', e.g. cost, not "COST"',
      ],
      [
        send('post', '/silences', { ...SILENCE, expiresat: 'soon' }),
        "The body has a field it does not take: 'expiresat' (it takes: dedupKey, entityRef, checkId, reason, expiresAt, duration)",
      ],
      [
        send('post', '/silences', {
          ...SILENCE,
          duration: undefined,
          expiresAt: '2027-01-01T10:00:00',
        }),
        "The body's field 'expiresAt' must be a date and time with an offset, e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00, not \"2027-01-01T10:00:00\"",
      ],
      [
        send('post', '/incidents', {
          entityRef: SILENCE.entityRef,
          title: 'x',
          severity: 'SEV9',
        }),
        "The body's field 'severity' must be one of SEV1, SEV2, SEV3, SEV4, not \"SEV9\"",
      ],
      [
        send('post', '/incidents', {
          entityRef: SILENCE.entityRef,
          title: 'x',
          severity: 'SEV2',
          commander: '',
        }),
        "The body's field 'commander' must not be empty",
      ],
      [
        send('post', '/acknowledge', {}),
        "The body lacks the field 'token' (it takes: token)",
      ],
      // A request that takes no body is not sent one to ignore.
      [
        send(
          'post',
          '/entities/component/default/checkout-service/backup/trigger',
          { functionName: 'someone-elses-function' },
        ),
        "The body has a field it does not take: 'functionName' (it takes none)",
      ],
    ];
    for (const [pending, message] of cases) {
      const res = await pending;
      expect([res.status, res.body.error?.message]).toEqual([400, message]);
    }

    // A method the address does not take: 405 with the ones it does.
    const put = await request(server)
      .put(`${API}/health`)
      .set('Authorization', ALICE);
    expect([put.status, put.headers.allow, put.body.error?.message]).toEqual([
      405,
      'GET',
      'PUT is not a method of /health; it takes GET',
    ]);
    // Addresses with parameters and a trailing slash are matched too.
    const notes = await request(server)
      .delete(`${API}/incidents/inc-1/notes/`)
      .set('Authorization', ALICE);
    expect([notes.status, notes.headers.allow]).toEqual([405, 'POST']);
    const slash = await send('get', '/health/?limit=Infinity');
    expect([slash.status, slash.body.error?.message]).toEqual([
      400,
      "Query parameter 'limit' must be a whole number from 1 to 500, not 'Infinity'",
    ]);
    // An address no route has is a 404, whatever its method.
    const unknown = await request(server)
      .put(`${API}/entities/component/default/checkout-service/nothing`)
      .set('Authorization', ALICE);
    expect([unknown.status, unknown.body.error?.message]).toEqual([
      404,
      "Ops Health has no route /entities/component/default/checkout-service/nothing: see the API's OpenAPI spec (the plugin's src/schema/openapi.yaml) for its routes",
    ]);
    // What was sent with such a request does not change the answer: the
    // body of a request no operation takes it for is not read.
    const unknownWithText = await request(server)
      .get(`${API}/nope`)
      .set('Authorization', ALICE)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(unknownWithText.status).toBe(404);
    const wrongMethodBadJson = await request(server)
      .delete(`${API}/incidents`)
      .set('Authorization', ALICE)
      .set('Content-Type', 'application/json')
      .send('{bad');
    expect([
      wrongMethodBadJson.status,
      wrongMethodBadJson.headers.allow,
    ]).toEqual([405, 'GET, POST']);
    for (const [type, sent] of [
      ['text/plain', 'hello'],
      ['application/json', '{"x":1}'],
    ]) {
      const read = await request(server)
        .get(`${API}/incidents?limit=1`)
        .set('Authorization', ALICE)
        .set('Content-Type', type)
        .send(sent);
      expect([type, read.status]).toEqual([type, 200]);
    }
  });

  it('refuses control characters and text no one can read', async () => {
    const server = await start();
    const post = (path: string, body: object) =>
      request(server)
        .post(`${API}${path}`)
        .set('Authorization', ALICE)
        .send(body);
    const incident = {
      entityRef: SILENCE.entityRef,
      title: 'Checkout returns 502',
      severity: 'SEV3',
    };
    const ansi = await post('/incidents', {
      ...incident,
      title: '\u001b[31mred\u001b[0m',
    });
    expect([ansi.status, ansi.body.error.message]).toEqual([
      400,
      "The body's field 'title' contains the control character U+001B, which Ops Health does not accept (tabs and line breaks it does); remove it",
    ]);
    const reversed = await post('/incidents', {
      ...incident,
      title: 'Checkout \u202eevil',
    });
    expect([reversed.status, reversed.body.error.message]).toEqual([
      400,
      "The body's field 'title' contains the control character U+202E, which Ops Health does not accept (tabs and line breaks it does); remove it",
    ]);
    const invisible = await post('/incidents', {
      ...incident,
      title: '\u200b',
    });
    expect([invisible.status, invisible.body.error.message]).toEqual([
      400,
      'An incident needs a title, with text a reader sees (not only spaces or invisible characters)',
    ]);
    const reason = await post('/silences', { ...SILENCE, reason: ' \u200b ' });
    expect(reason.status).toBe(400);
    expect(reason.body.error.message).toMatch(/^A silence needs a reason/);

    // Tabs and line breaks are text; so is any script.
    const created = await post('/incidents', {
      ...incident,
      title: 'Zahlung schlägt fehl\t— 支払い失敗',
      note: 'line one\r\nline two',
    });
    expect(created.status).toBe(201);
    const note = await post(`/incidents/${created.body.id}/notes`, {
      note: '\u200b\u200b',
    });
    expect([note.status, note.body.error.message]).toEqual([
      400,
      'A note cannot be empty: write text a reader sees (not only spaces or invisible characters)',
    ]);
  });
});
