// @ts-check

/**
 * Counters of writes, one row per kind of data (`check_results`: every
 * write of check results increments it). Each replica keeps entity health
 * summaries in memory and asks this table, at most a few times a second,
 * whether any replica wrote results since. A missing row reads as 0; the
 * first write inserts it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_generations', table => {
    table.comment(
      'Counters of writes per kind of data, so that replicas know when to drop what they keep in memory',
    );
    table
      .string('name', 64)
      .primary()
      .notNullable()
      .comment('What is counted, e.g. check_results');
    table
      .bigInteger('generation')
      .notNullable()
      .defaultTo(0)
      .comment('How many writes there have been');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_generations');
};
