// @ts-check

/**
 * The latest result per (entity, check, subject). A failed collection keeps
 * the last good value and marks it stale with the error and its time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_check_results', table => {
    table.comment(
      'Latest Ops Health check result per entity, check and subject',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('subject', 255).notNullable().defaultTo('');
    table.string('status', 32).notNullable();
    table.double('value').nullable();
    table.double('threshold').nullable();
    table.string('unit', 32).nullable();
    table.text('message').notNullable();
    table.text('details').nullable().comment('JSON, check specific');
    table.string('runbook_section', 255).nullable();
    table.timestamp('measured_at', { useTz: true }).notNullable();
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('error').nullable();
    table.timestamp('error_at', { useTz: true }).nullable();
    // The string form: knex's object form emits invalid SQL on SQLite.
    table.primary(
      ['entity_ref', 'check_id', 'subject'],
      'ops_health_check_results_pk',
    );
    table.index(
      ['check_id', 'status'],
      'ops_health_check_results_check_status_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_check_results');
};
