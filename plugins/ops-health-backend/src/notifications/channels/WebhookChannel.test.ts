import { createHmac } from 'node:crypto';
import { WebhookChannel } from './WebhookChannel';
import { signWebhookPayload, verifyWebhookSignature } from './webhookSignature';
import {
  makeAlert,
  makeContext,
  makeNotification,
  ReceivedRequest,
  Receiver,
  startReceiver,
} from './__testUtils__/receiver';

const SECRET = 'test-signing-secret-0123456789';

function verify(request: ReceivedRequest, secret = SECRET) {
  return verifyWebhookSignature({
    body: request.body,
    timestamp: request.headers['x-ops-health-timestamp'] as string,
    signature: request.headers['x-ops-health-signature'] as string,
    secret,
  });
}

describe('WebhookChannel', () => {
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await startReceiver();
  });

  afterEach(async () => {
    await receiver.close();
  });

  function channel(timeoutMs = 2000) {
    return new WebhookChannel({
      name: 'ops-webhook',
      minSeverity: 'info',
      url: receiver.url,
      signingSecret: SECRET,
      timeoutMs,
      appBaseUrl: 'https://portal.example.com',
    });
  }

  it('posts the versioned JSON payload with signature and idempotency headers', async () => {
    const notification = makeNotification({
      alerts: [
        makeAlert(),
        makeAlert({
          dedupKey: 'k2',
          value: undefined,
          threshold: undefined,
          unit: undefined,
          runbookUrl: undefined,
          silenced: true,
        }),
      ],
    });
    const before = Math.floor(Date.now() / 1000);

    await channel().deliver(notification, makeContext());

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('ntf-1:ops-channel');
    const timestamp = Number(request.headers['x-ops-health-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(request.headers['x-ops-health-signature']).toMatch(
      /^sha256=[0-9a-f]{64}$/,
    );

    expect(JSON.parse(request.body.toString('utf8'))).toEqual({
      version: 1,
      id: 'ntf-1',
      kind: 'firing',
      entityRef: 'component:default/billing-api',
      title: 'billing-api: replication critical',
      summary:
        'replication billing-data: Replication latency 4,200 s is above 3,600 s',
      severity: 'critical',
      link: 'https://portal.example.com/catalog/default/component/billing-api/ops-health',
      alerts: [
        {
          dedupKey: 'component:default/billing-api|replication|billing-data',
          checkId: 'replication',
          subject: 'billing-data',
          status: 'firing',
          severity: 'critical',
          value: 4200,
          threshold: 3600,
          unit: 's',
          headline: null,
          message: 'Replication latency 4,200 s is above 3,600 s',
          runbookUrl: 'https://runbooks.example.com/s3-replication#latency',
          firstSeen: '2026-05-01T10:00:00.000Z',
          lastSeen: '2026-05-01T10:05:00.000Z',
          silenced: false,
        },
        {
          dedupKey: 'k2',
          checkId: 'replication',
          subject: 'billing-data',
          status: 'firing',
          severity: 'critical',
          value: null,
          threshold: null,
          unit: null,
          headline: null,
          message: 'Replication latency 4,200 s is above 3,600 s',
          runbookUrl: null,
          firstSeen: '2026-05-01T10:00:00.000Z',
          lastSeen: '2026-05-01T10:05:00.000Z',
          silenced: true,
        },
      ],
      createdAt: '2026-05-01T10:05:00.000Z',
    });
    // Recipients are internal addressing, not part of the payload.
    expect(request.body.toString('utf8')).not.toContain('team-billing');
  });

  it('signs "<timestamp>.<raw body>" so the receiver can verify it, and a tampered body fails', async () => {
    await channel().deliver(makeNotification(), makeContext());
    const [request] = receiver.requests;

    expect(verify(request)).toBe(true);

    // Independent computation of the documented scheme.
    const timestamp = request.headers['x-ops-health-timestamp'] as string;
    const expected = createHmac('sha256', SECRET)
      .update(`${timestamp}.${request.body.toString('utf8')}`)
      .digest('hex');
    expect(request.headers['x-ops-health-signature']).toBe(
      `sha256=${expected}`,
    );

    const tampered = Buffer.from(
      request.body.toString('utf8').replace('"critical"', '"info"'),
    );
    expect(tampered.equals(request.body)).toBe(false);
    expect(verify({ ...request, body: tampered })).toBe(false);
    expect(verify(request, 'another-secret-0123456789')).toBe(false);
    expect(
      verify({
        ...request,
        headers: {
          ...request.headers,
          'x-ops-health-timestamp': String(Number(timestamp) + 1),
        },
      }),
    ).toBe(false);
  });

  it('sends the same Idempotency-Key and body on every attempt of a delivery, each freshly signed', async () => {
    let now = new Date('2026-05-01T10:05:00Z');
    const ch = new WebhookChannel({
      name: 'ops-webhook',
      minSeverity: 'info',
      url: receiver.url,
      signingSecret: SECRET,
      timeoutMs: 2000,
      now: () => now,
    });
    const notification = makeNotification();
    receiver.respondWith((_req, res) => {
      res.statusCode = receiver.requests.length === 1 ? 503 : 204;
      res.end();
    });

    await expect(
      ch.deliver(
        notification,
        makeContext({ idempotencyKey: 'key-7', attempt: 1 }),
      ),
    ).rejects.toThrow("Webhook channel 'ops-webhook': HTTP 503");
    now = new Date('2026-05-01T10:05:30Z');
    await ch.deliver(
      notification,
      makeContext({ idempotencyKey: 'key-7', attempt: 2 }),
    );

    expect(receiver.requests).toHaveLength(2);
    const [first, second] = receiver.requests;
    expect(first.headers['idempotency-key']).toBe('key-7');
    expect(second.headers['idempotency-key']).toBe('key-7');
    expect(second.body.equals(first.body)).toBe(true);
    expect(first.headers['x-ops-health-timestamp']).toBe(
      String(Date.parse('2026-05-01T10:05:00Z') / 1000),
    );
    expect(second.headers['x-ops-health-timestamp']).toBe(
      String(Date.parse('2026-05-01T10:05:30Z') / 1000),
    );
    for (const request of [first, second]) {
      expect(
        verifyWebhookSignature({
          body: request.body,
          timestamp: request.headers['x-ops-health-timestamp'] as string,
          signature: request.headers['x-ops-health-signature'] as string,
          secret: SECRET,
          now: new Date('2026-05-01T10:06:00Z'),
        }),
      ).toBe(true);
    }
  });

  it('throws with the status, without the URL, when the receiver answers 500', async () => {
    receiver.respondWith((_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    const error: Error = await channel()
      .deliver(makeNotification(), makeContext())
      .catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      "Webhook channel 'ops-webhook': HTTP 500 Internal Server Error: boom",
    );
    expect(error.message).not.toContain(receiver.url);
    expect(JSON.stringify(error)).not.toContain('s3cr3tT0k3n');
  });

  it('times out', async () => {
    receiver.respondWith(() => {});
    await expect(
      channel(150).deliver(makeNotification(), makeContext()),
    ).rejects.toThrow(
      "Webhook channel 'ops-webhook': request timed out after 150 ms",
    );
  });

  it('never requests a URL found in the notification', async () => {
    const other = await startReceiver();
    try {
      await channel().deliver(
        makeNotification({
          link: other.url,
          alerts: [makeAlert({ runbookUrl: other.url })],
        }),
        makeContext(),
      );
      expect(receiver.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('verifyWebhookSignature', () => {
  const body = '{"version":1}';
  const now = new Date('2026-05-01T12:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);

  it('accepts a valid signature within the tolerance', () => {
    const signature = signWebhookPayload({
      body,
      timestamp: ts,
      secret: SECRET,
    });
    expect(
      verifyWebhookSignature({
        body,
        timestamp: ts,
        signature,
        secret: SECRET,
        now,
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({
        body: Buffer.from(body),
        timestamp: String(ts - 299),
        signature: signWebhookPayload({
          body,
          timestamp: ts - 299,
          secret: SECRET,
        }),
        secret: SECRET,
        now,
      }),
    ).toBe(true);
  });

  it('rejects old and future timestamps', () => {
    for (const t of [ts - 301, ts + 301]) {
      const signature = signWebhookPayload({
        body,
        timestamp: t,
        secret: SECRET,
      });
      expect(
        verifyWebhookSignature({
          body,
          timestamp: t,
          signature,
          secret: SECRET,
          now,
        }),
      ).toBe(false);
    }
    const old = ts - 3600;
    const signature = signWebhookPayload({
      body,
      timestamp: old,
      secret: SECRET,
    });
    expect(
      verifyWebhookSignature({
        body,
        timestamp: old,
        signature,
        secret: SECRET,
        now,
        toleranceSeconds: 7200,
      }),
    ).toBe(true);
  });

  it('accepts any of several secrets (rotation)', () => {
    const signature = signWebhookPayload({
      body,
      timestamp: ts,
      secret: 'old-secret-0123456789',
    });
    expect(
      verifyWebhookSignature({
        body,
        timestamp: ts,
        signature,
        secret: [SECRET, 'old-secret-0123456789'],
        now,
      }),
    ).toBe(true);
  });

  it('returns false on missing or malformed input', () => {
    const signature = signWebhookPayload({
      body,
      timestamp: ts,
      secret: SECRET,
    });
    const cases = [
      { timestamp: undefined, signature },
      { timestamp: 'abc', signature },
      { timestamp: `${ts}.5`, signature },
      { timestamp: ts, signature: undefined },
      { timestamp: ts, signature: signature.slice(0, -2) },
      { timestamp: ts, signature: signature.replace('sha256=', 'sha1=') },
      { timestamp: ts, signature: `${signature}00` },
    ];
    for (const c of cases) {
      expect(verifyWebhookSignature({ body, secret: SECRET, now, ...c })).toBe(
        false,
      );
    }
    expect(
      verifyWebhookSignature({
        body,
        timestamp: ts,
        signature,
        secret: '',
        now,
      }),
    ).toBe(false);
  });
});
