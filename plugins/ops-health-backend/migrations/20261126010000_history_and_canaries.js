// @ts-check

/**
 * Bounded history (daily cost series, metric samples; the retention task
 * deletes old rows) and the replication canary runs (one running per bucket).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ops_health_cost_daily', table => {
    table.comment('Daily cost per entity, as Cost Explorer reported it');
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable().comment('YYYY-MM-DD, UTC');
    table.double('amount').notNullable();
    table.string('unit', 16).notNullable();
    table.boolean('estimated').notNullable().defaultTo(false);
    table.timestamp('fetched_at', { useTz: true }).notNullable();
    table.primary(['entity_ref', 'day'], 'ops_health_cost_daily_pk');
    table.index(['day'], 'ops_health_cost_daily_day_idx');
  });

  await knex.schema.createTable('ops_health_metric_samples', table => {
    table.comment('Metric datapoints per entity, check and subject');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 64).notNullable();
    table.string('subject', 255).notNullable();
    table.string('metric', 128).notNullable();
    table.timestamp('timestamp', { useTz: true }).notNullable();
    table.double('value').notNullable();
    table.primary(
      ['entity_ref', 'check_id', 'subject', 'metric', 'timestamp'],
      'ops_health_metric_samples_pk',
    );
    table.index(['timestamp'], 'ops_health_metric_samples_ts_idx');
  });

  await knex.schema.createTable('ops_health_canary_runs', table => {
    table.comment('Replication canary runs; at most one running per bucket');
    table.string('id', 64).notNullable();
    table.string('bucket', 255).notNullable();
    table.string('entity_ref', 255).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('running, ok, warning, critical, error');
    table.string('created_by', 255).notNullable();
    table.text('progress').nullable();
    table.text('result').nullable().comment('JSON outcome');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    // Set while running and cleared when done: a unique bucket makes a second
    // concurrent run on any replica fail to insert.
    table.string('running_bucket', 255).nullable().unique({
      indexName: 'ops_health_canary_runs_running_uniq',
    });
    table.primary(['id'], 'ops_health_canary_runs_pk');
    table.index(['bucket', 'started_at'], 'ops_health_canary_runs_bucket_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ops_health_canary_runs');
  await knex.schema.dropTable('ops_health_metric_samples');
  await knex.schema.dropTable('ops_health_cost_daily');
};
