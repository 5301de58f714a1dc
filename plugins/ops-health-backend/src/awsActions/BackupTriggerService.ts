import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AwsClientFactory,
  triggerBackup,
} from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { DatabaseBackupTriggerStore } from '../database/DatabaseBackupTriggerStore';
import { TooManyRequestsError } from '../access/RequestLimiter';

/** `45 s`, `12 min`: a wait or an age of minutes, rounded by `round`. */
function inWords(ms: number, round: (n: number) => number) {
  const seconds = Math.max(1, round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${round(seconds / 60)} min`;
}

/**
 * Invokes an entity's backup function asynchronously ("manually trigger
 * backup" in the runbook): each function at most once per `minIntervalMs`
 * across replicas (a backup is long and may be charged; a second click is
 * not a second backup).
 *
 * @internal
 */
export class BackupTriggerService {
  static create(options: {
    logger: LoggerService;
    clients: AwsClientFactory;
    clock: OpsHealthClock;
    triggers: DatabaseBackupTriggerStore;
    minIntervalMs: number;
  }) {
    return new BackupTriggerService(options);
  }

  private constructor(
    private readonly options: {
      logger: LoggerService;
      clients: AwsClientFactory;
      clock: OpsHealthClock;
      triggers: DatabaseBackupTriggerStore;
      minIntervalMs: number;
    },
  ) {}

  async trigger(request: {
    entityRef: string;
    accountId?: string;
    functionName?: string;
    /** Who triggers it (their entity ref). */
    triggeredBy: string;
  }): Promise<{
    functionName: string;
    statusCode: number;
    requestId?: string;
    invokedAt: Date;
  }> {
    if (!request.functionName) {
      throw new InputError(
        `${request.entityRef} has no backup function: add the ops-health/backup-lambda annotation`,
      );
    }
    const { triggers, minIntervalMs, clock } = this.options;
    const functionKey = `${request.accountId ?? ''}/${request.functionName}`;
    const claim = {
      entityRef: request.entityRef,
      triggeredBy: request.triggeredBy,
      triggeredAt: clock.now(),
    };
    const claimed = await triggers.claim(functionKey, claim, minIntervalMs);
    if (!claimed.claimed) {
      const { last } = claimed;
      const again = last.triggeredAt.getTime() + minIntervalMs;
      const now = claim.triggeredAt.getTime();
      // Times relative to now: the reader's clock and zone are not ours.
      throw new TooManyRequestsError(
        `The backup function ${request.functionName} was triggered ${inWords(
          now - last.triggeredAt.getTime(),
          Math.floor,
        )} ago by ${last.triggeredBy}${
          last.entityRef === request.entityRef ? '' : ` (for ${last.entityRef})`
        }; it runs on its own, and may be triggered again in ${inWords(
          again - now,
          Math.ceil,
        )} (at most once every ${Math.round(
          minIntervalMs / 60_000,
        )} min). Its result shows in the backup check.`,
        Math.max(1, Math.ceil((again - now) / 1000)),
      );
    }
    let result;
    try {
      result = await triggerBackup({
        clients: this.options.clients,
        accountId: request.accountId,
        functionName: request.functionName,
        now: () => clock.now(),
      });
    } catch (error) {
      // Not invoked: it may be tried again at once.
      await triggers.release(functionKey, claim);
      throw error;
    }
    this.options.logger.info('Backup triggered', {
      entityRef: request.entityRef,
      functionName: request.functionName,
    });
    return result;
  }
}
