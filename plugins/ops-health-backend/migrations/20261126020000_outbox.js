// @ts-check

/**
 * The notification outbox: a notification is written in the same transaction
 * as the alert change that causes it, with one delivery per channel; the
 * dispatcher (on any replica) claims due deliveries with a lease, sends them
 * and retries with backoff. The idempotency key stays the same on every
 * retry, so receivers can drop duplicates (delivery is at-least-once).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_notifications', table => {
    table.comment('Ops Health notifications written to the outbox');
    table.string('id', 64).notNullable();
    table
      .string('kind', 32)
      .notNullable()
      .comment('firing, resolved, repeat, escalation, test');
    table.string('entity_ref', 255).notNullable();
    table.text('payload').notNullable().comment('JSON OpsHealthNotification');
    table.timestamp('created_at', { useTz: true }).notNullable();
    // The string form: knex's object form emits invalid SQL on SQLite.
    table.primary(['id'], 'ops_health_notifications_pk');
    table.index(['created_at'], 'ops_health_notifications_created_idx');
    table.index(['entity_ref'], 'ops_health_notifications_entity_idx');
  });

  await knex.schema.createTable('ops_health_deliveries', table => {
    table.comment('One delivery of a notification on one channel');
    table.string('id', 64).notNullable();
    table
      .string('notification_id', 64)
      .notNullable()
      .references('id')
      .inTable('ops_health_notifications')
      .onDelete('CASCADE')
      .withKeyName('ops_health_deliveries_notification_fk');
    table.string('channel', 128).notNullable();
    table
      .string('idempotency_key', 255)
      .notNullable()
      .unique({ indexName: 'ops_health_deliveries_idempotency_uniq' })
      .comment('notification id:channel, the same on every retry');
    table
      .string('status', 16)
      .notNullable()
      .comment('pending, delivered, failed');
    table.integer('attempts').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).notNullable();
    // Set by the dispatcher that claimed the delivery; a lease in the past
    // means that dispatcher stopped, and any replica may claim it again.
    table.timestamp('locked_until', { useTz: true }).nullable();
    table.string('locked_by', 255).nullable();
    table.text('last_error').nullable();
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('delivered_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['id'], 'ops_health_deliveries_pk');
    table.index(['status', 'next_attempt_at'], 'ops_health_deliveries_due_idx');
    table.index(['notification_id'], 'ops_health_deliveries_notification_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_deliveries');
  await knex.schema.dropTable('ops_health_notifications');
};
