/*
 * The read path against the catalog's own read, in one running backend
 * (bench/readPathBackend.ts: real catalog, auth, permissions and Ops Health)
 * with N entities in the catalog, their check results and cost history, and
 * a million incident timeline rows: autocannon, 20 connections, 15 s each,
 * alternating, one guest token for all; then the same reads on a second
 * backend whose catalog is not reprocessing its entities while measured
 * (OPS_HEALTH_BENCH_QUIET=0 leaves it out). On each backend, after the
 * measured runs, two more under a CPU profile tell what ran in the event
 * loop's stalls and whose code a request's CPU time ran in
 * (bench/stallProfile.ts). Prints one JSON line.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/readPath.ts [sqlite|postgres] [entities] [timeline rows]
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import { POSTGRES_URL } from './benchUtils';
import {
  attributeCpu,
  attributeStalls,
  CpuProfile,
  Stall,
} from './stallProfile';

const ROOT = resolve(__dirname, '..');
const PORT = 7107;
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.OPS_HEALTH_BENCH_DURATION ?? 15);
const PREFIX = 'ops_health_bench_readpath_';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const ref = (i: number) => `svc-${String(i).padStart(5, '0')}`;

/** Components per catalog file: a portal's entities come from many repos. */
const PER_FILE = 100;

/**
 * The catalog files: the groups and the guest user in one, the components
 * in files of PER_FILE each, as a portal ingests many repos' catalog-info
 * files rather than one file of everything.
 */
function catalogFiles(count: number): Array<{ name: string; yaml: string }> {
  const files = [{ name: 'org.yaml', yaml: orgYaml() }];
  for (let start = 0; start < count; start += PER_FILE) {
    files.push({
      name: `components-${String(start / PER_FILE).padStart(4, '0')}.yaml`,
      yaml: componentsYaml(start, Math.min(count, start + PER_FILE)),
    });
  }
  return files;
}

function orgYaml(): string {
  const docs: string[] = [];
  for (let g = 0; g < 20; g++) {
    docs.push(
      `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${g}\nspec:\n  type: team\n  children: []\n`,
    );
  }
  docs.push(
    `apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata:\n  name: guest\nspec:\n  memberOf: [team-0]\n`,
  );
  return docs.join('---\n');
}

function componentsYaml(from: number, to: number): string {
  const docs: string[] = [];
  for (let i = from; i < to; i++) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${ref(i)}`,
        `  description: Service ${i} of the benchmark catalog`,
        '  annotations:',
        `    ops-health/cost-tags: service=${ref(i)}`,
        `    ops-health/s3-replication: ${ref(i)}-data`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: team-${i % 20}`,
        '',
      ].join('\n'),
    );
  }
  return docs.join('---\n');
}

function configYaml(
  kind: string,
  dir: string,
  count: number,
  timelineRows: number,
  files: string[],
) {
  const database =
    kind === 'sqlite'
      ? `    client: better-sqlite3\n    connection:\n      directory: ${dir}\n`
      : `    client: pg\n    prefix: ${PREFIX}\n    connection: ${POSTGRES_URL}\n`;
  return `app:
  baseUrl: http://localhost:3000
backend:
  baseUrl: ${BASE}
  listen:
    port: ${PORT}
  database:
${database}auth:
  environment: development
  providers:
    guest:
      userEntityRef: user:default/guest
      dangerouslyAllowOutsideDevelopment: true
permission:
  enabled: true
catalog:
  rules:
    - allow: [Component, Group, User, Location]
  locations:
${files
  .map(f => `    - type: file\n      target: ${join(dir, f)}\n`)
  .join('')}opsHealth:
  # No collection while measuring (there is no AWS here): the seeded
  # results are what is read.
  catchUp:
    schedule:
      frequency: { hours: 24 }
      timeout: { minutes: 10 }
      initialDelay: { hours: 24 }
  cost:
    schedule:
      frequency: { hours: 24 }
      timeout: { minutes: 10 }
      initialDelay: { hours: 24 }
  replication:
    schedule:
      frequency: { hours: 24 }
      timeout: { minutes: 10 }
      initialDelay: { hours: 24 }
  backup:
    schedule:
      frequency: { hours: 24 }
      timeout: { minutes: 10 }
      initialDelay: { hours: 24 }
  posture:
    schedule:
      frequency: { hours: 24 }
      timeout: { minutes: 10 }
      initialDelay: { hours: 24 }
bench:
  entities: ${count}
  timelineRows: ${timelineRows}
  configFile: ${join(dir, 'app-config.yaml')}
`;
}

