/**
 * Counts outside calls by API name, for the run's log line and `calls`.
 *
 * @internal
 */
export class CallCounter {
  readonly calls: Record<string, number> = {};

  count(api: string): void {
    this.calls[api] = (this.calls[api] ?? 0) + 1;
  }
}

/**
 * The name and message of an AWS SDK (or any) error, in one line, e.g.
 * `AccessDenied: Access Denied`.
 *
 * @internal
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name =
      error.name && error.name !== 'Error'
        ? error.name
        : error.constructor.name;
    const message = error.message?.trim();
    if (!message || message === name || message === 'UnknownError') {
      return name || 'Error';
    }
    return name && name !== 'Error' ? `${name}: ${message}` : message;
  }
  return String(error);
}

/**
 * The error name an AWS SDK v3 service exception carries.
 *
 * @internal
 */
export function errorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'name' in error) {
    const name = (error as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/**
 * Whether an error comes from the run being aborted rather than from AWS.
 *
 * @internal
 */
export function isAbortError(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || errorName(error) === 'AbortError';
}
