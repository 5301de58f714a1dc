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
  return error instanceof Error ? error.message : String(error);
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
