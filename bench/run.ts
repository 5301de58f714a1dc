/*
 * `./run bench`: runs every benchmark, each in a process of its own, and
 * writes docs/benchmarks.md (and the raw figures, docs/benchmarks.json).
 * Every figure in the report is read from a benchmark's output; the report
 * names the command that produced it.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/run.ts [--quick] [--only <sections>]
 *
 * --quick: smaller sizes and shorter loads, to try the harness (the report
 * says so).
 * --only aws-calls,collector,alerting,read-path,frontend: reruns those
 * sections only; the figures of the others are the ones docs/benchmarks.json
 * holds, from the run that measured them, and the report says which run
 * each section's figures come from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import { POSTGRES_URL } from './benchUtils';
import { bundleBench } from './bundle';
import { frontendChunks } from './frontendChunks';
import { CPU_SHARE_OWNERS, STALL_OWNERS } from './stallProfile';

const ROOT = resolve(__dirname, '..');
const NODE = [
  process.execPath,
  '--require',
  '@backstage/cli/config/nodeTransform.cjs',
];
const quick = process.argv.includes('--quick');

const SECTIONS = [
  'aws-calls',
  'collector',
  'alerting',
  'read-path',
  'frontend',
] as const;
type Section = (typeof SECTIONS)[number];

/** The sections this run measures (--only); all of them by default. */
function sectionsToRun(): Set<Section> {
  const at = process.argv.indexOf('--only');
  if (at < 0) return new Set(SECTIONS);
  const names = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter(n => !SECTIONS.includes(n as Section));
  if (!names.length || unknown.length) {
    throw new Error(
      `--only takes a comma-separated list of sections, of ${SECTIONS.join(
        ', ',
      )}; got '${process.argv[at + 1] ?? ''}'`,
    );
  }
  return new Set(names as Section[]);
}
const selected = sectionsToRun();
const partial = selected.size < SECTIONS.length;

type Line = Record<string, any>;
/** When and at which commit a result was measured. */
type Ran = { date: string; commit: string };
type Result = { command: string; lines: Line[]; error?: string; ran?: Ran };
const results: Result[] = [];

/**
 * What the last report holds (docs/benchmarks.json): the figures of the
 * sections an --only run does not measure.
 */
const previous: {
  machine?: Ran & Record<string, unknown>;
  quick?: boolean;
  results?: Result[];
  frontendChunks?: ReturnType<typeof frontendChunks> & { ran?: Ran };
} = partial
  ? JSON.parse(readFileSync(join(ROOT, 'docs/benchmarks.json'), 'utf8'))
  : {};
if (partial && previous.quick !== quick) {
  throw new Error(
    `docs/benchmarks.json is of a run ${
      previous.quick ? 'with' : 'without'
    } --quick: rerun every section (no --only), or run --only ${
      previous.quick ? 'with' : 'without'
    } --quick as it was`,
  );
}
/** This run's date and commit, set in main(). */
let thisRun: Ran;

/** A result of the last report: measured by an earlier run. */
function kept(command: string): Result {
  const found = previous.results?.find(r => r.command === command);
  if (!found) {
    throw new Error(
      `docs/benchmarks.json holds no result of '${command}': rerun its section too`,
    );
  }
  const result: Result = {
    ...found,
    ran: found.ran ?? {
      date: previous.machine!.date,
      commit: previous.machine!.commit,
    },
  };
  results.push(result);
  return result;
}

/**
 * Runs `bench/<script>` in a process of its own: through the CLI's node
 * transform, or (`bundle`) the script compiled ahead (bench/bundle.ts).
 */
function bench(
  section: Section,
  script: string,
  args: string[] = [],
  nodeFlags: string[] = [],
  bundle?: string,
): Result {
  const entry = bundle ? [bundle] : [...NODE.slice(1), join('bench', script)];
  const command = ['node', ...nodeFlags, ...entry, ...args].join(' ');
  if (!selected.has(section)) return kept(command);
  process.stderr.write(`[bench] ${command}\n`);
  const run = spawnSync(NODE[0], [...nodeFlags, ...entry, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      ...(quick ? { OPS_HEALTH_BENCH_DURATION: '5' } : {}),
    },
  });
  const lines = run.stdout
    .split('\n')
    .filter(l => l.startsWith('{'))
    .map(l => JSON.parse(l));
  const result: Result = {
    command,
    lines,
    ran: thisRun,
    ...(run.status !== 0
      ? { error: `exit ${run.status}: ${run.stderr.slice(-2000)}` }
      : {}),
  };
  if (result.error) {
    process.stderr.write(`[bench] failed: ${result.error}\n`);
  }
  results.push(result);
  return result;
}

