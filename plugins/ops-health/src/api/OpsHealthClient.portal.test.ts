import { ResponseError } from '@backstage/errors';
import { base, client, json } from './__testUtils__/clientHarness';

describe('OpsHealthClient portal methods', () => {
  it('reads the contacts of an entity', async () => {
    const body = {
      entityRef: 'component:default/checkout',
      escalation: { levels: [] },
      primary: { name: 'DevOps team', email: 'devops@example.com' },
    };
    const { client: c, fetch } = client(json(200, body));
    await expect(
      c.getEntityContacts({
        kind: 'Component',
        namespace: 'default',
        name: 'checkout',
      }),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledWith(
      `${base}/entities/Component/default/checkout/contacts`,
      { method: 'GET' },
    );
  });

  it('passes filters and paging as query parameters', async () => {
    const { client: c, fetch } = client(
      json(200, { items: [], totalCount: 0, limit: 500, offset: 500 }),
      json(200, { items: [] }),
      json(200, {
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-08T00:00:00.000Z',
        acknowledgedCount: 0,
        recoveredCount: 0,
        incidentCount: 0,
      }),
      json(200, { items: [] }),
      json(200, { channels: [] }),
    );
    await c.listHealth({
      status: ['critical', 'warning'],
      check: ['cost'],
      limit: 500,
      offset: 500,
    });
    await c.listIncidents({
      entityRef: 'component:default/checkout',
      open: true,
    });
    await c.getIncidentMetrics({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
    });
    await c.getCheckSummary();
    await c.listChannels();
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/health?status=critical&status=warning&check=cost&limit=500&offset=500`,
      `${base}/incidents?entityRef=component%3Adefault%2Fcheckout&open=true`,
      `${base}/metrics/incidents?from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-08T00%3A00%3A00.000Z`,
      `${base}/checks`,
      `${base}/channels`,
    ]);
  });

  it('posts a channel test and rejects a refusal with the backend message', async () => {
    const { client: c, fetch } = client(
      json(200, { channel: 'ops email', ok: true, durationMs: 12 }),
      json(403, {
        error: {
          name: 'NotAllowedError',
          message: 'Only admins test channels',
        },
        request: { method: 'POST', url: '/channels/ops/test' },
        response: { statusCode: 403 },
      }),
    );
    await expect(c.testChannel('ops email')).resolves.toEqual({
      channel: 'ops email',
      ok: true,
      durationMs: 12,
    });
    expect(fetch).toHaveBeenCalledWith(`${base}/channels/ops%20email/test`, {
      method: 'POST',
    });
    const refusal = await c.testChannel('ops').catch(e => e);
    expect(refusal).toBeInstanceOf(ResponseError);
    expect(refusal.body.error.message).toBe('Only admins test channels');
  });
});
