import fs from 'node:fs';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { migrateToLatest, migrationsConfig } from './migrations';
import { reportReliability } from '../__testUtils__/reliabilityReport';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const migrationFiles = fs
  .readdirSync(migrationsConfig.directory)
  .filter(f => f.endsWith('.js'))
  .sort();

/** Parent table of each foreign key column, so child rows can point at one. */
const FOREIGN_KEYS: Record<string, string> = {
  notification_id: 'ops_health_notifications',
  alert_id: 'ops_health_alerts',
  incident_id: 'ops_health_incidents',
};
const PARENTS = new Set(Object.values(FOREIGN_KEYS));
const ROWS_PER_TABLE = 3;

async function opsHealthTables(knex: Knex): Promise<string[]> {
  const names =
    knex.client.config.client === 'pg'
      ? (
          await knex.raw(
            "select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'ops\\_health\\_%' and table_name not like 'ops\\_health\\_knex%'",
          )
        ).rows
      : await knex.raw(
          "select name from sqlite_master where type = 'table' and name like 'ops_health_%' and name not like 'ops_health_knex%'",
        );
  return names.map((r: { name: string }) => r.name).sort();
}

/** A value of the column's type, different per row. */
function valueFor(
  info: Knex.ColumnInfo,
  column: string,
  table: string,
  n: number,
) {
  const t = info.type.toLowerCase();
  if (t.includes('timestamp') || t.includes('date')) {
    return new Date(Date.UTC(2028, 1, 29, 12, n));
  }
  if (t.includes('bool')) return n % 2 === 0;
  if (t.includes('int')) return n + 1;
  if (t.includes('double') || t.includes('float') || t.includes('real')) {
    return n + 0.5;
  }
  // Within the column's length; the row number last, so rows differ.
  const text = `${table.replace('ops_health_', '')}-${column}-${n}`;
  return info.maxLength ? text.slice(-Number(info.maxLength)) : text;
}

/**
 * Fills every table with rows made from its own columns: each required
 * column (not null, no default) gets a value of its type, and foreign keys
 * point at the parents' rows. What a migration does to a table is then seen
 * on rows it did not choose.
 */
async function fillEveryTable(knex: Knex) {
  const tables = await opsHealthTables(knex);
  const ordered = [
    ...tables.filter(t => PARENTS.has(t)),
    ...tables.filter(t => !PARENTS.has(t)),
  ];
  const parentIds: Record<string, string[]> = {};
  for (const table of ordered) {
    const columns = await knex(table).columnInfo();
    for (let n = 0; n < ROWS_PER_TABLE; n++) {
      const row: Record<string, unknown> = {};
      for (const [column, info] of Object.entries(columns)) {
        const parent = FOREIGN_KEYS[column];
        if (parent) {
          row[column] = parentIds[parent][n];
        } else if (!info.nullable && info.defaultValue === null) {
          // Auto-increment keys are filled in by the database.
          if (column === 'id' && info.type.toLowerCase().includes('int')) {
            continue;
          }
          row[column] = valueFor(info, column, table, n);
        }
      }
      await knex(table).insert(row);
      if (PARENTS.has(table)) {
        (parentIds[table] ??= []).push(row.id as string);
      }
    }
  }
}

async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await opsHealthTables(knex)) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

const directory = { directory: migrationsConfig.directory };

describe.each(databases.eachSupportedId())('migrations on %p', databaseId => {
  it('each migration runs down and up again without losing the rows of the tables it does not create', async () => {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ ...migrationsConfig });
    await fillEveryTable(knex);
    const full = await rowCounts(knex);
    let checked = 0;
    expect(Object.values(full).every(n => n === ROWS_PER_TABLE)).toBe(true);

    // From the newest migration to the oldest: down once, up once, down
    // once more to go on with the one before.
    for (let index = migrationFiles.length - 1; index >= 0; index--) {
      const name = migrationFiles[index];
      const before = await rowCounts(knex);
      const [, downRan] = await knex.migrate.down({
        ...directory,
        tableName: migrationsConfig.tableName,
      });
      expect(downRan).toEqual([name]);
      const down = await rowCounts(knex);
      // Tables that remain keep every row.
      for (const [table, count] of Object.entries(down)) {
        checked++;
        expect({ table, count, migration: name }).toEqual({
          table,
          count: before[table],
          migration: name,
        });
      }
      const created = Object.keys(before).filter(t => !(t in down));

      const [, upRan] = await knex.migrate.up({
        ...directory,
        tableName: migrationsConfig.tableName,
      });
      expect(upRan).toEqual([name]);
      const up = await rowCounts(knex);
      expect(Object.keys(up).sort()).toEqual(Object.keys(before).sort());
      for (const [table, count] of Object.entries(up)) {
        // A table the migration creates comes back empty; the others whole.
        expect({ table, count, migration: name }).toEqual({
          table,
          count: created.includes(table) ? 0 : before[table],
          migration: name,
        });
      }
      await knex.migrate.down({
        ...directory,
        tableName: migrationsConfig.tableName,
      });
    }
    expect(await opsHealthTables(knex)).toEqual([]);

    // And up again from nothing to the latest.
    await knex.migrate.latest({ ...migrationsConfig });
    expect(Object.keys(await rowCounts(knex)).sort()).toEqual(
      Object.keys(full).sort(),
    );
    reportReliability({
      id: `migrations-${String(databaseId).toLowerCase()}`,
      title: `Migrations down and up (${databaseId})`,
      command:
        'cd plugins/ops-health-backend && yarn backstage-cli package test src/database/migrations.test.ts',
      lines: [
        `${
          migrationFiles.length
        } migrations, each run down and up again from the newest to the oldest, over ${
          Object.keys(full).length
        } tables of ${ROWS_PER_TABLE} rows each: every table a migration does not create kept every row (${checked} table checks).`,
        'Then all the way down to no table, and up again to the latest schema.',
      ],
    });
  });

  it('starts after a process died holding the migration lock, and two starting at once both finish', async () => {
    const knex = await databases.init(databaseId);
    await migrateToLatest(knex);
    // What a backend killed mid-migration leaves behind.
    await knex(`${migrationsConfig.tableName}_lock`).update({ is_locked: 1 });
    await expect(knex.migrate.latest({ ...migrationsConfig })).rejects.toThrow(
      /locked/i,
    );
    await migrateToLatest(knex);
    expect(
      Number(
        (await knex(`${migrationsConfig.tableName}_lock`).first('is_locked'))
          ?.is_locked,
      ),
    ).toBe(0);
    await Promise.all([migrateToLatest(knex), migrateToLatest(knex)]);
    const [, pending] = await knex.migrate.list({ ...migrationsConfig });
    expect(pending).toEqual([]);
  });
});
