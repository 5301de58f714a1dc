// @ts-check

/**
 * The key a client sent with the request that created a silence
 * (`Idempotency-Key`) and what that request asked (a SHA-256 of its matcher,
 * reason and end): the same key from the same person again (a double click,
 * a retry after a timeout) answers with the silence it created instead of a
 * second one, and the same key with another request is refused. Unique per
 * creator; NULL for silences created without a key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_silences', table => {
    table
      .string('create_key', 255)
      .nullable()
      .comment("The creating request's Idempotency-Key, unique per created_by");
    table
      .string('create_request', 64)
      .nullable()
      .comment('SHA-256 of the creating request, kept with its create_key');
    table.unique(['created_by', 'create_key'], {
      indexName: 'ops_health_silences_create_key_uq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_silences', table => {
    table.dropUnique(
      ['created_by', 'create_key'],
      'ops_health_silences_create_key_uq',
    );
    table.dropColumn('create_request');
    table.dropColumn('create_key');
  });
};
