import { createServer, IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DeliveryContext,
  NotificationAlert,
  OpsHealthNotification,
} from '../../types';

/** A request the receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Raw body, exactly as received. */
  body: Buffer;
}

export type Responder = (
  request: ReceivedRequest,
  response: ServerResponse,
) => void;

/**
 * A local HTTP receiver on 127.0.0.1 (random port) that records requests and
 * answers with `respond` (default: 200 "ok").
 */
export async function startReceiver() {
  const requests: ReceivedRequest[] = [];
  let respond: Responder = (_req, res) => res.end('ok');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      respond(request, res);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** A URL with a secret-looking path, like a Slack webhook's. */
    url: `http://127.0.0.1:${port}/services/T000/B000/s3cr3tT0k3n`,
    requests,
    respondWith(responder: Responder) {
      respond = responder;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export function makeAlert(
  overrides: Partial<NotificationAlert> = {},
): NotificationAlert {
  return {
    dedupKey: 'component:default/billing-api|replication|billing-data',
    checkId: 'replication',
    subject: 'billing-data',
    status: 'firing',
    severity: 'critical',
    value: 4200,
    threshold: 3600,
    unit: 's',
    message: 'Replication latency 4,200 s is above 3,600 s',
    runbookUrl: 'https://runbooks.example.com/s3-replication#latency',
    firstSeen: '2026-05-01T10:00:00.000Z',
    lastSeen: '2026-05-01T10:05:00.000Z',
    ...overrides,
  };
}

export function makeNotification(
  overrides: Partial<OpsHealthNotification> = {},
): OpsHealthNotification {
  return {
    id: 'ntf-1',
    kind: 'firing',
    entityRef: 'component:default/billing-api',
    recipients: ['group:default/team-billing'],
    title: 'billing-api: replication critical',
    summary:
      'replication billing-data: Replication latency 4,200 s is above 3,600 s',
    severity: 'critical',
    link: '/catalog/default/component/billing-api/ops-health',
    alerts: [makeAlert()],
    scope: 'component:default/billing-api|replication|billing-data',
    createdAt: '2026-05-01T10:05:00.000Z',
    ...overrides,
  };
}

export function makeContext(
  overrides: Partial<DeliveryContext> = {},
): DeliveryContext {
  return {
    idempotencyKey: 'ntf-1:ops-channel',
    attempt: 1,
    signal: new AbortController().signal,
    ...overrides,
  };
}
