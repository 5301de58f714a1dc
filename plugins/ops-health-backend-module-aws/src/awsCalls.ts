import { CustomErrorBase } from '@backstage/errors';
/**
 * Helpers of every AWS check: call counting, error texts without ARNs,
 * bounded concurrency, abortable waits.
 */

/**
 * Counts outside calls by API name, for the run's log line.
 *
 * @public
 */
export class CallCounter {
  private readonly counts: Record<string, number> = {};

  /** Counts one call of `api`, failed ones included. */
  add(api: string) {
    this.counts[api] = (this.counts[api] ?? 0) + 1;
  }

  get(api: string): number {
    return this.counts[api] ?? 0;
  }

  total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  toRecord(): Record<string, number> {
    return { ...this.counts };
  }
}

/** The error name (`NoSuchBucket`, `AccessDenied`, …) of an AWS SDK error. */
export function errorName(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { name?: unknown; Code?: unknown };
  if (typeof e.Code === 'string') return e.Code;
  return typeof e.name === 'string' ? e.name : undefined;
}

/** HTTP status of an AWS SDK error, when it has one. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata
    ?.httpStatusCode;
}

/**
 * ARNs in AWS error texts (`User: arn:aws:sts::123456789012:assumed-role/...
 * is not authorized`) name the platform's roles and accounts: they go to the
 * log, never to the people who read results and API errors.
 */
const ARN = /\barn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:\d{12}:[^\s"',;)]+/gi;

/**
 * `Name: message` of an error, for failures and messages that people read:
 * ARNs are withheld (`describeErrorForLog` keeps them).
 */
export function describeError(error: unknown): string {
  return describeErrorForLog(error).replace(ARN, '(ARN withheld)');
}

/** `Name: message` of an error, as is, for the log. */
export function describeErrorForLog(error: unknown): string {
  // Backstage's own errors (a verifier's ServiceUnavailableError) say it
  // all in their message.
  if (error instanceof CustomErrorBase) return error.message;
  if (error instanceof Error) {
    const name = errorName(error) ?? error.name;
    const message = error.message?.trim() ?? '';
    if (!message || message === name || message === 'UnknownError') {
      return name || 'Error';
    }
    return name && name !== 'Error' && !message.startsWith(name)
      ? `${name}: ${message}`
      : message;
  }
  return String(error);
}

/** Whether the error is an abort of the run (not a failure of one subject). */
export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return Boolean(signal?.aborted) || errorName(error) === 'AbortError';
}

/**
 * Maps the items with at most `limit` calls of `fn` in flight, keeping order.
 * Rejects with the first error; `fn` should catch what it can handle.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** Resolves after `ms`, or rejects with the abort reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Bucket name from an S3 bucket ARN (`arn:aws:s3:::name`), or the value. */
export function bucketFromArn(arn: string): string {
  const match = /^arn:aws[a-z-]*:s3:::([^/]+)/.exec(arn);
  return match ? match[1] : arn;
}

/** Role name (without path) from an IAM role ARN, or the value. */
export function roleNameFromArn(arn: string): string {
  const match = /^arn:aws[a-z-]*:iam::\d*:role\/(.+)$/.exec(arn);
  const path = match ? match[1] : arn;
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Formats a duration for people: `45 s`, `58 min`, `3.5 h`, `2.1 days`.
 */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${round(seconds)} s`;
  if (seconds < 120 * 60) return `${round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} days`;
}

function round(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/** Formats a count with thousands separators. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Formats a byte count: `512 B`, `3.2 MB`, `5 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${round(value)} ${units[unit]}`;
}
