import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("tells a request no one answered from the backend's own refusal", async () => {
    const unreachable =
      "Ops Health could not be reached: the network or the portal's backend is down. Reload the page to see what was saved, then try again.";
    for (const message of [
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
    ]) {
      expect(errorMessage(new TypeError(message))).toBe(unreachable);
    }
    // Any other error keeps its own words; a response its backend's.
    expect(errorMessage(new TypeError('x is undefined'))).toBe(
      'x is undefined',
    );
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'A note cannot be empty' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    expect(errorMessage(refused)).toBe('A note cannot be empty');
  });
});
