import { stringifyError } from '@backstage/errors';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  opsHealthPermissions,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  OpsHealthCheckProvider,
  opsHealthChecksExtensionPoint,
  opsHealthClockServiceRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import { BackupTriggerService } from './actions/BackupTriggerService';
import { ReplicationCanaryService } from './actions/ReplicationCanaryService';
import { DefaultAwsClientFactory } from './aws/AwsClientFactory';
import { CollectionEngine } from './collectors/CollectionEngine';
import { scheduleCollection } from './collectors/scheduleCollection';
import { readOpsHealthConfig } from './config/OpsHealthConfig';
import { DatabaseCanaryRunStore } from './database/DatabaseCanaryRunStore';
import { DatabaseCheckResultStore } from './database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from './database/DatabaseHistoryStore';
import { createRouter } from './service/router';
import {
  AlertEvaluator,
  AlertNotifier,
  DatabaseAlertStore,
  SilenceService,
} from './alerting';
import { createChannelsFromConfig } from './notifications/channels';
import {
  DatabaseOutboxStore,
  NotificationDispatcher,
} from './notifications/outbox';
import { readDeliveryConfig } from './notifications/readDeliveryConfig';
import { scheduleNotifications } from './notifications/scheduleNotifications';
import { channelAccepts, OpsHealthNotification } from './notifications/types';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerOpsHealthActions } from './actions/registerActions';
import { ContactResolver } from './contacts/ContactResolver';
import { readContactsConfig, readRunbookConfig } from './contacts/config';
import { resolveRunbook } from './contacts/runbook';
import {
  policyForEntity,
  readEscalationConfig,
  readIncidentsConfig,
} from './escalation/config';
import { DatabaseIncidentStore } from './incidents/DatabaseIncidentStore';
import { EscalationEngine } from './incidents/EscalationEngine';
import { IncidentAutomation } from './incidents/IncidentAutomation';
import { IncidentService } from './incidents/IncidentService';
import { createCommanderNotifier } from './incidents/commanderNotification';
import { scheduleIncidents } from './incidents/scheduleIncidents';

/**
 * The Ops Health backend plugin: storage, collection engine and schedule,
 * API and manual actions. The checks themselves come from modules through
 * `opsHealthChecksExtensionPoint`, the built-in AWS ones included.
 *
 * @public
 */
