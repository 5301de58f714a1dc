import { ResponseError } from '@backstage/errors';

/**
 * The backend's own message of a failed request (e.g. which permission is
 * missing), rather than `Request failed with 403 Forbidden`.
 *
 * @internal
 */
export function errorMessage(error: unknown): string {
  if (
    error instanceof ResponseError ||
    (error as Error)?.name === 'ResponseError'
  ) {
    const { cause, body } = error as ResponseError;
    return body?.error?.message ?? cause?.message ?? (error as Error).message;
  }
  // fetch's own words when no answer came (the backend down, the network
  // gone): Chromium's "Failed to fetch", Firefox's "NetworkError when
  // attempting to fetch resource.", Safari's "Load failed".
  if (
    (error as Error)?.name === 'TypeError' &&
    /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/.test(
      (error as Error).message,
    )
  ) {
    return "Ops Health could not be reached: the network or the portal's backend is down. Reload the page to see what was saved, then try again.";
  }
  const message = (error as Error)?.message;
  return typeof message === 'string' ? message : String(error);
}

/**
 * The HTTP status of a failed request, when it was one.
 *
 * @internal
 */
export function errorStatus(error: unknown): number | undefined {
  return (error as Partial<ResponseError>)?.name === 'ResponseError'
    ? (error as ResponseError).statusCode
    : undefined;
}
