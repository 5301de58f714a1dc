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

/** Whether the error is a unique constraint's refusal, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/i.test(e?.message ?? '')
  );
}
