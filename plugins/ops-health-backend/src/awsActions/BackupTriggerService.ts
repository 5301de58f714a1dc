import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  AwsClientFactory,
  triggerBackup,
} from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';

/**
 * Invokes an entity's backup function asynchronously ("manually trigger
 * backup" in the runbook).
 *
 * @internal
 */
export class BackupTriggerService {
  static create(options: {
    logger: LoggerService;
    clients: AwsClientFactory;
    clock: OpsHealthClock;
  }) {
    return new BackupTriggerService(options);
  }

  private constructor(
    private readonly options: {
      logger: LoggerService;
      clients: AwsClientFactory;
      clock: OpsHealthClock;
    },
  ) {}

  async trigger(request: {
    entityRef: string;
    accountId?: string;
    functionName?: string;
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
    const result = await triggerBackup({
      clients: this.options.clients,
      accountId: request.accountId,
      functionName: request.functionName,
      now: () => this.options.clock.now(),
    });
    this.options.logger.info('Backup triggered', {
      entityRef: request.entityRef,
      functionName: request.functionName,
    });
    return result;
  }
}
