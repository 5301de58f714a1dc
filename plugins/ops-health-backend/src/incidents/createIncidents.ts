import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { AlertStore } from '../alerting';
import { ContactResolver } from '../contacts/ContactResolver';
import {
  readEscalationConfig,
  readIncidentsConfig,
} from '../escalation/config';
import { EscalationEngine } from '../escalation/EscalationEngine';
import { scheduleIncidents } from '../escalation/scheduleIncidents';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import { OpsHealthNotification } from '../notifications/types';
import { createCommanderNotifier } from './commanderNotification';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentAutomation } from './IncidentAutomation';
import { IncidentService } from './IncidentService';

/**
 * Incidents: opened from critical alerts, escalated while nobody
 * acknowledges them, changed through the API and the actions.
 *
 * @internal
 */
export async function createIncidents(options: {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  clock: OpsHealthClock;
  alerts: AlertStore;
  outbox: NotificationOutbox;
  channelsFor: (notification: OpsHealthNotification) => string[];
  contacts: ContactResolver;
}) {
  const { logger, clock, contacts } = options;
  const escalationConfig = readEscalationConfig(options.config);
  const incidentsConfig = readIncidentsConfig(options.config);
  const store = await DatabaseIncidentStore.create({
    database: options.database,
  });
  const now = () => clock.now();
  const automation = new IncidentAutomation({
    alerts: options.alerts,
    incidents: store,
    logger: logger.child({ task: 'incidents' }),
    autoOpen: incidentsConfig.autoOpen,
    attachWindowMs: incidentsConfig.attachWindowMs,
    escalationPolicyFor: async entityRef => {
      const entity = await options.catalog.getEntityByRef(entityRef, {
        credentials: await options.auth.getOwnServiceCredentials(),
      });
      return entity && contacts.escalationPolicyOf(entity).policyName;
    },
  });
  const escalation = new EscalationEngine({
    incidents: store,
    outbox: options.outbox,
    logger: logger.child({ task: 'escalation' }),
    policy: name => escalationConfig.policies.get(name),
    channelsFor: options.channelsFor,
  });
  const service = new IncidentService({
    store,
    catalog: options.catalog,
    permissions: options.permissions,
    auditor: options.auditor,
    escalationPolicyFor: entity =>
      contacts.escalationPolicyOf(entity).policyName,
    notifyCommander: createCommanderNotifier({
      outbox: options.outbox,
      channelsFor: options.channelsFor,
      now,
    }),
    now,
  });
  return {
    automation,
    service,
    schedule: () =>
      scheduleIncidents({
        logger,
        scheduler: options.scheduler,
        schedule: escalationConfig.schedule,
        automation,
        escalation,
        now,
      }),
  };
}
