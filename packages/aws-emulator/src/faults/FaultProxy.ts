import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A fault a {@link FaultProxy} can inject instead of forwarding a call:
 *
 * - `throttle`: HTTP 429, which the AWS SDK retries as throttling;
 * - `server-error`: HTTP 500 with an `InternalError` body;
 * - `reset`: the connection is destroyed before any answer;
 * - `slow`: the call is forwarded after `slowMs`;
 * - `truncated`: the answer's headers and half its body, then the connection
 *   ends.
 *
 * @public
 */
export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'reset'
  | 'slow'
  | 'truncated';

/** @public */
export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'server-error',
  'reset',
  'slow',
  'truncated',
];

/**
 * Options for {@link startFaultProxy}.
 *
 * @public
 */
export interface FaultProxyOptions {
  /** The endpoint calls are forwarded to, e.g. a moto server's. */
  target: string;
  /** Share of calls that get a fault, 0..1. */
  share: number;
  /** The faults to draw from, evenly. Default: all of them. */
  faults?: readonly FaultKind[];
  /** Seed of the draw, so a run can be repeated. Default: 1. */
  seed?: number;
  /** Delay of a `slow` call. Default: 1500 ms. */
  slowMs?: number;
}

/**
 * What a {@link FaultProxy} did.
 *
 * @public
 */
export interface FaultProxyStats {
  /** Calls received. */
  calls: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/**
 * A loopback proxy in front of an AWS emulator that injects faults into a
 * chosen share of the calls.
 *
 * @public
 */
export interface FaultProxy {
  endpoint: string;
  stats: FaultProxyStats;
  /** Changes the share of faulty calls from now on (0 turns faults off). */
  setShare(share: number): void;
  close(): Promise<void>;
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts a {@link FaultProxy} on a free loopback port.
 *
 * @public
 */
export async function startFaultProxy(
  options: FaultProxyOptions,
): Promise<FaultProxy> {
  const target = new URL(options.target);
  const kinds = options.faults ?? FAULT_KINDS;
  const draw = random(options.seed ?? 1);
  const slowMs = options.slowMs ?? 1500;
  let share = options.share;
  const stats: FaultProxyStats = {
    calls: 0,
    faults: Object.fromEntries(FAULT_KINDS.map(k => [k, 0])) as Record<
      FaultKind,
      number
    >,
  };

  const forward = (
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
    truncate: boolean,
  ) => {
    const upstream = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      answer => {
        const chunks: Buffer[] = [];
        answer.on('data', chunk => chunks.push(chunk));
        answer.on('end', () => {
          const full = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          headers['content-length'] = String(full.length);
          res.writeHead(answer.statusCode ?? 502, headers);
          if (truncate && full.length > 1) {
            res.write(full.subarray(0, Math.floor(full.length / 2)));
            res.socket?.destroy();
            return;
          }
          res.end(full);
        });
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      stats.calls++;
      const body = Buffer.concat(chunks);
      const fault =
        share > 0 && draw() < share
          ? kinds[Math.floor(draw() * kinds.length)]
          : undefined;
      if (fault) stats.faults[fault]++;
      switch (fault) {
        case 'throttle':
          res.writeHead(429, { 'content-type': 'text/plain' });
          res.end('Too Many Requests');
          return;
        case 'server-error':
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('InternalError');
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'slow':
          setTimeout(() => forward(req, body, res, false), slowMs);
          return;
        case 'truncated':
          forward(req, body, res, true);
          return;
        default:
          forward(req, body, res, false);
      }
    });
  });
  await new Promise<void>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    setShare(next: number) {
      share = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
