// @ts-check

/**
 * What the request that declared an incident with an Idempotency-Key asked
 * (a SHA-256 of its entity, title, severity, commander and note): the same
 * key with another request is refused instead of answered with the first
 * incident. NULL for incidents declared without a key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table
      .string('create_request', 64)
      .nullable()
      .comment('SHA-256 of the declaring request, kept with its create_key');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table.dropColumn('create_request');
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
