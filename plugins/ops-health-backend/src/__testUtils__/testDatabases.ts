import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';

/**
 * The databases every store test runs on: SQLite, and the PostgreSQL server
 * that `./run test` finds or starts. A missing PostgreSQL is an error, never a
 * silent skip (TestDatabases skips ids it has no connection for).
 */
export function createTestDatabases(): TestDatabases {
  const id = process.env.OPS_HEALTH_TEST_POSTGRES_ID as
    | TestDatabaseId
    | undefined;
  const connection = id
    ? process.env[
        `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
      ]
    : undefined;
  if (!id || !connection) {
    throw new Error(
      'PostgreSQL is required for the database tests: run them with ./run test, ' +
        'or set OPS_HEALTH_TEST_POSTGRES_ID (e.g. POSTGRES_15) and ' +
        'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432',
    );
  }
  return TestDatabases.create({ ids: [id, 'SQLITE_3'], disableDocker: true });
}

/**
 * Two instances of a store on one fresh, migrated test database: two
 * replicas of the backend.
 */
export async function twoReplicaStores<T>(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  create: (options: { database: DatabaseService }) => Promise<T>,
): Promise<[T, T]> {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  return [await create({ database }), await create({ database })];
}
