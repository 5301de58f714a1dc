// @ts-check

/**
 * Incidents and their six-phase workflow (detection, assessment, containment,
 * eradication, recovery, lessons-learned, then closed), their event history
 * and the alerts linked to them.
 *
 * `version` is bumped on every change: updates compare-and-set on it so two
 * people editing the same incident never overwrite each other.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_incidents', table => {
    table.comment('Ops Health incidents');
    table.string('id', 64).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('title').notNullable();
    table.string('severity', 8).notNullable().comment('SEV1, SEV2, SEV3, SEV4');
    table
      .string('phase', 32)
      .notNullable()
      .comment(
        'detection, assessment, containment, eradication, recovery, lessons-learned, closed',
      );
    table.string('commander', 255).nullable();
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('bumped on each change: compare-and-set');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // The first time each phase was reached.
    table.timestamp('detection_at', { useTz: true }).nullable();
    table.timestamp('assessment_at', { useTz: true }).nullable();
    table.timestamp('containment_at', { useTz: true }).nullable();
    table.timestamp('eradication_at', { useTz: true }).nullable();
    table.timestamp('recovery_at', { useTz: true }).nullable();
    table.timestamp('lessons_learned_at', { useTz: true }).nullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    table.text('postmortem').nullable().comment('JSON');
    table
      .string('source_dedup_key', 600)
      .nullable()
      .comment('the alert that opened the incident automatically');
    // The string form: knex's object form emits invalid SQL on SQLite.
    table.primary(['id'], 'ops_health_incidents_pk');
    table.index(['entity_ref', 'phase'], 'ops_health_incidents_entity_idx');
    table.index(
      ['source_dedup_key'],
      'ops_health_incidents_source_dedup_key_idx',
    );
  });

  await knex.schema.createTable('ops_health_incident_events', table => {
    table.comment('Timeline of Ops Health incidents');
    table.increments('id', { primaryKey: true });
    table
      .string('incident_id', 64)
      .notNullable()
      .references('id')
      .inTable('ops_health_incidents')
      .onDelete('CASCADE')
      .withKeyName('ops_health_incident_events_incident_fk');
    table.timestamp('at', { useTz: true }).notNullable();
    table.string('actor', 255).notNullable();
    table
      .string('type', 32)
      .notNullable()
      .comment(
        'created, phase-changed, note, escalated, notification, alert-firing, alert-resolved, postmortem-updated, commander-changed',
      );
    table.string('from_phase', 32).nullable();
    table.string('to_phase', 32).nullable();
    table.text('note').nullable();
    table.text('data').nullable().comment('JSON');
    table.index(['incident_id'], 'ops_health_incident_events_incident_idx');
  });

  await knex.schema.createTable('ops_health_incident_alerts', table => {
    table.comment('Alerts linked to Ops Health incidents');
    table
      .string('incident_id', 64)
      .notNullable()
      .references('id')
      .inTable('ops_health_incidents')
      .onDelete('CASCADE')
      .withKeyName('ops_health_incident_alerts_incident_fk');
    table.string('dedup_key', 600).notNullable();
    table.timestamp('linked_at', { useTz: true }).notNullable();
    table.primary(
      ['incident_id', 'dedup_key'],
      'ops_health_incident_alerts_pk',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_incident_alerts');
  await knex.schema.dropTable('ops_health_incident_events');
  await knex.schema.dropTable('ops_health_incidents');
};
