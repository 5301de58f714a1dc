import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from './migrations';
import { toDate } from './dates';

const TABLE = 'ops_health_backup_triggers';

/**
 * A manual trigger of a backup function.
 *
 * @internal
 */
export type BackupTrigger = {
  entityRef: string;
  triggeredBy: string;
  triggeredAt: Date;
};

/**
 * The last manual trigger of each backup function, shared by the replicas:
 * a trigger is claimed before the function is invoked, and only when the
 * last one is at least the interval old.
 *
 * @internal
 */
export class DatabaseBackupTriggerStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseBackupTriggerStore> {
    return new DatabaseBackupTriggerStore(
      await getMigratedClient(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Claims a trigger of the function (`functionKey`): claimed unless the
   * function was triggered less than `minIntervalMs` before `trigger`'s
   * time, on any replica; then the trigger that holds it.
   */
  async claim(
    functionKey: string,
    trigger: BackupTrigger,
    minIntervalMs: number,
  ): Promise<{ claimed: true } | { claimed: false; last: BackupTrigger }> {
    const row = {
      entity_ref: trigger.entityRef,
      triggered_by: trigger.triggeredBy,
      triggered_at: trigger.triggeredAt,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      // Compare-and-set: only a trigger the interval old is replaced.
      const updated = await this.db(TABLE)
        .where({ function_key: functionKey })
        .andWhere(
          'triggered_at',
          '<=',
          new Date(trigger.triggeredAt.getTime() - minIntervalMs),
        )
        .update(row);
      if (updated > 0) return { claimed: true };
      const last = await this.db(TABLE)
        .where({ function_key: functionKey })
        .first();
      if (last) {
        return {
          claimed: false,
          last: {
            entityRef: last.entity_ref,
            triggeredBy: last.triggered_by,
            triggeredAt: toDate(last.triggered_at),
          },
        };
      }
      try {
        await this.db(TABLE).insert({ function_key: functionKey, ...row });
        return { claimed: true };
      } catch (error) {
        // Another replica inserted it in between: read theirs.
        if (!isDatabaseConflictError(error)) throw error;
      }
    }
    throw new Error(`Could not claim a trigger of backup ${functionKey}`);
  }

  /**
   * Gives back a claim whose invocation failed, so that the function can
   * be triggered again at once (only if it is still that claim).
   */
  async release(functionKey: string, trigger: BackupTrigger): Promise<void> {
    await this.db(TABLE)
      .where({
        function_key: functionKey,
        triggered_by: trigger.triggeredBy,
        triggered_at: trigger.triggeredAt,
      })
      .delete();
  }
}
