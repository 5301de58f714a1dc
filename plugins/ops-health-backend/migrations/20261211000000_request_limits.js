// @ts-check

/**
 * The requests the plugin's request limits let through (check now, channel
 * tests), one row per limit a request counted against, kept while any
 * window could still count them (an hour): every replica sharing the
 * database counts the same requests, so N replicas allow what one does.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_request_limits', table => {
    table.comment(
      'Requests counted against the request limits, shared by all replicas',
    );
    table.increments('id');
    table
      .string('limit_key', 64)
      .notNullable()
      .comment('SHA-256 of the limit key, e.g. a caller or a channel');
    table
      .bigInteger('taken_at')
      .notNullable()
      .comment('When the request was let through (ms since the epoch)');
    table.index(['limit_key', 'taken_at'], 'ops_health_request_limits_key_idx');
    table.index(['taken_at'], 'ops_health_request_limits_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_request_limits');
};
