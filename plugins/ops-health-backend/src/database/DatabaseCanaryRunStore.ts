import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CanaryRun, CanaryRunStore } from './CanaryRunStore';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';

const TABLE = 'ops_health_canary_runs';

function toRun(row: any): CanaryRun {
  return {
    id: row.id,
    bucket: row.bucket,
    entityRef: row.entity_ref,
    status: row.status,
    createdBy: row.created_by,
    ...(row.progress ? { progress: row.progress } : {}),
    ...(row.result ? { result: JSON.parse(row.result) } : {}),
    startedAt: toDate(row.started_at),
    ...(row.finished_at ? { finishedAt: toDate(row.finished_at) } : {}),
  };
}

/** Why a run was closed without an outcome. */
const ABANDONED =
  'did not finish: no result came within its timeout and a minute more, so the backend process running it most likely stopped (e.g. a restart or a redeploy); run the test again';

/** @internal */
export class DatabaseCanaryRunStore implements CanaryRunStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseCanaryRunStore> {
    return new DatabaseCanaryRunStore(
      await getMigratedClient(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async tryStart(
    run: Omit<CanaryRun, 'status' | 'finishedAt' | 'result' | 'progress'>,
    abandonAfterMs: number,
  ): Promise<{ started: true } | { started: false; running: CanaryRun }> {
    const row = {
      id: run.id,
      bucket: run.bucket,
      entity_ref: run.entityRef,
      status: 'running',
      created_by: run.createdBy,
      started_at: run.startedAt,
      running_bucket: run.bucket,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.db(TABLE).insert(row);
        return { started: true };
      } catch (error) {
        if (!isDatabaseConflictError(error)) throw error;
      }
      const running = await this.db(TABLE)
        .where({ running_bucket: run.bucket })
        .first();
      if (!running) continue; // finished in between: try again
      const current = toRun(running);
      if (
        run.startedAt.getTime() - current.startedAt.getTime() <=
        abandonAfterMs
      ) {
        return { started: false, running: current };
      }
      // The process running it died: close it so the bucket is free again.
      await this.abandon(
        current,
        new Date(current.startedAt.getTime() + abandonAfterMs),
      );
    }
    const running = await this.db(TABLE)
      .where({ running_bucket: run.bucket })
      .first();
    return { started: false, running: toRun(running) };
  }

  async setProgress(id: string, progress: string): Promise<void> {
    await this.db(TABLE).where({ id }).update({ progress });
  }

  async finish(
    id: string,
    outcome: {
      status: string;
      result: Record<string, unknown>;
      finishedAt: Date;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        status: outcome.status,
        result: JSON.stringify(outcome.result),
        finished_at: outcome.finishedAt,
        running_bucket: null,
      });
  }

  async abandon(run: CanaryRun, at: Date): Promise<CanaryRun | undefined> {
    // Only while it is still the bucket's running run: one that finished
    // in between keeps its outcome.
    await this.db(TABLE)
      .where({ id: run.id, running_bucket: run.bucket })
      .update({
        status: 'error',
        running_bucket: null,
        finished_at: at,
        // Its last progress ("waiting for…") no longer holds.
        progress: null,
        result: JSON.stringify({ error: ABANDONED, reason: 'abandoned' }),
      });
    return this.get(run.id);
  }

  async get(id: string): Promise<CanaryRun | undefined> {
    const row = await this.db(TABLE).where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  async latestForEntity(entityRef: string): Promise<CanaryRun[]> {
    const rows = await this.db(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('started_at', 'desc');
    const latest = new Map<string, CanaryRun>();
    for (const row of rows) {
      if (!latest.has(row.bucket)) latest.set(row.bucket, toRun(row));
    }
    return [...latest.values()];
  }
}
