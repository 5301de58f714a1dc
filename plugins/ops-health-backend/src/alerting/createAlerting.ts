import { readAlertingConfig } from './config';
import {
  DatabaseService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import { OpsHealthNotification } from '../notifications/types';
import { AlertEvaluator } from './AlertEvaluator';
import { AlertAudience, AlertNotifier } from './AlertNotifier';
import { AlertPipeline } from './AlertPipeline';
import { DatabaseAlertStore } from './DatabaseAlertStore';
import { SilenceService } from './SilenceService';

/**
 * Alerting: the store, the evaluation of check results into alerts, the
 * notifier that turns them into messages, and silences.
 *
 * @internal
 */
export async function createAlerting(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  outbox: NotificationOutbox;
  channelsFor: (notification: OpsHealthNotification) => string[];
  audienceOf: (entityRef: string) => Promise<AlertAudience>;
  /** The installed checks' own firingAfter (see readAlertingConfig). */
  checkDefaults?: Record<string, { firingAfter?: number }>;
}) {
  const { logger } = options;
  const store = await DatabaseAlertStore.create({
    database: options.database,
  });
  const evaluator = AlertEvaluator.create({
    store,
    config: readAlertingConfig(options.config, options.checkDefaults),
    logger: logger.child({ task: 'evaluate' }),
  });
  return {
    store,
    silences: SilenceService.create({ store }),
    notifier: AlertNotifier.create({
      store,
      outbox: options.outbox,
      config: options.config,
      logger: logger.child({ task: 'notify' }),
      channelsFor: options.channelsFor,
      audienceOf: options.audienceOf,
    }),
    /** What follows each collection; `afterEvaluation` acts on the alerts. */
    pipeline: (afterEvaluation: (now: Date) => Promise<unknown>) =>
      AlertPipeline.create({ evaluator, logger, afterEvaluation }),
  };
}
