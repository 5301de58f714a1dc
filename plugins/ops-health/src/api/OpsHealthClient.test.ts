import { ResponseError } from '@backstage/errors';
import { base, client, json } from './__testUtils__/clientHarness';

const entity = { kind: 'Component', namespace: 'default', name: 'checkout' };
const entityUrl = `${base}/entities/Component/default/checkout`;

describe('OpsHealthClient', () => {
  it('reads a check with its history', async () => {
    const body = {
      entityRef: 'component:default/checkout',
      checkId: 'cost',
      results: [],
    };
    const { client: c, fetch } = client(json(200, body));
    await expect(
      c.getEntityCheck(entity, 'cost', { days: 31 }),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(`${entityUrl}/checks/cost?days=31`, {
      method: 'GET',
    });
  });

  it('encodes path segments and query values', async () => {
    const { client: c, fetch } = client(
      json(200, { items: [] }),
      json(200, { items: [] }),
    );
    await c.listAlerts({
      entityRef: 'component:default/a b',
      state: ['pending', 'firing'],
    });
    await c.listSilences({ active: true });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/alerts?entityRef=component%3Adefault%2Fa+b&state=pending&state=firing`,
      `${base}/silences?active=true`,
    ]);
  });

  it('starts a replication test and returns the started runs', async () => {
    const runs = [{ id: 'r1', bucket: 'b', status: 'running' }];
    const { client: c, fetch } = client(json(202, { runs }));
    await expect(
      c.startReplicationCanary(entity, { bucket: 'b' }),
    ).resolves.toEqual({ started: true, runs });
    expect(fetch).toHaveBeenCalledWith(`${entityUrl}/replication/canary`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"bucket":"b"}',
    });
  });

  it('returns the running test on 409, read from the runs', async () => {
    const running = { id: 'r0', bucket: 'b', status: 'running' };
    const { client: c, fetch } = client(
      json(409, {
        error: {
          name: 'ConflictError',
          message: 'A replication test of bucket b is already running',
        },
      }),
      json(200, {
        runs: [{ id: 'r1', bucket: 'a', status: 'ok' }, running],
      }),
    );
    await expect(c.startReplicationCanary(entity)).resolves.toEqual({
      started: false,
      message: 'A replication test of bucket b is already running',
      running,
    });
    expect(fetch).toHaveBeenLastCalledWith(`${entityUrl}/replication/canary`, {
      method: 'GET',
    });
  });

  it("rejects with a ResponseError carrying the backend's message", async () => {
    const { client: c } = client(
      json(403, {
        error: {
          name: 'NotAllowedError',
          message: 'You are not allowed to trigger Ops Health actions',
        },
        response: { statusCode: 403 },
      }),
    );
    const error = await c.triggerBackup(entity).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'You are not allowed to trigger Ops Health actions',
    );
  });

  it('creates and expires silences', async () => {
    const silence = {
      id: 's1',
      reason: 'r',
      createdBy: 'u',
      createdAt: 'x',
      expiresAt: 'y',
    };
    const { client: c, fetch } = client(json(201, silence), json(200, silence));
    await c.createSilence({ dedupKey: 'k', duration: '4h', reason: 'r' });
    await c.expireSilence('s/1');
    expect(fetch.mock.calls).toEqual([
      [
        `${base}/silences`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"dedupKey":"k","duration":"4h","reason":"r"}',
        },
      ],
      [`${base}/silences/s%2F1`, { method: 'DELETE' }],
    ]);
  });

  it('reads the runbook, and none on 404', async () => {
    const runbook = {
      url: 'https://wiki/runbook#cost-overrun-alert',
      source: 'annotation',
    };
    const { client: c, fetch } = client(
      json(200, runbook),
      json(404, {
        error: { name: 'NotFoundError', message: 'no runbook' },
        response: { statusCode: 404 },
      }),
    );
    await expect(c.getEntityRunbook(entity, 'cost')).resolves.toEqual(runbook);
    await expect(c.getEntityRunbook(entity)).resolves.toBeUndefined();
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${entityUrl}/runbook?checkId=cost`,
      `${entityUrl}/runbook`,
    ]);
  });
});
