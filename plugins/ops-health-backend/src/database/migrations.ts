import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** @internal */
export const migrationsConfig = {
  directory: resolvePackagePath(
    '@ops-health/backstage-plugin-ops-health-backend',
    'migrations',
  ),
  tableName: 'ops_health_knex_migrations',
};

/**
 * The plugin's database client, migrated to the latest schema unless the
 * deployment manages migrations itself.
 *
 * @internal
 */
export async function getMigratedClient(
  database: DatabaseService,
): Promise<Knex> {
  const client = await database.getClient();
  if (!database.migrations?.skip) {
    await migrateToLatest(client);
  }
  return client;
}

/** Any fixed number: the key of the PostgreSQL advisory lock of migrations. */
const MIGRATIONS_ADVISORY_LOCK = 74_726_153;

/**
 * Runs the migrations, freeing a migration lock left by a process that died
 * while it held it (knex's lock is a table row, which outlives its holder:
 * a backend killed mid-migration would otherwise never start again).
 *
 * On PostgreSQL the migrations run under a session advisory lock, which the
 * database releases when its holder's connection goes: whoever holds it
 * knows that no live process is migrating, so a knex lock still set is
 * stale. On SQLite one process owns the database file, so a lock set at
 * start is stale too.
 *
 * @internal
 */
export async function migrateToLatest(client: Knex): Promise<void> {
  const pg = /^(pg|postgres)/.test(String(client.client.config.client));
  const stale = async () => {
    const table = `${migrationsConfig.tableName}_lock`;
    if (!(await client.schema.hasTable(table))) return false;
    const row = await client(table).first('is_locked');
    return Number(row?.is_locked) === 1;
  };
  if (!pg) {
    if (await stale())
      await client.migrate.forceFreeMigrationsLock(migrationsConfig);
    await client.migrate.latest(migrationsConfig);
    return;
  }
  // One connection holds the advisory lock for the whole run.
  const connection = await client.client.acquireConnection();
  try {
    await client
      .raw('select pg_advisory_lock(?)', [MIGRATIONS_ADVISORY_LOCK])
      .connection(connection);
    try {
      if (await stale()) {
        await client.migrate.forceFreeMigrationsLock(migrationsConfig);
      }
      await client.migrate.latest(migrationsConfig);
    } finally {
      await client
        .raw('select pg_advisory_unlock(?)', [MIGRATIONS_ADVISORY_LOCK])
        .connection(connection);
    }
  } finally {
    await client.client.releaseConnection(connection);
  }
}
