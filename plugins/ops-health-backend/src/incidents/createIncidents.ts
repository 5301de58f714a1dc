import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { AlertStore } from '../alerting';
import { ContactResolver } from '../contacts/ContactResolver';
import {
  assertEscalationCanNotify,
  readEscalationConfig,
  readIncidentsConfig,
} from '../escalation/config';
import { EscalationEngine } from '../escalation/EscalationEngine';
import { scheduleIncidents } from '../escalation/scheduleIncidents';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import {
  NotificationChannel,
  OpsHealthNotification,
} from '../notifications/types';
import { AcknowledgeLinks } from '../acknowledge/AcknowledgeLinks';
import { createAcknowledgePreparer } from '../acknowledge/createAcknowledgePreparer';
import { readAcknowledgeConfig } from '../acknowledge/config';
import { getMigratedClient } from '../database/migrations';
import { databaseRunLock } from '../database/runLock';
import { ScheduleService } from '../schedules/ScheduleService';
import { createCommanderNotifier } from './commanderNotification';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentAutomation } from './IncidentAutomation';
import { IncidentService } from './IncidentService';

/**
 * The escalation policy of the entity an automatic incident is opened for,
 * read from the catalog with the plugin's credentials; an entity gone from
 * the catalog (while its alert fires) still escalates, by the default
 * policy, as an entity without a policy of its own does.
 *
 * @internal
 */
export function escalationPolicyByRef(options: {
  catalog: CatalogService;
  auth: AuthService;
  policyOf: (entity: Entity) => string | undefined;
  defaultPolicy?: string;
}): (entityRef: string) => Promise<string | undefined> {
  return async entityRef => {
    const entity = await options.catalog.getEntityByRef(entityRef, {
      credentials: await options.auth.getOwnServiceCredentials(),
    });
    return entity ? options.policyOf(entity) : options.defaultPolicy;
  };
}

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
  /** The configured notification channels. */
  channels: Array<Pick<NotificationChannel, 'name' | 'minSeverity' | 'checks'>>;
  contacts: ContactResolver;
  schedules?: ScheduleService;
}) {
  const { logger, clock, contacts } = options;
  const escalationConfig = readEscalationConfig(options.config);
  assertEscalationCanNotify(escalationConfig, options.channels);
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
    autoOpenChecks: incidentsConfig.autoOpenChecks,
    attachWindowMs: incidentsConfig.attachWindowMs,
    // One reconcile at a time across replicas (the scheduled one and those
    // after each collection, wherever they run).
    lock: databaseRunLock(await getMigratedClient(options.database)),
    escalationPolicyFor: escalationPolicyByRef({
      catalog: options.catalog,
      auth: options.auth,
      policyOf: entity => contacts.escalationPolicyOf(entity).policyName,
      defaultPolicy: escalationConfig.defaultPolicy,
    }),
  });
  const escalation = new EscalationEngine({
    incidents: store,
    outbox: options.outbox,
    logger: logger.child({ task: 'escalation' }),
    policy: name => escalationConfig.policies.get(name),
    channelsFor: options.channelsFor,
    onCall: options.schedules
      ? (name, at) => options.schedules!.onCall(name, at)
      : undefined,
  });
  const acknowledgeConfig = readAcknowledgeConfig(options.config);
  const acknowledge = new AcknowledgeLinks({
    db: await getMigratedClient(options.database),
    incidents: store,
    auditor: options.auditor,
    logger: logger.child({ task: 'acknowledge' }),
    now,
    ttlMs: acknowledgeConfig.ttlMs,
    secret: acknowledgeConfig.secret,
    appBaseUrl: options.config.getOptionalString('app.baseUrl'),
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
    acknowledge,
    /** What config names a level of a policy (`DevOps manager`), if it does. */
    escalationLevelName: (policy: string | undefined, level: number) =>
      policy === undefined || level < 1
        ? undefined
        : escalationConfig.policies.get(policy)?.levels[level - 1]?.name,
    /** Adds the acknowledge links to a message just before delivery. */
    prepareNotification: createAcknowledgePreparer({
      links: acknowledge,
      incidents: store,
      catalog: options.catalog,
      auth: options.auth,
    }),
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
