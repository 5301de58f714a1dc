import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { disableLambdaDocker, postMotoApi } from './motoApi';

const HOST = '127.0.0.1';
const INSTALL_HINT = "Install it with `pip install 'moto[server]'`";
const OUTPUT_LIMIT = 16 * 1024;

class MotoUnavailableError extends Error {}

/**
 * A moto server that speaks the AWS wire protocols over plain HTTP.
 *
 * @public
 */
export interface MotoServer {
  /** Base URL to use as the AWS SDK endpoint, for example `http://127.0.0.1:5000`. */
  readonly endpoint: string;
  readonly port: number;
  /** Drops all emulated AWS state, keeping Lambda usable without Docker. */
  reset(): Promise<void>;
  /** Stops the server process, or does nothing for a connected server. */
  stop(): Promise<void>;
}

/**
 * Options for {@link startMotoServer}.
 *
 * @public
 */
export interface StartMotoServerOptions {
  /** Port to listen on; a free loopback port is picked when omitted. */
  port?: number;
  /** How long to wait for the server to answer, in milliseconds. Defaults to 30 seconds. */
  startTimeoutMs?: number;
  /**
   * Extra environment of the moto process, e.g. `INITIAL_NO_AUTH_ACTION_COUNT`
   * to have it check IAM credentials after that many requests.
   */
  env?: Record<string, string>;
}

/**
 * Starts `python3 -m moto.server` on 127.0.0.1 and waits until it answers.
 *
 * @remarks
 * The Python executable is taken from the `PYTHON` environment variable,
 * falling back to `python3`. Rejects with an installation hint when Python or
 * moto is missing: tests that need the emulator must fail, not skip.
 *
 * @public
 */
export async function startMotoServer(
  options: StartMotoServerOptions = {},
): Promise<MotoServer> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    try {
      return await startOnPort(
        port,
        options.startTimeoutMs ?? 30_000,
        options.env,
      );
    } catch (error) {
      // Another process may take a picked port before moto binds it.
      const portTaken =
        error instanceof Error && /Address already in use/.test(error.message);
      if (options.port !== undefined || !portTaken || attempt >= 3) {
        throw error;
      }
    }
  }
}

/**
 * The environment of the moto process. Under libfaketime (`faketime -f
 * '@2027-03-01 06:00:00' ./run test`), every new process starts its clock
 * again at the given instant, so a moto started a minute into the run would
 * be a minute behind the tests that use it: hand it this process's current
 * (fake) time instead, so that object times and ages agree.
 */
function childEnvironment(): NodeJS.ProcessEnv {
  const faketime = process.env.FAKETIME;
  if (!faketime?.startsWith('@')) return process.env;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  // libfaketime reads the instant in local time.
  const local = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(
    now.getDate(),
  )} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  // Started afresh at that instant: with FAKETIME_DONT_RESET (which ./run
  // sets so that its processes share one clock) moto would add the time
  // elapsed since the run began on top, and be minutes ahead.
  const { FAKETIME_DONT_RESET: _shared, ...env } = process.env;
  return { ...env, FAKETIME: `@${local}` };
}

async function startOnPort(
  port: number,
  startTimeoutMs: number,
  env: Record<string, string> = {},
): Promise<MotoServer> {
  const python = process.env.PYTHON || 'python3';
  const command = `${python} -m moto.server`;
  const endpoint = `http://${HOST}:${port}`;

  const child = spawn(
    python,
    ['-m', 'moto.server', '-H', HOST, '-p', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...childEnvironment(), ...env },
    },
  );
  const output = captureOutput(child);
  const exited = waitForExit(child);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopProcess(child, exited);
  };

  const polling = new AbortController();
  try {
    await Promise.race([
      waitUntilAnswering(endpoint, startTimeoutMs, polling.signal),
      exited.then(result => {
        throw new MotoUnavailableError(
          describeStartFailure(python, result, output()),
        );
      }),
    ]);
    await disableLambdaDocker(endpoint);
  } catch (error) {
    await stop();
    if (error instanceof MotoUnavailableError) {
      throw error;
    }
    throw new MotoUnavailableError(
      `moto server is not available: \`${command}\` did not become ready on ${endpoint} (${
        error instanceof Error ? error.message : String(error)
      }). Output: ${output() || '(none)'}`,
    );
  } finally {
    polling.abort();
  }

  return {
    endpoint,
    port,
    reset: () => resetMotoServer(endpoint),
    stop,
  };
}

/**
 * Wraps a moto server that is already running, for example one started by
 * `moto_server` in a terminal for the demo. Its `stop()` does nothing.
 *
 * @public
 */
export function connectMotoServer(endpoint: string): MotoServer {
  const url = new URL(endpoint);
  const normalized = `${url.protocol}//${url.host}`;
  return {
    endpoint: normalized,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    reset: () => resetMotoServer(normalized),
    stop: async () => {},
  };
}

async function resetMotoServer(endpoint: string): Promise<void> {
  await postMotoApi(endpoint, '/moto-api/reset');
  await disableLambdaDocker(endpoint);
}

/** Binds port 0 on loopback to let the OS pick a free port, then releases it. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() =>
        port ? resolve(port) : reject(new Error('no free port found')),
      );
    });
  });
}

type ExitResult =
  | { kind: 'error'; error: Error }
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null };

function waitForExit(child: ChildProcess): Promise<ExitResult> {
  return new Promise(resolve => {
    child.once('error', error => resolve({ kind: 'error', error }));
    // 'close' rather than 'exit': only then has all output been read.
    child.once('close', (code, signal) =>
      resolve({ kind: 'exit', code, signal }),
    );
  });
}

/** Keeps the tail of stdout and stderr, which is where Python reports why it failed. */
function captureOutput(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => text.trim();
}

function describeStartFailure(
  python: string,
  result: ExitResult,
  output: string,
): string {
  const command = `${python} -m moto.server`;
  if (result.kind === 'error') {
    const code = (result.error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `${python} was not found; install Python 3 or set PYTHON to a Python 3 executable`
        : result.error.message;
    return `moto server is not available: \`${command}\` failed (${reason}). ${INSTALL_HINT}`;
  }
  const status =
    result.signal !== null
      ? `killed by ${result.signal}`
      : `exited with code ${result.code}`;
  let reason = status;
  if (/No module named '?moto/.test(output)) {
    reason = `moto is not installed for ${python}`;
  } else if (/No module named '?(flask|werkzeug)/i.test(output)) {
    reason = `moto is installed for ${python} without its server extras`;
  }
  return `moto server is not available: \`${command}\` failed (${reason}). ${INSTALL_HINT}. Output: ${
    output || '(none)'
  }`;
}

async function waitUntilAnswering(
  endpoint: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !signal.aborted) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.ok) {
        return;
      }
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(
    `no answer within ${timeoutMs} ms, last error: ${String(lastError)}`,
  );
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<ExitResult>,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) {
    return;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
