// @ts-check

/**
 * The portal-wide list filters results by status over the entities the
 * caller can see: an index on (status, entity_ref) lets the database read
 * only the results in the asked statuses (a few hundred of 30,000) rather
 * than every result of every visible entity.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_check_results', table => {
    table.index(
      ['status', 'entity_ref'],
      'ops_health_check_results_status_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_check_results', table => {
    table.dropIndex(
      ['status', 'entity_ref'],
      'ops_health_check_results_status_idx',
    );
  });
};
