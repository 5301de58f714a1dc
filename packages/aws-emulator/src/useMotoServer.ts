import { MotoClientConfig, motoClientConfig } from './clientConfig';
import { MotoServer, startMotoServer } from './MotoServer';

/**
 * Access to the moto server of a test file, see {@link useMotoServer}.
 *
 * @public
 */
export interface MotoServerHandle {
  /** The running server; only available inside tests and hooks. */
  readonly server: MotoServer;
  /** The server endpoint; only available inside tests and hooks. */
  readonly endpoint: string;
  /** An AWS SDK v3 client config for the server. */
  clientConfig(region?: string): MotoClientConfig;
}

/**
 * Registers jest hooks that run one moto server for the calling test file:
 * started before all tests, reset before each test and stopped after all.
 *
 * @remarks
 * Call it at the top level of a test file or `describe` block. Starting fails
 * the tests (rather than skipping them) when Python or moto is missing.
 *
 * @public
 */
export function useMotoServer(options?: {
  startTimeoutMs?: number;
}): MotoServerHandle {
  const startTimeoutMs = options?.startTimeoutMs ?? 60_000;
  let current: MotoServer | undefined;

  beforeAll(async () => {
    current = await startMotoServer({ startTimeoutMs });
  }, startTimeoutMs + 5_000);

  beforeEach(async () => {
    await current?.reset();
  });

  afterAll(async () => {
    await current?.stop();
    current = undefined;
  }, 15_000);

  const server = () => {
    if (!current) {
      throw new Error(
        'The moto server is only available inside tests and hooks, after useMotoServer() has started it',
      );
    }
    return current;
  };

  return {
    get server() {
      return server();
    },
    get endpoint() {
      return server().endpoint;
    },
    clientConfig(region?: string) {
      return motoClientConfig(server().endpoint, region);
    },
  };
}