async function dropPostgres() {
  const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
  const { rows } = await admin.raw(
    `SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`,
  );
  for (const { datname } of rows) {
    await admin.raw(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await admin.destroy();
}

async function json(path: string, token?: string) {
  const res = await fetch(`${BASE}${path}`, {
    headers: {
      'x-requested-with': 'XMLHttpRequest',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(2000);
  }
}

type Load = {
  name: string;
  path: string | ((i: number) => string);
};

async function load(
  l: Load,
  token: string,
  durationS = DURATION_S,
  connections = CONNECTIONS,
) {
  let n = 0;
  // The backend's event loop delay over the run (read, then reset): work
  // of anyone's in the process that held every request up.
  const loop = async () =>
    (await json('/api/bench-floor/loop', token)) as {
      maxMs: number;
      p99Ms: number;
    };
  await loop();
  const result = await autocannon({
    url: BASE,
    connections,
    duration: durationS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req: any) => ({
          ...req,
          path:
            typeof l.path === 'string'
              ? l.path
              : l.path(Math.floor((n++ * 7919) % 10_000)),
        }),
      },
    ],
  });
  return {
    name: l.name,
    connections,
    durationS,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerRequest: Math.round(
      result.throughput.total / Math.max(1, result.requests.total),
    ),
    non2xx: result.non2xx,
    errors: result.errors,
    loopDelay: await loop(),
  };
}

/** A running bench backend with its seeded data and a guest token. */
export type BenchBackend = {
  base: string;
  token: string;
  dir: string;
  setup: { seededMs: number; ingestedMs: number };
  stop(): Promise<void>;
};

/**
 * Starts bench/readPathBackend.ts on a fresh database of `kind` with
 * `count` components and `timelineRows` incident timeline rows, and waits
 * until the catalog has ingested them and the portal list sees the seeded
 * results. `extraConfig`: a second app-config file's text, read after the
 * first.
 */
export async function startBenchBackend(options: {
  kind: 'sqlite' | 'postgres';
  count: number;
  timelineRows: number;
  extraConfig?: string;
  /** The backend's NODE_ENV (production serves the built app as is). */
  nodeEnv?: string;
  /** Its CPU profiles can be taken (`/api/bench-floor/profile`). */
  profile?: boolean;
}): Promise<BenchBackend> {
  const { kind, count, timelineRows } = options;
  const dir = mkdtempSync(join(tmpdir(), 'ops-health-readpath-'));
  if (kind === 'postgres') await dropPostgres();
  const files = catalogFiles(count);
  for (const file of files) writeFileSync(join(dir, file.name), file.yaml);
  writeFileSync(
    join(dir, 'app-config.yaml'),
    configYaml(
      kind,
      dir,
      count,
      timelineRows,
      files.map(f => f.name),
    ),
  );
  // A second config file, read after the first (its keys win).
  const configArgs = ['--config', join(dir, 'app-config.yaml')];
  if (options.extraConfig) {
    writeFileSync(join(dir, 'app-config.extra.yaml'), options.extraConfig);
    configArgs.push('--config', join(dir, 'app-config.extra.yaml'));
  }
  const log = openSync(join(dir, 'backend.log'), 'w');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      join(ROOT, 'bench/readPathBackend.ts'),
      ...configArgs,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        NODE_ENV: options.nodeEnv ?? 'development',
        LOG_LEVEL: 'warn',
        ...(options.profile ? { OPS_HEALTH_BENCH_PROFILE: '1' } : {}),
      },
    },
  );
  const stop = async () => {
    child.kill('SIGTERM');
    await sleep(1000);
    if (kind === 'postgres') await dropPostgres().catch(() => {});
    if (!process.env.OPS_HEALTH_BENCH_KEEP) {
      rmSync(dir, { recursive: true, force: true });
    } else console.error(`kept ${dir}`);
  };
  const started = Date.now();
  try {
    const token: string = await waitFor(
      'a guest token',
      async () =>
        (
          await json('/api/auth/guest/refresh?env=development')
        ).backstageIdentity?.token,
      240_000,
    );
    const seededMs = await waitFor(
      'the seeded database',
      async () =>
        existsSync(join(dir, 'seeded')) ? Date.now() - started : undefined,
      900_000,
    );
    const ingestedMs = await waitFor(
      `the catalog's ${count} components`,
      async () => {
        const page = await json(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
          token,
        );
        return page.totalItems >= count ? Date.now() - started : undefined;
      },
      1_800_000,
    );
    // The portal list must see the seeded results before it is measured.
    const listed0 = await json(
      '/api/ops-health/health?status=critical&status=warning&status=unknown&limit=1',
      token,
    );
    // One in 20 seeded entities has a critical cost result.
    const expected = Math.ceil(count / 20);
    if (listed0.totalCount !== expected) {
      throw new Error(
        `the portal list sees ${listed0.totalCount} results before measuring, expected ${expected}`,
      );
    }
    return { base: BASE, token, dir, setup: { seededMs, ingestedMs }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The catalog's processing quiet while measuring: see main. */
const QUIET_CATALOG = `catalog:
  processingInterval: { minutes: 60 }
`;

/** The reads measured, over `count` components. */
function loads(count: number) {
  // The entity the fixed-URL rounds read.
  const one = ref(4242 % count);
  const catalogOne: Load = {
    name: 'catalog by-name, one entity',
    path: `/api/catalog/entities/by-name/component/default/${one}`,
  };
  const healthOne: Load = {
    name: 'ops-health entity health, one entity',
    path: `/api/ops-health/entities/component/default/${one}/health`,
  };
  const catalogAny: Load = {
    name: 'catalog by-name, a different entity each request',
    path: i =>
      `/api/catalog/entities/by-name/component/default/${ref(i % count)}`,
  };
  const healthAny: Load = {
    name: 'ops-health entity health, a different entity each request',
    path: i =>
      `/api/ops-health/entities/component/default/${ref(i % count)}/health`,
  };
  const list: Load = {
    name: 'ops-health portal list (status filter, page of 50)',
    path: i =>
      `/api/ops-health/health?status=critical&status=warning&status=unknown&limit=50&offset=${
        (i % 5) * 50
      }`,
  };
  const floor: Load = {
    name: 'an authenticated plugin route that does nothing (the floor)',
    path: '/api/bench-floor/ping',
  };
  return { catalogOne, healthOne, catalogAny, healthAny, list, floor };
}

/**
 * The pairs, alternating, then the portal list (and, unless `short`, the
 * floor and each read alone) against a started bench backend.
 */
async function measure(backend: BenchBackend, count: number, short = false) {
  const { token } = backend;
  const expected = Math.ceil(count / 20);
  const { catalogOne, healthOne, catalogAny, healthAny, list, floor } =
    loads(count);
  // Both routes answer the fixed-URL rounds' entity before measuring.
  await json(catalogOne.path as string, token);
  await json(healthOne.path as string, token);
  // Warm both paths, then alternate.
  await load(catalogOne, token, 3);
  await load(healthOne, token, 3);
  const rounds = [];
  for (const l of [catalogOne, healthOne, catalogOne, healthOne]) {
    rounds.push(await load(l, token));
  }
  const any = [];
  for (const l of [catalogAny, healthAny]) any.push(await load(l, token));
  await load(list, token, 3);
  const listed = await load(list, token);
  // The framework's ceiling on this machine, and each read alone (one
  // connection: its latency without the queue of 20).
  let framework;
  const alone = [];
  if (!short) {
    await load(floor, token, 3);
    framework = await load(floor, token);
    for (const l of [catalogOne, healthOne, catalogAny, healthAny, list]) {
      alone.push(await load(l, token, 10, 1));
    }
  }
  const sample = await json(
    '/api/ops-health/health?status=critical&status=warning&status=unknown&limit=50',
    token,
  );
  if (sample.totalCount !== expected) {
    throw new Error(
      `the portal list sees ${sample.totalCount} results after measuring, expected ${expected}`,
    );
  }
  const failed = [
    ...rounds,
    ...any,
    listed,
    ...(framework ? [framework] : []),
    ...alone,
  ].filter(r => r.non2xx || r.errors);
  if (failed.length) {
    throw new Error(`requests failed: ${JSON.stringify(failed)}`);
  }
  return {
    setup: backend.setup,
    listTotalCount: sample.totalCount,
    rounds,
    any,
    list: listed,
    ...(framework ? { floor: framework, alone } : {}),
  };
}

/** The shortest event-loop stall the attribution counts. */
const STALL_MIN_MS = 25;

/**
 * What ran in the event-loop stalls: the entity health read (a different
 * entity each request) and the portal list once more each, for twice a
 * run's time (the catalog processes in bursts), under a CPU
 * profile (which slows the process, so its own figures are not reported),
 * the samples inside the stalls of STALL_MIN_MS or more attributed to
 * whose work they were, and the whole run's CPU time to whose code it ran
 * in (bench/stallProfile.ts).
 */
async function attribute(backend: BenchBackend, count: number) {
  const { healthAny, list } = loads(count);
  const out = [];
  for (const l of [healthAny, list]) {
    const file = join(backend.dir, 'run.cpuprofile');
    const durationS = 2 * DURATION_S;
    const profiled = fetch(
      `${BASE}/api/bench-floor/profile?ms=${
        durationS * 1000
      }&stallMs=${STALL_MIN_MS}&file=${file}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${backend.token}` },
      },
    ).then(async res => {
      if (!res.ok) throw new Error(`profile: HTTP ${res.status}`);
      return (await res.json()) as { stalls: Stall[] };
    });
    const run = await load(l, backend.token, durationS);
    const { stalls } = await profiled;
    if (run.non2xx || run.errors) {
      throw new Error(`requests failed: ${JSON.stringify(run)}`);
    }
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    rmSync(file);
    out.push({
      name: l.name,
      durationS,
      minMs: STALL_MIN_MS,
      ...attributeStalls(profile, stalls),
      requests: run.requestsPerSecond * durationS,
      cpu: attributeCpu(profile),
    });
  }
  return out;
}