export const opsHealthPlugin = createBackendPlugin({
  pluginId: 'ops-health',
  register(env) {
    const providers = new Map<string, OpsHealthCheckProvider>();
    env.registerExtensionPoint(opsHealthChecksExtensionPoint, {
      addCheckProvider(...added) {
        for (const provider of added) {
          if (providers.has(provider.id)) {
            throw new Error(
              `Ops Health check provider '${provider.id}' is already registered`,
            );
          }
          providers.set(provider.id, provider);
        }
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        clock: opsHealthClockServiceRef,
      },
      async init(deps) {
        const { logger, database, scheduler } = deps;
        // Throws naming the key on invalid config: the backend does not start.
        const config = readOpsHealthConfig(deps.config);
        const escalationConfig = readEscalationConfig(deps.config);
        const incidentsConfig = readIncidentsConfig(deps.config);
        const contactsConfig = readContactsConfig(deps.config);
        const runbookConfig = readRunbookConfig(deps.config);
        const clients = DefaultAwsClientFactory.fromConfig(
          deps.config,
          config.aws,
        );

        const results = await DatabaseCheckResultStore.create({ database });
        const history = await DatabaseHistoryStore.create({ database });
        const canaryRuns = await DatabaseCanaryRunStore.create({ database });

        // Alerting: every collection run is evaluated; messages go through
        // the outbox to the configured channels.
        const alerts = await DatabaseAlertStore.create({ database });
        const outbox = await DatabaseOutboxStore.create({ database });
        const channels = createChannelsFromConfig(deps.config, {
          notifications: deps.notifications,
          logger,
        });
        // The channels that take a message (minimum severity, checks).
        const channelsFor = (notification: OpsHealthNotification) =>
          channels
            .filter(channel => channelAccepts(channel, notification))
            .map(channel => channel.name);
        const evaluator = AlertEvaluator.create({
          store: alerts,
          config: deps.config,
          logger: logger.child({ task: 'evaluate' }),
        });
        // The entities whose messages are being composed: recipients are
        // resolved first, then each alert links to its runbook section.
        const notifiedEntities = new Map<string, Entity>();
        const appBaseUrl = deps.config.getOptionalString('app.baseUrl') ?? '';
        const notifier = AlertNotifier.create({
          runbookUrl: alert => {
            const entity = notifiedEntities.get(alert.entityRef);
            const runbook =
              entity && resolveRunbook(entity, alert.checkId, runbookConfig);
            if (!runbook || !('url' in runbook)) return undefined;
            return runbook.url.startsWith('/')
              ? `${appBaseUrl}${runbook.url}`
              : runbook.url;
          },
          store: alerts,
          outbox,
          config: deps.config,
          logger: logger.child({ task: 'notify' }),
          channelsFor,
          resolveRecipients: async entityRef => {
            const entity = await deps.catalog.getEntityByRef(entityRef, {
              credentials: await deps.auth.getOwnServiceCredentials(),
            });
            // Read again for the runbook links of the same message.
            if (entity) notifiedEntities.set(entityRef, entity);
            else notifiedEntities.delete(entityRef);
            const owner = entity?.spec?.owner;
            return typeof owner === 'string'
              ? [
                  stringifyEntityRef(
                    parseEntityRef(owner, {
                      defaultKind: 'group',
                      defaultNamespace: entity?.metadata.namespace ?? 'default',
                    }),
                  ),
                ]
              : [];
          },
        });
        const dispatcher = NotificationDispatcher.create({
          store: outbox,
          channels,
          logger: logger.child({ task: 'dispatch' }),
          config: readDeliveryConfig(deps.config),
        });

        // Incidents: opened from critical alerts, escalated while nobody
        // acknowledges them, changed through the API and the actions.
        const incidentStore = await DatabaseIncidentStore.create({ database });
        const escalationPolicyFor = (entity: Entity) => {
          let name: string | undefined;
          try {
            name = parseOpsHealthAnnotations(entity).escalationPolicy;
          } catch {
            // A misconfigured entity escalates by the default policy.
          }
          return policyForEntity(escalationConfig, name).policy?.name;
        };
        const automation = new IncidentAutomation({
          alerts,
          incidents: incidentStore,
          logger: logger.child({ task: 'incidents' }),
          autoOpen: incidentsConfig.autoOpen,
          attachWindowMs: incidentsConfig.attachWindowMs,
          escalationPolicyFor: async entityRef => {
            const entity = await deps.catalog.getEntityByRef(entityRef, {
              credentials: await deps.auth.getOwnServiceCredentials(),
            });
            return entity ? escalationPolicyFor(entity) : undefined;
          },
        });
        const escalation = new EscalationEngine({
          incidents: incidentStore,
          outbox,
          logger: logger.child({ task: 'escalation' }),
          policy: name => escalationConfig.policies.get(name),
          channelsFor,
          appBaseUrl: appBaseUrl || undefined,
        });
        const incidents = new IncidentService({
          store: incidentStore,
          catalog: deps.catalog,
          permissions: deps.permissions,
          auditor: deps.auditor,
          escalationPolicyFor,
          notifyCommander: createCommanderNotifier({
            outbox,
            channelsFor,
            appBaseUrl: appBaseUrl || undefined,
          }),
        });
        const contacts = new ContactResolver({
          catalog: deps.catalog,
          auth: deps.auth,
          escalation: escalationConfig,
          contacts: contactsConfig,
        });

        const engine = CollectionEngine.create({
          logger,
          auth: deps.auth,
          catalog: deps.catalog,
          results,
          history,
          clock: deps.clock,
          listener: {
            async onCollected(checkId, checkResults, now, scope) {
              await evaluator.onCollected(checkId, checkResults, now, scope);
              // Incidents follow at once; a failure here is retried by the
              // incidents task and must not fail the collection.
              await automation.reconcile(now).catch(error =>
                logger.error('Could not reconcile incidents with alerts', {
                  error: stringifyError(error),
                }),
              );
            },
          },
        });
        await scheduleCollection({
          logger,
          scheduler,
          engine,
          history,
          providers: [...providers.values()],
          config,
          clock: deps.clock,
          // Sent notifications are kept as long as metric samples.
          retention: [before => outbox.deleteOlderThan(before)],
        });

        await scheduleNotifications({
          logger,
          scheduler,
          notifier,
          dispatcher,
        });

        await scheduleIncidents({
          logger,
          scheduler,
          schedule: escalationConfig.schedule,
          automation,
          escalation,
        });

        deps.permissionsRegistry.addPermissions(opsHealthPermissions);
        registerOpsHealthActions({
          actionsRegistry: deps.actionsRegistry,
          incidents,
          results,
        });

        deps.httpRouter.use(
          await createRouter({
            clock: deps.clock,
            catchUpIntervalMs: config.catchUp.intervalMs,
            httpAuth: deps.httpAuth,
            catalog: deps.catalog,
            permissions: deps.permissions,
            auditor: deps.auditor,
            results,
            history,
            canaryRuns,
            canaries: ReplicationCanaryService.create({
              logger: logger.child({ action: 'replication-canary' }),
              clients,
              config: config.replication.canary,
              runs: canaryRuns,
              results,
            }),
            backups: BackupTriggerService.create({
              logger: logger.child({ action: 'backup-trigger' }),
              clients,
            }),
            alerts,
            silences: SilenceService.create({ store: alerts }),
            channels,
            incidents,
            contacts: entity => contacts.getContacts(entity),
            runbook: (entity, checkId) => {
              const runbook = resolveRunbook(entity, checkId, runbookConfig);
              return runbook && 'url' in runbook ? runbook : undefined;
            },
          }),
        );
        // Requests without credentials reach the handlers, so that a refused
        // mutation leaves an auditor event like a denied one. Every handler
        // asks httpAuth for the caller first and answers 401 without one.
        for (const path of [
          '/entities',
          '/incidents',
          '/silences',
          '/channels',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        logger.info('Ops Health started', {
          checkProviders: [...providers.keys()].join(',') || 'none',
        });
      },
    });
  },
});
