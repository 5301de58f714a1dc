// @ts-check

/**
 * On-call schedules and acknowledgement from the notification.
 *
 * - `ops_health_schedule_overrides`: shifts taken from the portal ("I take
 *   Tuesday"); configured overrides stay in config.
 * - `ops_health_ack_tokens`: every acknowledge link sent, by its token id:
 *   the incident and the recipient it is bound to, until when it is good,
 *   and who used it when (a link works once).
 * - `ops_health_secrets`: the key acknowledge links are signed with when
 *   config sets none, created once and shared by every replica.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_schedule_overrides', table => {
    table.comment('On-call shifts taken from the portal');
    table.string('id', 64).primary().notNullable();
    table.string('schedule', 64).notNullable();
    table.string('user_ref', 255).notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.string('note', 500).nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['schedule', 'ends_at'], 'ops_health_schedule_overrides_idx');
  });
  await knex.schema.createTable('ops_health_ack_tokens', table => {
    table.comment('Acknowledge links sent with notifications');
    table.string('id', 64).primary().notNullable();
    table.string('incident_id', 64).notNullable();
    table.string('recipient', 255).notNullable();
    table.string('notification_id', 255).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.string('used_by', 255).nullable();
    table.index(['expires_at'], 'ops_health_ack_tokens_expiry_idx');
  });
  await knex.schema.createTable('ops_health_secrets', table => {
    table.comment('Keys the plugin generated for itself');
    table.string('name', 64).primary().notNullable();
    table.string('value', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_secrets');
  await knex.schema.dropTable('ops_health_ack_tokens');
  await knex.schema.dropTable('ops_health_schedule_overrides');
};