async function main() {
  const kind = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
  const count = Number(process.argv[3] ?? 10_000);
  const timelineRows = Number(process.argv[4] ?? 1_000_000);
  const backend = await startBenchBackend({
    kind,
    count,
    timelineRows,
    profile: true,
  });
  let measured;
  try {
    measured = {
      ...(await measure(backend, count)),
      stallsProfiled: await attribute(backend, count),
    };
  } finally {
    await backend.stop();
  }
  // The same reads again on a backend whose catalog is not reprocessing
  // its entities while measured: every entity is processed once at
  // ingestion, and next after catalog.processingInterval (60 minutes here;
  // by default 100-150 s, so that 10,000 entities keep the catalog's
  // processing loop busy in the same process all the time). What the
  // catalog's processing adds to every read's tail shows as the difference.
  let quiet;
  if (process.env.OPS_HEALTH_BENCH_QUIET !== '0') {
    const second = await startBenchBackend({
      kind,
      count,
      timelineRows,
      extraConfig: QUIET_CATALOG,
      profile: true,
    });
    try {
      quiet = {
        processingInterval: '60 minutes',
        ...(await measure(second, count, true)),
        stallsProfiled: await attribute(second, count),
      };
    } finally {
      await second.stop();
    }
  }
  process.stdout.write(
    `${JSON.stringify({
      bench: 'readPath',
      database: kind,
      entities: count,
      timelineRows,
      connections: CONNECTIONS,
      durationS: DURATION_S,
      ...measured,
      ...(quiet ? { quiet } : {}),
    })}\n`,
  );
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
