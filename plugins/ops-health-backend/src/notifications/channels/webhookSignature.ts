import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature scheme (version 1)
 * ====================================
 *
 * Every webhook request carries:
 *
 *   X-Ops-Health-Timestamp: <unix time in whole seconds, when the request was sent>
 *   X-Ops-Health-Signature: sha256=<hex>
 *   Idempotency-Key:        <same value on every retry of one delivery>
 *
 * where `<hex>` is the lowercase hex HMAC-SHA256, keyed with the channel's
 * `signingSecret` (its UTF-8 bytes), of the UTF-8 bytes of
 *
 *   <X-Ops-Health-Timestamp value> + "." + <raw request body>
 *
 * A receiver should:
 *
 * 1. Read the raw body bytes, before any JSON parsing (re-serialising
 *    changes the bytes and breaks the signature).
 * 2. Recompute the HMAC and compare it with the header in constant time
 *    (e.g. `crypto.timingSafeEqual`, `hmac.compare_digest`).
 * 3. Reject a timestamp more than 5 minutes from its own clock (replays).
 * 4. Drop a request whose `Idempotency-Key` it has already processed: a
 *    retry after a timeout may repeat a delivery that did arrive. Each retry
 *    has a fresh timestamp and signature, but the same key and body `id`.
 *
 * In Node.js, `verifyWebhookSignature` below does steps 2 and 3.
 */

/** Default accepted clock difference, in seconds. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

/** @internal */
export const SIGNATURE_HEADER = 'X-Ops-Health-Signature';
/** @internal */
export const TIMESTAMP_HEADER = 'X-Ops-Health-Timestamp';

/**
 * The `X-Ops-Health-Signature` value (`sha256=<hex>`) of a body sent at
 * `timestamp` (unix seconds).
 *
 * @internal
 */
export function signWebhookPayload(options: {
  body: string | Buffer;
  timestamp: number | string;
  secret: string;
}): string {
  const hmac = createHmac('sha256', options.secret);
  hmac.update(`${options.timestamp}.`, 'utf8');
  hmac.update(
    typeof options.body === 'string'
      ? Buffer.from(options.body, 'utf8')
      : options.body,
  );
  return `sha256=${hmac.digest('hex')}`;
}

/**
 * Checks the signature of a received webhook request: the HMAC over
 * `"<timestamp>.<raw body>"` with any of the given secrets (several during a
 * rotation), compared in constant time, and a timestamp within
 * `toleranceSeconds` (default 300) of `now`. Returns false on anything
 * missing or malformed; never throws on input from the request.
 *
 * @public
 */
export function verifyWebhookSignature(options: {
  /** The raw request body, exactly as received. */
  body: string | Buffer;
  /** The `X-Ops-Health-Timestamp` header. */
  timestamp: string | number | undefined | null;
  /** The `X-Ops-Health-Signature` header. */
  signature: string | undefined | null;
  /** The signing secret, or several during a rotation. */
  secret: string | string[];
  toleranceSeconds?: number;
  /** Clock for the timestamp check; defaults to the current time. */
  now?: Date | number;
}): boolean {
  const { body, signature } = options;
  const tolerance =
    options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;

  const timestamp = String(options.timestamp ?? '').trim();
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  let nowMs = Date.now();
  if (options.now instanceof Date) nowMs = options.now.getTime();
  else if (typeof options.now === 'number') nowMs = options.now;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > tolerance) return false;

  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(
    String(signature ?? '').trim(),
  );
  if (!match) return false;
  const received = Buffer.from(match[1].toLowerCase(), 'hex');

  const secrets = (
    Array.isArray(options.secret) ? options.secret : [options.secret]
  ).filter(s => typeof s === 'string' && s.length > 0);
  let valid = false;
  for (const secret of secrets) {
    const expected = Buffer.from(
      signWebhookPayload({ body, timestamp, secret }).slice('sha256='.length),
      'hex',
    );
    // Both are 32 bytes; every secret is tried so timing does not tell which.
    if (timingSafeEqual(expected, received)) valid = true;
  }
  return valid;
}
