// @ts-check

/**
 * Short headlines and first measurements without waiting for the next run.
 *
 * - `headline` on results and alerts: at most 90 characters, what alert rows,
 *   lists and notification titles show; the long `message` stays.
 * - `config_hash` on results: a hash of the entity's Ops Health annotations
 *   when it was measured, so that the catch-up pass measures entities whose
 *   annotations changed (and new ones, which have no result) within minutes.
 * - `ops_health_collection_state`: when each check last ran in full and last
 *   caught up, to tell when an unmeasured entity's first measurement is due.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_check_results', table => {
    table.string('headline', 255).nullable();
    table.string('config_hash', 64).nullable();
  });
  await knex.schema.alterTable('ops_health_alerts', table => {
    table.string('headline', 255).nullable();
  });
  await knex.schema.createTable('ops_health_collection_state', table => {
    table.comment('When each check last collected in full and caught up');
    table.string('check_id', 64).notNullable();
    table.timestamp('last_full_at', { useTz: true }).nullable();
    table.timestamp('last_catch_up_at', { useTz: true }).nullable();
    table.primary(['check_id'], 'ops_health_collection_state_pk');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_collection_state');
  await knex.schema.alterTable('ops_health_alerts', table => {
    table.dropColumn('headline');
  });
  await knex.schema.alterTable('ops_health_check_results', table => {
    table.dropColumn('config_hash');
    table.dropColumn('headline');
  });
};

/**
 * Outside a transaction: SQLite alters a table by copying it, and inside a
 * transaction knex cannot turn foreign keys off for the copy, so dropping
 * the old table would cascade to its child tables (incident events and
 * alert links, alert events) and delete their rows. Out of a transaction
 * knex switches the checks off for the copy and verifies them after.
 */
exports.config = { transaction: false };
