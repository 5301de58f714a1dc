import { OpsHealthClient } from '../OpsHealthClient';

/** The backend's base URL the test client discovers. */
export const base = 'http://backstage/api/ops-health';

/** A JSON response. */
export function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** A client whose fetch answers the given responses in order. */
export function client(...responses: Response[]) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected request');
    return next;
  });
  return {
    fetch,
    client: new OpsHealthClient({
      discoveryApi: { getBaseUrl: async () => base },
      fetchApi: { fetch: fetch as any },
    }),
  };
}
