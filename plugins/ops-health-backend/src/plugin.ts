import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { opsHealthPermissions } from '@ops-health/backstage-plugin-ops-health-common';
import {
  assertKnownConfigKeys,
  opsHealthChecksExtensionPoint,
  opsHealthClockServiceRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createAlerting } from './alerting/createAlerting';
import { registerOpsHealthActions } from './aiActions/registerActions';
import { createAwsActions } from './awsActions/createAwsActions';
import { createContacts } from './contacts/createContacts';
import { createCollection } from './engine/createCollection';
import { CheckProviderRegistry } from './engine/CheckProviderRegistry';
import { createIncidents } from './incidents/createIncidents';
import { createNotifications } from './notifications/createNotifications';
import { createRouter } from './service/createRouter';
import { createSchedules } from './schedules/createSchedules';
import { assertCheckIdsInConfig } from './config/checkIdsInConfig';
import { configKeys } from './config/configKeys.generated';

/**
 * The Ops Health backend plugin: the check engine and its schedule,
 * alerting, notifications, incidents and escalation, the API and the
 * actions. The checks themselves come from modules through
 * `opsHealthChecksExtensionPoint`, the built-in AWS ones included.
 *
 * @public
 */
export const opsHealthPlugin = createBackendPlugin({
  pluginId: 'ops-health',
  register(env) {
    const providers = new CheckProviderRegistry();
    env.registerExtensionPoint(opsHealthChecksExtensionPoint, providers);

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
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
        clock: opsHealthClockServiceRef,
      },
      async init(deps) {
        // A key under opsHealth that neither the plugin nor an installed
        // module declares is a typo that would be ignored: stop here, naming
        // it. (Modules have registered, and read their own sections, by now.)
        assertKnownConfigKeys(deps.config, 'opsHealth', [
          configKeys,
          ...providers.configKeys(),
        ]);
        // Each factory reads its part of the config first and throws naming
        // the key: the backend does not start on invalid config.
        const schedules = await createSchedules(deps);
        const contacts = createContacts({ ...deps, schedules });
        const notifications = await createNotifications(deps);
        const alerting = await createAlerting({
          ...deps,
          outbox: notifications.outbox,
          channelsFor: notifications.channels.channelsFor,
          audienceOf: contacts.audienceOf,
          checkDefaults: Object.fromEntries(
            providers.list().map(p => [p.id, { firingAfter: p.firingAfter }]),
          ),
        });
        // The check ids that config names, once it is read: every check
        // module has registered its checks by now.
        assertCheckIdsInConfig(deps.config, providers.ids());
        const incidents = await createIncidents({
          ...deps,
          alerts: alerting.store,
          outbox: notifications.outbox,
          channelsFor: notifications.channels.channelsFor,
          channels: notifications.channels.list(),
          contacts: contacts.resolver,
          schedules,
        });
        notifications.prepareWith(incidents.prepareNotification);
        const collection = await createCollection({
          ...deps,
          providers: () => providers.list(),
          listener: alerting.pipeline(now =>
            incidents.automation.reconcile(now),
          ),
          // Sent notifications are kept as long as metric samples.
          retention: [
            before => notifications.outbox.deleteOlderThan(before),
            before => incidents.acknowledge.deleteExpiredBefore(before),
            before => schedules.deleteOverridesEndedBefore(before),
          ],
        });
        await notifications.schedule(alerting.notifier);
        await incidents.schedule();

        deps.permissionsRegistry.addPermissions(opsHealthPermissions);
        registerOpsHealthActions({
          actionsRegistry: deps.actionsRegistry,
          incidents: incidents.service,
          health: collection.health,
          onCallFor: (entityRef, credentials) =>
            contacts.resolver.onCallFor(entityRef, credentials),
        });

        deps.httpRouter.use(
          await createRouter({
            ...deps,
            ...(await createAwsActions({
              ...deps,
              results: collection.results,
            })),
            health: collection.health,
            checkNow: collection.checkNow,
            alerts: alerting.store,
            silences: alerting.silences,
            channels: notifications.channels,
            incidents: incidents.service,
            contacts: contacts.resolver,
            runbooks: contacts.runbooks,
            schedules,
            acknowledge: incidents.acknowledge,
            escalationLevelName: incidents.escalationLevelName,
            allowedServices: collection.config.actions.allowedServices,
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
          '/schedules',
          '/acknowledge',
        ]) {
          deps.httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        deps.logger.info('Ops Health started', {
          checkProviders: providers.ids().join(',') || 'none',
        });
      },
    });
  },
});
