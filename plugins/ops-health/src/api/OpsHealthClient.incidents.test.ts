import { ResponseError } from '@backstage/errors';
import { base, client, json } from './__testUtils__/clientHarness';

const jsonBody = (body: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

describe('OpsHealthClient incidents', () => {
  it('lists and reads incidents', async () => {
    const { client: c, fetch } = client(
      json(200, { items: [] }),
      json(200, { id: 'inc 1', events: [] }),
      json(200, { incidentCount: 0 }),
    );
    await expect(
      c.listIncidents({
        entityRef: 'component:default/checkout',
        phase: ['detection', 'assessment'],
        open: true,
        limit: 20,
      }),
    ).resolves.toEqual({ items: [] });
    await expect(c.getIncident('inc 1')).resolves.toEqual({
      id: 'inc 1',
      events: [],
    });
    await c.getIncidentMetrics({
      entityRef: 'component:default/checkout',
      from: '2026-11-01T00:00:00.000Z',
    });
    expect(fetch.mock.calls.map(call => call[0])).toEqual([
      `${base}/incidents?entityRef=component%3Adefault%2Fcheckout&phase=detection&phase=assessment&open=true&limit=20`,
      `${base}/incidents/inc%201`,
      `${base}/metrics/incidents?entityRef=component%3Adefault%2Fcheckout&from=2026-11-01T00%3A00%3A00.000Z`,
    ]);
  });

  it('sends every change with its body and method', async () => {
    const { client: c, fetch } = client(
      json(201, { id: 'inc-1' }),
      json(200, { id: 'inc-1', phase: 'assessment' }),
      json(200, { id: 'inc-1', version: 5 }),
      json(201, { id: 9, type: 'note' }),
      json(200, { id: 'inc-1', version: 7 }),
    );
    const create = {
      entityRef: 'component:default/checkout',
      title: 'Payments down',
      severity: 'SEV1' as const,
      note: 'since 14:05',
    };
    await c.createIncident(create, { idempotencyKey: 'declaration-1' });
    await c.transitionIncident('inc-1', { to: 'assessment', version: 3 });
    await c.updateIncident('inc-1', { commander: null, version: 4 });
    await c.addIncidentNote('inc-1', { note: 'rolled back', version: 4 });
    const postmortem = {
      version: 6,
      postmortem: {
        summary: 's',
        actionItems: [{ text: 't', owner: 'user:default/jane' }],
      },
    };
    await expect(
      c.updateIncidentPostmortem('inc-1', postmortem),
    ).resolves.toEqual({ id: 'inc-1', version: 7 });
    expect(fetch.mock.calls).toEqual([
      [
        `${base}/incidents`,
        {
          method: 'POST',
          headers: {
            'Idempotency-Key': 'declaration-1',
            'Content-Type': 'application/json',
          },
          body: JSON.stringify(create),
        },
      ],
      [
        `${base}/incidents/inc-1/transition`,
        { method: 'POST', ...jsonBody({ to: 'assessment', version: 3 }) },
      ],
      [
        `${base}/incidents/inc-1`,
        { method: 'PATCH', ...jsonBody({ commander: null, version: 4 }) },
      ],
      [
        `${base}/incidents/inc-1/notes`,
        { method: 'POST', ...jsonBody({ note: 'rolled back', version: 4 }) },
      ],
      [
        `${base}/incidents/inc-1/postmortem`,
        { method: 'PUT', ...jsonBody(postmortem) },
      ],
    ]);
  });

  it("rejects a stale version with the backend's message", async () => {
    const { client: c } = client(
      json(409, {
        error: {
          name: 'ConflictError',
          message:
            'Incident inc-1 changed since you read it (it is at version 5, you sent 4): read it again, then retry',
        },
        request: { method: 'POST', url: '/incidents/inc-1/transition' },
        response: { statusCode: 409 },
      }),
    );
    const error = await c
      .transitionIncident('inc-1', { to: 'assessment', version: 4 })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'Incident inc-1 changed since you read it (it is at version 5, you sent 4): read it again, then retry',
    );
  });
});
