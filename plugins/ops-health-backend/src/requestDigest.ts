import { createHash } from 'node:crypto';

/**
 * What a request created with an Idempotency-Key asked, as a SHA-256 of its
 * fields in order (kept with the key): the same key with another digest is
 * another request, refused instead of answered with the first one's result.
 *
 * @internal
 */
export function requestDigest(fields: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
