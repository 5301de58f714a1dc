import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EscalationEngine } from './EscalationEngine';
import { IncidentAutomation } from '../incidents/IncidentAutomation';

/** The id of the scheduled incident task. @internal */
export const INCIDENTS_TASK_ID = 'ops-health-incidents';

/**
 * On the escalation schedule (default every minute): keep incidents in step
 * with alerts (the same reconcile also runs after every collection), then
 * escalate incidents still in detection. A global task, and both steps are
 * compare-and-set in the database, so several replicas never double up.
 *
 * @internal
 */
export async function scheduleIncidents(options: {
  logger: LoggerService;
  scheduler: SchedulerService;
  schedule: SchedulerServiceTaskScheduleDefinition;
  automation: IncidentAutomation;
  escalation: EscalationEngine;
  now?: () => Date;
}) {
  const logger = options.logger.child({ task: 'incidents' });
  await options.scheduler.scheduleTask({
    id: INCIDENTS_TASK_ID,
    scope: 'global',
    ...options.schedule,
    fn: async () => {
      const now = options.now?.() ?? new Date();
      try {
        await options.automation.reconcile(now);
        await options.escalation.run(now);
      } catch (error) {
        logger.error('Ops Health incident automation failed', {
          error: stringifyError(error),
        });
        throw error;
      }
    },
  });
}
