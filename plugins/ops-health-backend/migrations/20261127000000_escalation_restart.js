// @ts-check

/**
 * Escalation restarts when an incident returns to detection.
 *
 * - `escalation_since` is when the incident's current stay in `detection`
 *   began, when it came back to it (a back-step or a reopen); NULL means
 *   since it was first detected. Escalation delays count from it, and
 *   `escalation_level` goes back to 0 with it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table
      .timestamp('escalation_since', { useTz: true })
      .nullable()
      .comment(
        'when the incident last returned to detection; NULL: since detection',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table.dropColumn('escalation_since');
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