async function machine() {
  let postgres = 'not reachable';
  try {
    const knex = knexFactory({ client: 'pg', connection: POSTGRES_URL });
    postgres = (await knex.raw('show server_version')).rows[0].server_version;
    await knex.destroy();
  } catch {
    // reported as not reachable
  }
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const [{ v }] = await sqlite.raw('select sqlite_version() as v');
  await sqlite.destroy();
  const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  return {
    date: new Date().toISOString(),
    commit: rev,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    postgres,
    sqlite: v,
  };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      });
const mark = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
const code = (s: string) => `\`${s}\``;
const CONNECTIONS_OF = (l: Line): number => l.connections ?? 20;

async function main() {
  const info = await machine();
  thisRun = { date: info.date, commit: info.commit };
  const sizes = quick ? [1000] : [1000, 5000, 10000];
  const collectorSize = quick ? 2000 : 10000;
  const readEntities = quick ? 1000 : 10000;
  const timelineRows = quick ? 50_000 : 1_000_000;

  const aws = bench('aws-calls', 'awsCalls.ts', quick ? ['--quick'] : []);
  // The collector compiled ahead, as the production build runs it (its RSS
  // is one of the figures). --expose-gc: it reports the heap in use after a
  // full collection before and after its refreshes (outside the figures
  // timed).
  const collectorBundle = selected.has('collector')
    ? await bundleBench('collector.ts')
    : 'node_modules/.cache/ops-health-bench/collector.js';
  const collector = (args: string[], flags: string[] = []) =>
    bench(
      'collector',
      'collector.ts',
      args,
      ['--expose-gc', ...flags],
      collectorBundle,
    );
  // Peak RSS turns on when V8 runs its full collections, which differs from
  // one process to the next: the compiled SQLite and PostgreSQL refreshes
  // run RUNS times, each in a fresh process, and are judged on the worst.
  const RUNS = quick ? 1 : 3;
  const repeated = (args: string[]) =>
    Array.from({ length: RUNS }, () => collector(args));
  const collectorSqliteRuns = repeated([String(collectorSize), 'sqlite']);
  const collectorPgRuns = repeated([String(collectorSize), 'postgres']);
  // The same refreshes in development: TypeScript compiled as it loads.
  const collectorDev = bench(
    'collector',
    'collector.ts',
    [String(collectorSize), 'sqlite'],
    ['--expose-gc'],
  );
  const collectorMoto = collector(['200', 'sqlite', 'moto']);
  const alertingSqlite = bench('alerting', 'alerting.ts', [
    'sqlite',
    ...sizes.map(String),
  ]);
  const alertingPg = bench('alerting', 'alerting.ts', [
    'postgres',
    ...sizes.map(String),
  ]);
  const readSqlite = bench('read-path', 'readPath.ts', [
    'sqlite',
    String(readEntities),
    String(timelineRows),
  ]);
  const readPg = bench('read-path', 'readPath.ts', [
    'postgres',
    String(readEntities),
    String(timelineRows),
  ]);
  const chunks =
    selected.has('frontend') || !previous.frontendChunks
      ? { ...frontendChunks(ROOT), ran: thisRun }
      : previous.frontendChunks;
  // After the production build above: the timing serves it.
  const timing = bench('frontend', 'frontendTiming.ts', [quick ? '3' : '9']);
  /** Where a section's figures come from an earlier run, which one. */
  const provenance = (...of: Array<{ ran?: Ran }>) => {
    const earlier = of.find(r => r.ran && r.ran !== thisRun)?.ran;
    return earlier
      ? [
          `_These figures are kept from the run of ${
            earlier.date
          } at commit ${code(
            earlier.commit,
          )}: the run that wrote this file did not measure this section._`,
          '',
        ]
      : [];
  };

  const out: string[] = [];
  const p = (...lines: string[]) => out.push(...lines);
  p(
    '# Benchmarks',
    '',
    `Written by ${code(
      partial ? `./run bench --only ${[...selected].join(',')}` : './run bench',
    )}${
      quick ? ` (**--quick**: reduced sizes, not the issue's targets)` : ''
    } on ${info.date} at commit ${code(info.commit)}${
      partial
        ? `, which measured ${[...selected].join(
            ', ',
          )} only: the sections it did not measure say which run their figures come from (${code(
            './run bench',
          )} alone measures all)`
        : ''
    }. Nothing here is typed by hand: ${code(
      'bench/run.ts',
    )} runs each benchmark in a process of its own and writes this file from their output (raw figures: ${code(
      'docs/benchmarks.json',
    )}). These machines are noisy: compare figures of one run side by side, as ratios.`,
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPUs | ${info.cpus} |`,
    `| memory | ${info.memory} |`,
    `| Node.js | ${info.node} |`,
    `| OS | ${info.os} |`,
    `| PostgreSQL | ${info.postgres} |`,
    `| SQLite | ${info.sqlite} (better-sqlite3) |`,
    '',
    'The backend code runs from its TypeScript sources through the Backstage CLI node transform, as in development, except where a section says it runs compiled ahead (the collector of section 3, whose memory is one of the figures); a production build loads less and starts smaller.',
    '',
  );

  // 1. AWS calls.
  p(
    '## 1. AWS calls per refresh',
    '',
    ...provenance(aws),
    `Command: ${code(aws.command)}`,
    '',
    'The cost, replication and backup checks run over N annotated entities against an AWS that runs in the process (`bench/inProcessAws.ts`): real AWS SDK v3 clients whose requests a middleware counts and answers, paging as AWS does (Cost Explorer 5,000 groups a page, GetMetricData 500 queries a call, ListObjectsV2 1,000 keys a page). Cost Explorer, whose answers are the large ones, answers as on the wire: its requests are serialized and signed and its JSON answers parsed by the deserializer of the SDK; the answers of the other services are handed to the SDK before serialization. One in 20 entities is over its daily cost threshold (5 %), one in 5 has a replicated bucket, one in 10 S3 backups; resource tags prove ownership (`trust.requireResourceTag`). *First* is the refresh that backfills 90 days of cost history; *steady* every refresh after it.',
    '',
    '| entities | accounts | over threshold | Cost Explorer first | Cost Explorer steady | CloudWatch | S3 | IAM | Lambda | Logs |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const l of aws.lines) {
    const [first, steady] = l.runs;
    const t = steady.totals;
    p(
      `| ${fmt(l.entities)} | ${l.accounts} | ${fmt(l.hot)} | ${fmt(
        first.totals.CostExplorer ?? 0,
      )} | ${fmt(t.CostExplorer ?? 0)} | ${fmt(t.CloudWatch ?? 0)} | ${fmt(
        t.S3 ?? 0,
      )} | ${fmt(t.IAM ?? 0)} | ${fmt(t.Lambda ?? 0)} | ${fmt(t.Logs ?? 0)} |`,
    );
  }
  const failures = aws.lines.flatMap(l =>
    l.runs.flatMap((r: any) => Object.values(r.failures) as number[]),
  );
  p(
    '',
    `Failures in these runs: ${fmt(
      failures.reduce((a, b) => a + b, 0),
    )}. Cost Explorer grows with accounts (one grouped query and one drill-down per account) and with pages, not with entities or with the entities over a threshold: the drill-down is one query per account grouped by the tag and ${code(
      'SERVICE',
    )}. CloudWatch is one GetMetricData per 500 metric queries (4 per replication rule), the API's own maximum. S3, IAM and Lambda have no batch read: they are per bucket and function (tags, replication, versioning, encryption, public access block), so they are what grows.`,
    '',
  );
  const refreshesPerMonth = 4 * 30; // cost.schedule: every 6 hours
  const viewsPerEntityPerMonth = 30;
  p(
    '**Against one Cost Explorer query per entity view** (what the leading AWS cost plugin for Backstage does: each entity page view asks Cost Explorer for that entity). Assumed: the default cost schedule (every 6 hours, 120 refreshes a month) and each entity page viewed once a day (30 views a month); USD 0.01 per request.',
    '',
    '| entities | accounts | our requests / month | per-view requests / month | ratio | our bill / month | per-view bill / month |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const l of aws.lines) {
    const steady = l.runs[1].totals.CostExplorer ?? 0;
    const first = l.runs[0].totals.CostExplorer ?? 0;
    const ours = first + steady * (refreshesPerMonth - 1);
    const perView = l.entities * viewsPerEntityPerMonth;
    p(
      `| ${fmt(l.entities)} | ${l.accounts} | ${fmt(ours)} | ${fmt(
        perView,
      )} | ${fmt(perView / ours, 1)}× | USD ${fmt(ours * 0.01, 2)} | USD ${fmt(
        perView * 0.01,
        2,
      )} |`,
    );
  }
  p('');

  // 2. Read path.
  p(
    '## 2. Read path against the catalog',
    '',
    ...provenance(readSqlite, readPg),
    "One backend (`bench/readPathBackend.ts`): the real catalog, auth (guest), permission (the demo policy) and Ops Health plugins, N components in the catalog (ingested from file locations of 100 components each, as from many repos), each with three check results (with details) and 90 days of cost history, and incidents with 1,000,000 timeline rows in all. autocannon, 20 connections, alternating runs, the same guest token. *One entity*: every request reads the same entity (the entity page reloaded); *a different entity each request*: every request another one (the catalog's answer kept per caller cannot help). The entity health read is the summary the entity pages read: without the checks' details (each check's own route has them); each replica keeps the summaries' results in memory, up to 10,000 entities, and the portal list's results per filter, up to 2,000 a filter, until results are written (by any replica: it asks a counter in the database at most every 250 ms), so after the first read of each entity or filter it reads no results from the database (who may see which entity still applies to each request). _Longest event-loop stall_: the longest the backend's event loop was blocked during the run, by whatever ran in the process (a request waiting behind it waits that long); _longest GC pause_ and _GC time_: the part of it that was V8's garbage collector (its pauses as Node reports them, and their sum over the run's duration).",
    '',
  );
  // One run's pairs, list and verdicts against the targets.
  const readPathTable = (l: any) => {
    p(
      '| run | req/s | p50 ms | p99 ms | bytes | non-2xx | longest event-loop stall ms | longest GC pause ms | GC time % |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const x of [...l.rounds, ...l.any, l.list]) {
      p(
        `| ${x.name} | ${fmt(x.requestsPerSecond)} | ${fmt(x.p50Ms)} | ${fmt(
          x.p99Ms,
        )} | ${fmt(x.bytesPerRequest)} | ${fmt(x.non2xx)} | ${
          x.loopDelay ? fmt(x.loopDelay.maxMs) : '–'
        } | ${
          x.loopDelay?.gcMaxMs !== undefined ? fmt(x.loopDelay.gcMaxMs) : '–'
        } | ${
          x.loopDelay?.gcTotalMs !== undefined
            ? fmt((100 * x.loopDelay.gcTotalMs) / (x.durationS * 1000), 1)
            : '–'
        } |`,
      );
    }
    const cat = l.rounds.filter((x: any) => x.name.startsWith('catalog'));
    const ours = l.rounds.filter((x: any) => x.name.startsWith('ops-health'));
    const mean = (xs: any[], k: string) =>
      xs.reduce((a, x) => a + x[k], 0) / xs.length;
    const ratio =
      mean(ours, 'requestsPerSecond') / mean(cat, 'requestsPerSecond');
    const p99 = Math.max(...ours.map((x: any) => x.p99Ms));
    const anyRatio = l.any[1].requestsPerSecond / l.any[0].requestsPerSecond;
    const anyP99 = l.any[1].p99Ms;
    p(
      '',
      `- entity health / catalog by-name throughput, one entity: **${fmt(
        ratio,
        2,
      )}** (target ≥ 1.0: ${mark(ratio >= 1)}); its worst p99 **${fmt(
        p99,
      )} ms** (target ≤ 25 ms: ${mark(p99 <= 25)})`,
      `- the same, a different entity each request: **${fmt(
        anyRatio,
        2,
      )}**; its p99 **${fmt(anyP99)} ms** (target ≤ 25 ms: ${mark(
        anyP99 <= 25,
      )})`,
      `- portal list p99 **${fmt(l.list.p99Ms)} ms** (target ≤ 50 ms: ${mark(
        l.list.p99Ms <= 50,
      )}); ${fmt(l.listTotalCount)} results match its filter`,
      '',
    );
  };
  // What ran in the event-loop stalls of one backend's profiled runs.
  const stallsTable = (l: any) => {
    if (!l.stallsProfiled?.length) return;
    const rows = l.stallsProfiled as Array<{
      name: string;
      durationS: number;
      minMs: number;
      stalls: number;
      stallMs: number;
      sampledMs: Record<string, number>;
    }>;
    p(
      `**What ran in the stalls.** The entity health read (a different entity each request) and the portal list once more each on this backend, ${rows[0].durationS} s each under a CPU profile (\`bench/stallProfile.ts\`): a 5 ms timer marks the event loop's stalls of ${rows[0].minMs} ms or more, and the profile's samples inside them are attributed by the frames on their stack, the first that matches: the catalog's processing (its processing loop, processors, the YAML parsing of the location files, stitching), Ops Health, the catalog's API, a database client whose caller the stack does not show (a query's continuation: on SQLite, whose statements run synchronously, any plugin's), the garbage collector, idle (the process was not running), and the rest (HTTP, auth, the OpenAPI validation, serialization). With 20 connections a stall also holds the requests queued in it. The profiler slows the process, so these runs' own throughput and latency are not reported.`,
      '',
      `| run | stalls | their time ms | ${STALL_OWNERS.join(' % | ')} % |`,
      `| --- | ---: | ---: | ${STALL_OWNERS.map(() => '---:').join(' | ')} |`,
      ...rows.map(r => {
        const sampled = Object.values(r.sampledMs).reduce((a, b) => a + b, 0);
        return `| ${r.name} | ${fmt(r.stalls)} | ${fmt(
          r.stallMs,
        )} | ${STALL_OWNERS.map(o =>
          sampled ? fmt((100 * (r.sampledMs[o] ?? 0)) / sampled) : '–',
        ).join(' | ')} |`;
      }),
      '',
    );
    // Whose code the same runs' CPU time ran in, per request.
    const cpuRows = rows.filter((r: any) => r.cpu && r.requests);
    if (!cpuRows.length) return;
    p(
      `**Whose code a request's CPU time ran in.** The same profiled runs, every sample but idle ones, by the innermost frame of its stack that names a package (a native call or Node's own module counts for the package that called it): Ops Health's code (its handlers, services, stores and serializers, not the libraries they call), the database client (knex and the driver; on SQLite also the statement's execution, which runs in the process), the OpenAPI validation every Backstage plugin router runs (\`express-openapi-validator\`, \`path-to-regexp\`), the verification of the caller's token (\`jose\`, Backstage's auth services), the catalog (its processing, and its API), the garbage collector, and Express, HTTP and the rest (Node's HTTP, Express, compression, helmet, the response's serialization). _CPU µs per request_: the run's CPU time over its requests, under the profiler (which slows it).`,
      '',
      `| run | CPU µs per request | ${CPU_SHARE_OWNERS.join(' % | ')} % |`,
      `| --- | ---: | ${CPU_SHARE_OWNERS.map(() => '---:').join(' | ')} |`,
      ...cpuRows.map((r: any) => {
        const sampled = Object.values(
          r.cpu.sampledMs as Record<string, number>,
        ).reduce((a, b) => a + b, 0);
        return `| ${r.name} | ${fmt(
          (1000 * sampled) / r.requests,
        )} | ${CPU_SHARE_OWNERS.map(o =>
          sampled ? fmt((100 * (r.cpu.sampledMs[o] ?? 0)) / sampled) : '–',
        ).join(' | ')} |`;
      }),
      '',
    );
  };
  for (const r of [readSqlite, readPg]) {
    const l = r.lines[0];
    p(`Command: ${code(r.command)}`, '');
    if (!l) {
      p(`Did not complete: ${r.error ?? 'no output'}`, '');
      continue;
    }
    p(
      `${l.database}: ${fmt(l.entities)} entities, ${fmt(
        l.timelineRows,
      )} timeline rows, ${l.durationS} s a run; seeding took ${fmt(
        l.setup.seededMs / 1000,
      )} s, catalog ingestion ${fmt(l.setup.ingestedMs / 1000)} s.`,
      '',
    );
    readPathTable(l);
    if (l.floor && l.alone) {
      // With 20 connections a request waits for the 19 before it: p50 is
      // about 20 / (req/s) whatever the route does, so the framework's own
      // ceiling bounds the p99 any route of this backend can reach.
      const queued = (1000 * CONNECTIONS_OF(l)) / l.floor.requestsPerSecond;
      p(
        `The floor: ${fmt(l.floor.requestsPerSecond)} req/s, p50 ${fmt(
          l.floor.p50Ms,
        )} ms, p99 ${fmt(l.floor.p99Ms)} ms for ${l.floor.name}, at ${
          l.floor.connections
        } connections: with ${
          l.floor.connections
        } requests in flight each waits for the others, so no route of this backend on this machine answers in less than about ${fmt(
          queued,
        )} ms at its median, however little it does. Each read alone (one connection, 10 s):`,
        '',
        '| run, one connection | req/s | p50 ms | p99 ms |',
        '| --- | ---: | ---: | ---: |',
        ...l.alone.map(
          (x: any) =>
            `| ${x.name} | ${fmt(x.requestsPerSecond)} | ${fmt(
              x.p50Ms,
            )} | ${fmt(x.p99Ms)} |`,
        ),
        '',
      );
    }
    stallsTable(l);
    if (l.quiet) {
      p(
        `**The catalog's processing quiet.** The same reads on a second backend with the same data whose catalog is not reprocessing its entities while they are measured: \`catalog.processingInterval\` ${
          l.quiet.processingInterval
        } (every entity processed once at ingestion, which took ${fmt(
          l.quiet.setup.ingestedMs / 1000,
        )} s), against the default 100–150 s with which 10,000 entities keep the catalog's processing loop busy in this process all the time, as above. What the catalog's processing adds to every read's tail is the difference:`,
        '',
      );
      readPathTable(l.quiet);
      stallsTable(l.quiet);
    }
  }

  // 3. Collector.
  p(
    '## 3. Collector',
    '',
    ...provenance(...collectorSqliteRuns, collectorDev),
    `The collector runs compiled ahead to JavaScript, as the production build runs the plugins: ${code(
      'bench/bundle.ts',
    )} compiles ${code(
      'bench/collector.ts',
    )} and the workspace sources it imports with esbuild into ${code(
      collectorBundle,
    )} and loads every other package from ${code('node_modules')}, as ${code(
      'backstage-cli package build',
    )} leaves them. The process holds the collector, its database client, the AWS SDK clients, the in-process AWS and the entities the catalog's pages serve; no test library. The last SQLite run is the same refreshes in development: the TypeScript compiled as it loads, by the Backstage CLI's node transform, which stays in the process.`,
    '',
    "Peak RSS is the process's high-water mark: the loaded modules, the heap the refreshes need, and the garbage V8 lets pile up before a full collection, which it puts off while the heap is below a limit it sets at a multiple of what the last one left. The heap in use after a full collection, before and after the refreshes, is what the collector needs and keeps.",
    '',
  );
  // Each command's runs: the table shows the first, the verdict the worst.
  for (const runsOf of [
    collectorSqliteRuns,
    collectorPgRuns,
    [collectorDev],
    [collectorMoto],
  ]) {
    const r = runsOf[0];
    const l = r.lines[0];
    p(`Command: ${code(r.command)}`, '');
    if (!l) {
      p(`Did not complete: ${r.error ?? 'no output'}`, '');
      continue;
    }
    if (l.aws === 'moto') {
      p(
        `Against the moto server (the AWS emulator of the tests and the demo), over HTTP with the real AWS SDK clients and credentials chain of the module; seeded through the AWS SDK in ${fmt(
          l.motoSeededMs / 1000,
          1,
        )} s (tagged buckets, replication rules, role and metrics, nightly backups; the Cost Explorer answers of both refreshes queued, 10 days a page). Results by status: ${Object.entries(
          l.refreshes[1].checks as Record<string, { statuses?: object }>,
        )
          .map(([id, c]) => `${id} ${JSON.stringify(c.statuses ?? {})}`)
          .join(', ')}.`,
        '',
      );
    }
    p(
      `${l.database}${
        r === collectorDev ? ', in development (node transform)' : ''
      }: ${fmt(l.entities)} entities, ${fmt(
        l.replicatedBuckets,
      )} replicated buckets, ${fmt(
        l.backupBuckets,
      )} backup buckets; RSS before the first refresh (modules loaded): ${fmt(
        l.baselineRssMb,
      )} MB. The catalog is read in pages of 500.`,
      '',
      '| refresh | wall s | peak RSS MB | cost s | replication s | backup s | AWS requests |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const x of l.refreshes) {
      const total = Object.values(x.requests as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      );
      p(
        `| ${x.refresh} | ${fmt(x.wallMs / 1000, 1)} | ${fmt(
          x.peakRssMb,
        )} | ${fmt(x.checks.cost.durationMs / 1000, 1)} | ${fmt(
          x.checks.replication.durationMs / 1000,
          1,
        )} | ${fmt(x.checks.backup.durationMs / 1000, 1)} | ${fmt(total)} |`,
      );
    }
    const runs = runsOf.map(run => run.lines[0]).filter(Boolean);
    const refreshes = runs.flatMap(run => run.refreshes);
    const worstWall = Math.max(...refreshes.map((x: any) => x.wallMs));
    const worstRss = Math.max(...refreshes.map((x: any) => x.peakRssMb));
    if (l.aws === 'moto') {
      p('');
      continue;
    }
    if (runs.length > 1) {
      const each = (i: number, of: (x: any) => string) =>
        runs.map(run => of(run.refreshes[i])).join(' / ');
      p(
        '',
        `The same command ${
          runs.length
        } times, each in a fresh process (the table is the first): peak RSS ${each(
          0,
          x => fmt(x.peakRssMb),
        )} MB after the first refresh and ${each(1, x =>
          fmt(x.peakRssMb),
        )} MB after the next; the first refresh ${each(0, x =>
          fmt(x.wallMs / 1000, 1),
        )} s, the next ${each(1, x =>
          fmt(x.wallMs / 1000, 1),
        )} s. Judged on the worst.`,
      );
    }
    p(
      '',
      `- slowest refresh${
        runs.length > 1 ? ` of the ${runs.length} runs` : ''
      } ${fmt(worstWall / 1000, 1)} s (target ≤ 30 s: ${mark(
        worstWall <= 30_000,
      )}); highest peak RSS ${fmt(worstRss)} MB (target ≤ 400 MB: ${mark(
        worstRss <= 400,
      )})`,
      `- heap in use after a full collection: ${fmt(
        l.heapBeforeMb,
      )} MB before the first refresh, ${fmt(
        l.heapAfterMb,
      )} MB after the second (what the refreshes keep: ${fmt(
        l.heapAfterMb - l.heapBeforeMb,
      )} MB)`,
      '',
    );
  }

  // 4. Alerting.
  p(
    '## 4. Alerting and incidents',
    '',
    ...provenance(alertingSqlite, alertingPg),
  );
  for (const r of [alertingSqlite, alertingPg]) {
    p(`Command: ${code(r.command)}`, '');
    if (!r.lines.length) {
      p(`Did not complete: ${r.error ?? 'no output'}`, '');
      continue;
    }
    p(
      "Evaluation of every entity's result (5 % critical; two evaluations fire an alert), the notifier filling the outbox, the dispatcher delivering each message to a loopback webhook receiver, and the incident reconcile opening one incident per critical alert; then the same results again (steady).",
      '',
      '| database | entities | firing | evaluate ms | notify ms | deliver ms | notifications/s | reconcile (opening) ms | evaluate steady ms | reconcile steady ms | ms per 1,000 entities (evaluate + notify + deliver + reconcile) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const l of r.lines) {
      const t = l.timingsMs;
      const total =
        t.evaluateFiring + t.notify + t.deliver + t.reconcileOpening;
      p(
        `| ${l.database} | ${fmt(l.entities)} | ${fmt(l.firing)} | ${fmt(
          t.evaluateFiring,
        )} | ${fmt(t.notify)} | ${fmt(t.deliver)} | ${fmt(
          l.notificationsPerSecond,
        )} | ${fmt(t.reconcileOpening)} | ${fmt(t.evaluateSteady)} | ${fmt(
          t.reconcileSteady,
          1,
        )} | ${fmt(total / (l.entities / 1000))} |`,
      );
    }
    p(
      '',
      'Linear: the last column stays flat as the entities grow tenfold.',
      '',
    );
  }

  // 5. Frontend.
  p(
    '## 5. Frontend',
    '',
    ...provenance(chunks),
    `Command: ${code(chunks.command)}`,
    '',
  );
  if (chunks.error) {
    p(`Not measured: ${chunks.error}`, '');
  } else {
    p(
      'Gzipped size of each chunk of the production build that holds Ops Health code (its own modules; shared Backstage and MUI modules are in chunks of their own).',
      '',
      '| chunk | Ops Health modules | gzip KB | of it Ops Health (raw, KB) |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const c of chunks.chunks) {
      p(
        `| ${c.file} | ${c.modules} | ${fmt(c.gzipKb, 1)} | ${fmt(
          c.opsHealthRawKb,
          1,
        )} |`,
      );
    }
    const largest = Math.max(0, ...chunks.chunks.map(c => c.gzipKb));
    p(
      '',
      `- largest Ops Health chunk ${fmt(
        largest,
        1,
      )} KB gzipped (target for the entity tab ≤ 150 KB: ${mark(
        largest <= 150,
      )})`,
      '',
    );
  }
  p(...provenance(timing), `Command: ${code(timing.command)}`, '');
  const t = timing.lines[0];
  if (!t) {
    p(`Did not complete: ${timing.error ?? 'no output'}`, '');
  } else {
    p(
      `Headless Chromium (Debian's), 1440×900, against the production build above served by a backend with the real catalog, auth, permission, notifications and Ops Health plugins (${code(
        'bench/readPathBackend.ts',
      )}, SQLite): one entity with ${t.costDays} days of cost and ${fmt(
        t.incidents,
      )} incidents of its own. Each load is a full page load from the address bar, signed in as the guest, the bundle from the browser's cache; the time is read in the page (${code(
        'performance.now()',
      )}, from the start of navigation) on the first frame the element is drawn. ${
        t.rounds
      } alternating rounds after one of each to fill the cache.`,
      '',
      '| page | median ms | each load, ms |',
      '| --- | ---: | --- |',
      ...t.pages.map(
        (x: any) =>
          `| ${x.name} | ${fmt(x.medianMs)} | ${x.samplesMs
            .map((v: number) => fmt(v))
            .join(', ')} |`,
      ),
      '',
      `- Ops Health tab / catalog overview: **${fmt(
        t.ratio,
        2,
      )}** (target ≤ 1.5: ${mark(
        t.ratio <= 1.5,
      )}); its incident table showed ${fmt(
        t.incidentsShown,
      )} rows (the newest; the entity has more)`,
      '',
    );
  }

  writeFileSync(join(ROOT, 'docs/benchmarks.md'), `${out.join('\n')}\n`);
  writeFileSync(
    join(ROOT, 'docs/benchmarks.json'),
    `${JSON.stringify(
      { machine: info, quick, results, frontendChunks: chunks },
      null,
      2,
    )}\n`,
  );
  // The repository's formatting, as every committed file.
  spawnSync(
    'yarn',
    ['prettier', '--write', 'docs/benchmarks.md', 'docs/benchmarks.json'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  process.stderr.write('[bench] wrote docs/benchmarks.md\n');
  if (results.some(r => r.error)) process.exitCode = 1;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
