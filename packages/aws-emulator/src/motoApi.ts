/**
 * Sends a JSON request to one of moto's own `/moto-api/...` endpoints, which
 * configure the emulator itself rather than emulating an AWS API.
 *
 * @internal
 */
export async function postMotoApi(
  endpoint: string,
  path: string,
  body?: unknown,
): Promise<void> {
  const url = `${endpoint.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    // fetch hides the actual network error, such as ECONNREFUSED, in `cause`.
    const cause = error instanceof Error ? error.cause ?? error : error;
    throw new Error(
      `moto API request POST ${url} failed, is the moto server running? ${String(
        cause,
      )}`,
    );
  }
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `moto API request POST ${url} failed with HTTP ${response.status}: ${text}`,
    );
  }
}

/**
 * Makes moto's Lambda emulation work without Docker: functions are created
 * and stored, but their code is never run.
 *
 * @internal
 */
export async function disableLambdaDocker(endpoint: string): Promise<void> {
  await postMotoApi(endpoint, '/moto-api/config', {
    lambda: { use_docker: false },
  });
}
