import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { NotificationDispatcher } from './outbox';

/** Every 15 s, the first 10 s after start (`opsHealth.notifications.schedule`). */
export const DEFAULT_NOTIFY_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { seconds: 15 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

/**
 * On its schedule (every 15 s by default): turn due alert groups and repeats into outbox messages, then
 * deliver what the outbox holds. Both are safe with several replicas (the
 * outbox claims deliveries with a lease), so a replica that died mid-delivery
 * loses nothing: the next run anywhere delivers it.
 *
 * @internal
 */
export async function scheduleNotifications(options: {
  logger: LoggerService;
  scheduler: SchedulerService;
  /** Turns due alert groups and repeats into outbox messages. */
  notifier: { runOnce(now: Date): Promise<unknown> };
  dispatcher: NotificationDispatcher;
  clock: OpsHealthClock;
  schedule?: SchedulerServiceTaskScheduleDefinition;
}) {
  const { scheduler, notifier, dispatcher } = options;
  const logger = options.logger.child({ task: 'notify' });
  await scheduler.scheduleTask({
    id: 'ops-health-notify',
    scope: 'global',
    ...(options.schedule ?? DEFAULT_NOTIFY_SCHEDULE),
    fn: async signal => {
      try {
        await notifier.runOnce(options.clock.now());
        await dispatcher.runOnce(signal);
      } catch (error) {
        logger.error('Sending Ops Health notifications failed', {
          error: stringifyError(error),
        });
        throw error;
      }
    },
  });
}
