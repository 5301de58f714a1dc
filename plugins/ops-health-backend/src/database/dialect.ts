import { Knex } from 'knex';

/** Whether the database is PostgreSQL (else SQLite, the other one supported). */
export function isPostgres(db: Knex): boolean {
  const client = db.client.config?.client;
  return (
    db.client.dialect === 'postgresql' ||
    client === 'pg' ||
    client === 'postgres' ||
    client === 'postgresql'
  );
}
