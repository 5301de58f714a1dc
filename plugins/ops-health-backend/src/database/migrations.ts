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
    await client.migrate.latest(migrationsConfig);
  }
  return client;
}
