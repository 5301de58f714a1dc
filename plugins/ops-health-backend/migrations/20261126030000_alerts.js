// @ts-check

/**
 * Alerts evaluated from check results, their event history, silences and the
 * per-entity notification groups.
 *
 * An alert is open (pending or firing) until it resolves or is cancelled;
 * `open_key` holds its dedup key while it is open and is null once it closed,
 * so a unique index on it allows one open alert per dedup key, whichever
 * replica evaluates.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_alerts', table => {
    table.comment('Ops Health alerts, one open alert per dedup key');
    table.string('id', 64).notNullable();
    table
      .string('dedup_key', 600)
      .notNullable()
      .comment('entity ref|check id|subject');
    // Set while pending or firing, null once resolved or cancelled.
    table.string('open_key', 600).nullable().unique({
      indexName: 'ops_health_alerts_open_key_uniq',
    });
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('subject', 255).notNullable().defaultTo('');
    table
      .string('state', 16)
      .notNullable()
      .comment('pending, firing, resolved, cancelled');
    table.string('severity', 16).notNullable().comment('warning, critical');
    table
      .integer('breaches')
      .notNullable()
      .defaultTo(0)
      .comment('consecutive evaluations with the condition');
    table
      .integer('clears')
      .notNullable()
      .defaultTo(0)
      .comment('consecutive evaluations without it');
    table.double('value').nullable();
    table.double('threshold').nullable();
    table.string('unit', 32).nullable();
    table.text('message').notNullable();
    table.string('runbook_section', 255).nullable();
    table.timestamp('first_seen', { useTz: true }).notNullable();
    table.timestamp('last_seen', { useTz: true }).notNullable();
    table
      .timestamp('last_measured_at', { useTz: true })
      .notNullable()
      .comment('measuredAt of the last result evaluated: one count each');
    table.timestamp('fired_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.integer('notify_count').notNullable().defaultTo(0);
    table.timestamp('last_notified_at', { useTz: true }).nullable();
    table.timestamp('next_notify_at', { useTz: true }).nullable();
    table
      .string('notified_state', 16)
      .nullable()
      .comment('firing or resolved: what the last message said');
    table.string('notified_severity', 16).nullable();
    table
      .integer('revision')
      .notNullable()
      .defaultTo(0)
      .comment('bumped on each evaluation: compare-and-set across replicas');
    // The string form: knex's object form emits invalid SQL on SQLite.
    table.primary(['id'], 'ops_health_alerts_pk');
    table.index(
      ['state', 'next_notify_at'],
      'ops_health_alerts_state_next_notify_idx',
    );
    table.index(['entity_ref', 'state'], 'ops_health_alerts_entity_idx');
    table.index(['dedup_key'], 'ops_health_alerts_dedup_key_idx');
  });

  await knex.schema.createTable('ops_health_alert_events', table => {
    table.comment('State changes and notifications of Ops Health alerts');
    table.bigIncrements('id', { primaryKey: true });
    table
      .string('alert_id', 64)
      .notNullable()
      .references('id')
      .inTable('ops_health_alerts')
      .onDelete('CASCADE')
      .withKeyName('ops_health_alert_events_alert_fk');
    table.timestamp('at', { useTz: true }).notNullable();
    table
      .string('type', 32)
      .notNullable()
      .comment(
        'pending, fired, severity-changed, resolved, cancelled, notified, silenced',
      );
    table.string('from_state', 16).nullable();
    table.string('to_state', 16).nullable();
    table.string('severity', 16).nullable();
    table.double('value').nullable();
    table.text('message').nullable();
    table.index(['alert_id'], 'ops_health_alert_events_alert_idx');
  });

  await knex.schema.createTable('ops_health_silences', table => {
    table.comment(
      'Silences: matching alerts are evaluated and shown, not sent',
    );
    table.string('id', 64).notNullable();
    table.string('dedup_key', 600).nullable();
    table.string('entity_ref', 255).nullable();
    table.string('check_id', 64).nullable();
    table.text('reason').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('expired_at', { useTz: true }).nullable();
    table.string('expired_by', 255).nullable();
    table.primary(['id'], 'ops_health_silences_pk');
    table.index(['expires_at'], 'ops_health_silences_expires_idx');
  });

  await knex.schema.createTable('ops_health_notification_groups', table => {
    table.comment('Per-entity grouping of alert notifications');
    table.string('entity_ref', 255).notNullable();
    table.timestamp('pending_since', { useTz: true }).nullable();
    table.timestamp('send_after', { useTz: true }).nullable();
    table.timestamp('last_sent_at', { useTz: true }).nullable();
    table
      .text('changes')
      .notNullable()
      .comment('JSON array: dedup keys changed since the last message');
    table.primary(['entity_ref'], 'ops_health_notification_groups_pk');
    table.index(['send_after'], 'ops_health_notification_groups_send_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_notification_groups');
  await knex.schema.dropTable('ops_health_silences');
  await knex.schema.dropTable('ops_health_alert_events');
  await knex.schema.dropTable('ops_health_alerts');
};
