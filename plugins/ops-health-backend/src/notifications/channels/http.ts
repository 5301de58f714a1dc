/**
 * The one outgoing HTTP call the Slack and webhook channels make.
 *
 * - The URL comes from config only; it is a secret (a Slack webhook URL is a
 *   bearer token), so no error message, log line or `cause` ever contains it.
 * - Per-request timeout, combined with the dispatcher's signal.
 * - Redirects are not followed (a 3xx is a failure): the signed body never
 *   goes anywhere but the configured URL.
 * - At most a few KB of the response body are read, for the error message.
 */

/** Bytes of a response body read for an error message. */
const MAX_ERROR_BODY_BYTES = 4096;
/** Characters of the response body quoted in an error message. */
const ERROR_BODY_CHARS = 200;

/** @internal */
export const USER_AGENT = 'Backstage-Ops-Health/1';

/** @internal */
export interface PostOptions {
  /** Names the channel in error messages, e.g. `Slack channel 'ops'`. */
  label: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** The dispatcher's signal; its abort reason is rethrown as is. */
  signal: AbortSignal;
}

/**
 * Replaces every occurrence of the secret URL in a text: as configured, as
 * normalised, and its path and query alone (the secret part of a Slack
 * webhook URL), longest first.
 */
export function redactUrl(text: string, url: string): string {
  const forms = new Set<string>([url]);
  try {
    const parsed = new URL(url);
    forms.add(parsed.href);
    const pathAndQuery = `${parsed.pathname}${parsed.search}`;
    if (pathAndQuery.length > 1) forms.add(pathAndQuery);
  } catch {
    // not a URL: only the raw form is redacted
  }
  let result = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form) result = result.split(form).join('<redacted url>');
  }
  return result;
}

/** The host of a receiver's URL, to name it without its secret path. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host || 'an unnamed host';
  } catch {
    return 'an invalid URL';
  }
}

async function readSnippet(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a body cut off mid-way still gives what was read
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  return text.replace(/\s+/g, ' ').trim();
}

function messageOf(value: unknown): string | undefined {
  // Not instanceof Error: fetch's errors may come from another realm.
  return value &&
    typeof value === 'object' &&
    typeof (value as { message?: unknown }).message === 'string'
    ? (value as { message: string }).message
    : undefined;
}

function describeCause(error: unknown): string {
  const message = messageOf(error);
  if (message === undefined) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const causeMessage = messageOf(cause);
  if (causeMessage !== undefined) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !causeMessage.includes(code)
      ? `${code}: ${causeMessage}`
      : causeMessage;
  }
  return message;
}

/**
 * POSTs `body`; resolves on a 2xx, throws otherwise. The thrown errors name
 * the channel and the status, quote the first 200 characters of the response
 * body, and never contain the URL. When the dispatcher's signal aborts, its
 * reason is rethrown (so callers can tell a shutdown from a failure).
 *
 * @internal
 */
export async function postJson(options: PostOptions): Promise<void> {
  const { label, url, body, headers, timeoutMs, signal } = options;
  signal.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
        ...headers,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timeout.aborted) {
      throw new Error(`${label}: request timed out after ${timeoutMs} ms`);
    }
    throw new Error(
      `${label}: request failed: ${redactUrl(describeCause(error), url)}`,
    );
  }

  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  // Redacted before it is cut, so no part of the URL survives the cut.
  const snippet = redactUrl(await readSnippet(response), url).slice(
    0,
    ERROR_BODY_CHARS,
  );
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  throw new Error(
    `${label}: HTTP ${response.status}${statusText}${
      snippet ? `: ${snippet}` : ''
    }`,
  );
}
