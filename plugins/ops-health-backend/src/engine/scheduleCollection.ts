import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  OpsHealthCheckProvider,
  OpsHealthClock,
  systemClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import { OpsHealthConfig } from '../config/OpsHealthConfig';
import { HistoryStore } from '../database/HistoryStore';
import { CollectionEngine } from './CollectionEngine';

// Checks that bring no schedule of their own run on this one.
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

/**
 * Two scheduled tasks per check provider (the full run on the check's
 * schedule, and the catch-up pass for new or changed entities), plus the
 * history retention task.
 * `scope: 'global'`: with several replicas each run happens on one of them.
 *
 * @internal
 */
export async function scheduleCollection(options: {
  logger: LoggerService;
  scheduler: SchedulerService;
  engine: CollectionEngine;
  history: HistoryStore;
  providers: OpsHealthCheckProvider[];
  config: OpsHealthConfig;
  clock?: OpsHealthClock;
  /**
   * Further clean-ups run by the retention task, given the metric samples'
   * cut-off time, the current time and the task's abort signal; what they
   * return (rows deleted per table) is logged.
   */
  retention?: Array<
    (
      before: Date,
      context: { now: Date; signal: AbortSignal },
    ) => Promise<unknown>
  >;
}) {
  const { logger, scheduler, engine, history, providers, config } = options;
  const clock = options.clock ?? systemClock;

  for (const provider of providers) {
    const catchUpLogger = logger.child({ task: `catch-up-${provider.id}` });
    // New entities, and entities whose annotations changed, are measured
    // within minutes instead of at the check's next run (6 hours for cost).
    await scheduler.scheduleTask({
      id: `ops-health-catch-up-${provider.id}`,
      scope: 'global',
      ...config.catchUp.schedule,
      fn: async signal => {
        try {
          await engine.catchUp(provider, { signal, logger: catchUpLogger });
        } catch (error) {
          catchUpLogger.error(`Catching up ${provider.id} health failed`, {
            error: stringifyError(error),
          });
          throw error;
        }
      },
    });

    const taskLogger = logger.child({ task: `collect-${provider.id}` });
    await scheduler.scheduleTask({
      id: `ops-health-collect-${provider.id}`,
      scope: 'global',
      ...(provider.schedule ?? DEFAULT_SCHEDULE),
      fn: async signal => {
        try {
          await engine.run(provider, { signal, logger: taskLogger });
        } catch (error) {
          taskLogger.error(`Collecting ${provider.id} health failed`, {
            error: stringifyError(error),
          });
          throw error;
        }
      },
    });
  }

  const retentionLogger = logger.child({ task: 'retention' });
  await scheduler.scheduleTask({
    id: 'ops-health-retention',
    scope: 'global',
    ...config.retention.schedule,
    fn: async signal => {
      const now = clock.now().getTime();
      const deleted = await history.deleteOlderThan({
        costDay: new Date(now - config.retention.costDays * 86_400_000)
          .toISOString()
          .slice(0, 10),
        sampleTime: new Date(
          now - config.retention.metricSampleDays * 86_400_000,
        ),
      });
      const before = new Date(
        now - config.retention.metricSampleDays * 86_400_000,
      );
      const more: unknown[] = [];
      for (const cleanUp of options.retention ?? []) {
        signal.throwIfAborted();
        more.push(await cleanUp(before, { now: new Date(now), signal }));
      }
      retentionLogger.info('Deleted old history', {
        ...deleted,
        ...Object.assign(
          {},
          ...more.filter(m => typeof m === 'object' && m !== null),
        ),
      });
    },
  });
}
