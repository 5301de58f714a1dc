import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  DefaultAwsClientFactory,
  OwnershipVerifier,
  readAwsChecksConfig,
} from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { CheckResultStore } from '../database/CheckResultStore';
import { DatabaseBackupTriggerStore } from '../database/DatabaseBackupTriggerStore';
import { DatabaseCanaryRunStore } from '../database/DatabaseCanaryRunStore';
import { BackupTriggerService } from './BackupTriggerService';
import { ReplicationCanaryService } from './ReplicationCanaryService';

/**
 * The manual AWS actions of the runbook — the replication test and the
 * backup trigger — with the AWS clients of the AWS checks' module.
 *
 * @internal
 */
export async function createAwsActions(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  results: CheckResultStore;
  clock: OpsHealthClock;
}) {
  const { logger, clock } = options;
  const awsConfig = readAwsChecksConfig(options.config);
  const clients = DefaultAwsClientFactory.fromConfig(
    options.config,
    awsConfig.aws,
  );
  const canaryRuns = await DatabaseCanaryRunStore.create({
    database: options.database,
  });
  return {
    ownership: OwnershipVerifier.create({ clients, trust: awsConfig.trust }),
    canaries: ReplicationCanaryService.create({
      logger: logger.child({ action: 'replication-canary' }),
      clients,
      config: awsConfig.replication.canary,
      runs: canaryRuns,
      results: options.results,
      clock,
    }),
    backups: BackupTriggerService.create({
      logger: logger.child({ action: 'backup-trigger' }),
      clients,
      clock,
      triggers: await DatabaseBackupTriggerStore.create({
        database: options.database,
      }),
      minIntervalMs: awsConfig.backup.triggerIntervalMs,
    }),
  };
}
