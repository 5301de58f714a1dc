// @ts-check

/**
 * The last manual trigger of each backup function: one row per function
 * (account and name), claimed by a compare-and-set on its time, so that two
 * clicks or two replicas do not start the same backup twice within the
 * configured interval.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_backup_triggers', table => {
    table.comment('The last manual trigger of each backup function');
    table
      .string('function_key', 512)
      .primary()
      .notNullable()
      .comment('Account id (empty for the main account) and function name');
    table.string('entity_ref', 512).notNullable();
    table.string('triggered_by', 512).notNullable();
    table.timestamp('triggered_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_backup_triggers');
};
