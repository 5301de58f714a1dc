/**
 * A key for one thing the user creates (the API's Idempotency-Key): a second
 * click, or a retry after an answer that never came, sends the same key and
 * gets what the first request created instead of a second one.
 */
export function newIdempotencyKey(): string {
  return typeof globalThis.crypto?.randomUUID === 'function'
    ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
