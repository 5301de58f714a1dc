/* Helpers the benchmarks share: databases, timing, a silent logger. */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** A logger that drops everything: the benches print their own numbers. */
export const silentLogger: LoggerService = {
  error() {},
  warn() {},
  info() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** Where the benches find PostgreSQL (the machine's local server). */
export const POSTGRES_URL =
  process.env.OPS_HEALTH_BENCH_POSTGRES ??
  'postgresql://postgres@127.0.0.1:5432';

/**
 * A fresh database for one bench: an SQLite file in a temporary folder, or a
 * new PostgreSQL database `ops_health_bench_<name>` (dropped first).
 */
export async function benchDatabase(
  kind: 'sqlite' | 'postgres',
  name: string,
): Promise<{ knex: Knex; database: DatabaseService; close(): Promise<void> }> {
  let knex: Knex;
  let cleanup = async () => {};
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ops-health-bench-'));
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, `${name}.sqlite`) },
      useNullAsDefault: true,
    });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const dbName = `ops_health_bench_${name}`.toLowerCase();
    const admin = knexFactory({ client: 'pg', connection: POSTGRES_URL });
    await admin.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.raw(`CREATE DATABASE ${dbName}`);
    await admin.destroy();
    knex = knexFactory({
      client: 'pg',
      connection: `${POSTGRES_URL}/${dbName}`,
      pool: { min: 0, max: 10 },
    });
    cleanup = async () => {
      const again = knexFactory({ client: 'pg', connection: POSTGRES_URL });
      await again.raw(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await again.destroy();
    };
  }
  return {
    knex,
    database: {
      getClient: async () => knex,
      migrations: { skip: false },
    },
    async close() {
      await knex.destroy();
      await cleanup();
    },
  };
}

/** Milliseconds `fn` takes, to a tenth. */
export async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Math.round((performance.now() - start) * 10) / 10;
}
