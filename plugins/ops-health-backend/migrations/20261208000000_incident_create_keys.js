// @ts-check

/**
 * The key a client sent with the request that declared an incident
 * (`Idempotency-Key`): the same key from the same person again (a double
 * click, a retry after a timeout, two tabs) answers with the incident it
 * declared instead of a second one. Unique per creator; NULL for incidents
 * declared without a key and those the automation opened.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table
      .string('create_key', 255)
      .nullable()
      .comment(
        "The declaring request's Idempotency-Key, unique per created_by",
      );
    table.unique(['created_by', 'create_key'], {
      indexName: 'ops_health_incidents_create_key_uq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table.dropUnique(
      ['created_by', 'create_key'],
      'ops_health_incidents_create_key_uq',
    );
    table.dropColumn('create_key');
  });
};

/**
 * Outside a transaction: SQLite drops a column by copying the table, and
 * inside a transaction knex cannot turn foreign keys off for the copy, so
 * dropping the old table would cascade to its child tables (incident events
 * and alert links) and delete their rows. Out of a transaction knex switches
 * the checks off for the copy and verifies them after.
 */
exports.config = { transaction: false };
