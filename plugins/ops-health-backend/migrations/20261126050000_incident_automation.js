// @ts-check

/**
 * Automatic incidents and escalation.
 *
 * - `open_source_key` holds the dedup key of the alert that opened the
 *   incident while the incident is open (NULL once closed): a unique index
 *   makes "one open incident per dedup key" hold across replicas.
 * - `escalation_level` counts the escalation levels already notified; the
 *   escalation task compare-and-sets it, so each level fires once.
 * - `resolved_at` on a linked alert records that the timeline already says
 *   the alert resolved.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ops_health_incidents', table => {
    table
      .string('open_source_key', 600)
      .nullable()
      .comment('source_dedup_key while the incident is open, else NULL');
    table
      .integer('escalation_level')
      .notNullable()
      .defaultTo(0)
      .comment('escalation levels already notified');
    table
      .string('escalation_policy', 255)
      .nullable()
      .comment('the policy the incident escalates by');
    table.unique(['open_source_key'], {
      indexName: 'ops_health_incidents_open_source_key_uq',
    });
  });
  await knex.schema.alterTable('ops_health_incident_alerts', table => {
    table.timestamp('resolved_at', { useTz: true }).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ops_health_incident_alerts', table => {
    table.dropColumn('resolved_at');
  });
  await knex.schema.alterTable('ops_health_incidents', table => {
    table.dropUnique(
      ['open_source_key'],
      'ops_health_incidents_open_source_key_uq',
    );
    table.dropColumn('open_source_key');
    table.dropColumn('escalation_level');
    table.dropColumn('escalation_policy');
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
