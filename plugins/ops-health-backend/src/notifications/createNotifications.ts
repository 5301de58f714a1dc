import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  configErrors,
  OpsHealthClock,
  readScheduleConfig,
} from '@ops-health/backstage-plugin-ops-health-node';
import { Config, ConfigReader } from '@backstage/config';
import { RequestLimiter } from '../access/RequestLimiter';
import { ChannelTester } from './ChannelTester';
import { createChannelsFromConfig } from './channels';
import { DatabaseOutboxStore, NotificationDispatcher } from './outbox';
import { readDeliveryConfig } from './readDeliveryConfig';
import { OpsHealthNotification } from './types';
import {
  DEFAULT_NOTIFY_SCHEDULE,
  scheduleNotifications,
} from './scheduleNotifications';

/**
 * The notification outbox, the configured channels and the task that
 * delivers what the outbox holds.
 *
 * @internal
 */
export async function createNotifications(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  notifications: NotificationService;
  clock: OpsHealthClock;
}) {
  const { logger, clock } = options;
  // Set once the incidents exist (they come after the notifications).
  let prepare:
    | ((n: OpsHealthNotification) => Promise<OpsHealthNotification>)
    | undefined;
  const outbox = await DatabaseOutboxStore.create({
    database: options.database,
  });
  const channelList = createChannelsFromConfig(options.config, {
    notifications: options.notifications,
    logger,
  });
  const dispatcher = NotificationDispatcher.create({
    store: outbox,
    channels: channelList,
    logger: logger.child({ task: 'dispatch' }),
    config: readDeliveryConfig(options.config),
    now: () => clock.now(),
    prepare: async notification =>
      prepare ? prepare(notification) : notification,
  });
  return {
    outbox,
    /** Completes each message just before delivery (the acknowledge links). */
    prepareWith(fn: typeof prepare) {
      prepare = fn;
    },
    channels: ChannelTester.create({
      channels: channelList,
      clock,
      limiter: await RequestLimiter.create({
        database: options.database,
        clock,
        scope: 'channel-test',
      }),
    }),
    /** Schedules the task that turns alerts into messages and delivers them. */
    schedule: (notifier: { runOnce(now: Date): Promise<unknown> }) =>
      scheduleNotifications({
        logger,
        scheduler: options.scheduler,
        notifier,
        dispatcher,
        clock,
        schedule: readNotifySchedule(options.config),
      }),
  };
}

/**
 * `opsHealth.notifications.schedule`: when alerts become messages and the
 * outbox is delivered; a bad one stops the backend naming the key.
 *
 * @internal
 */
export function readNotifySchedule(root: Config) {
  return readScheduleConfig(
    root.getOptionalConfig('opsHealth') ?? new ConfigReader({}),
    'notifications.schedule',
    DEFAULT_NOTIFY_SCHEDULE,
    configErrors('opsHealth').wrap,
  );
}
