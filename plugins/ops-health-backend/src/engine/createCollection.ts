import { CheckNowService } from './CheckNowService';
import {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OpsHealthCheckProvider,
  OpsHealthClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import { nextPassOf, readOpsHealthConfig } from '../config/OpsHealthConfig';
import { DatabaseCheckResultStore } from '../database/DatabaseCheckResultStore';
import { DatabaseHistoryStore } from '../database/DatabaseHistoryStore';
import { deleteExpiredRecords } from '../database/recordRetention';
import { databaseRunLock } from '../database/runLock';
import { RequestLimiter } from '../access/RequestLimiter';
import { CatalogAccessCache } from '../access/CatalogAccessCache';
import { EntityHealthService } from '../health/EntityHealthService';
import { CollectionEngine, CollectionListener } from './CollectionEngine';
import { scheduleCollection } from './scheduleCollection';

/**
 * The check engine with its stores and scheduled tasks, and the health
 * service that reads what it stored.
 *
 * @internal
 */
export async function createCollection(options: {
  config: RootConfigService;
  logger: LoggerService;
  auth: AuthService;
  database: DatabaseService;
  scheduler: SchedulerService;
  catalog: CatalogService;
  permissions: PermissionsService;
  clock: OpsHealthClock;
  providers: () => OpsHealthCheckProvider[];
  listener: CollectionListener;
  retention: Array<(before: Date) => Promise<unknown>>;
}) {
  const { database, clock } = options;
  const config = readOpsHealthConfig(options.config);
  const results = await DatabaseCheckResultStore.create({ database });
  const history = await DatabaseHistoryStore.create({ database });
  const providers = options.providers();
  const engine = CollectionEngine.create({
    logger: options.logger,
    auth: options.auth,
    catalog: options.catalog,
    results,
    history,
    clock,
    providers,
    listener: options.listener,
    // A full run and a catch-up of one check never overlap, on any replica.
    lock: databaseRunLock(await database.getClient()),
  });
  await scheduleCollection({
    logger: options.logger,
    scheduler: options.scheduler,
    engine,
    history,
    providers,
    config,
    clock,
    retention: [
      ...options.retention,
      // Alerts, silences, tests and incidents, each by its own policy.
      async (_before, { now, signal }) =>
        deleteExpiredRecords(
          await database.getClient(),
          config.retention.records,
          now,
          signal,
        ),
    ],
  });
  const health = EntityHealthService.create({
    access: new CatalogAccessCache(
      options.catalog,
      config.access.cacheTtlMs,
      Date.now,
      options.permissions,
      {
        // The entities the checks apply to, as the collection lists them.
        load: () => engine.listEntities(),
        ttlMs: config.access.indexTtlMs,
        onError: error =>
          options.logger.warn(
            `Reading the index of annotated entities failed; entity health reads ask the catalog meanwhile: ${error}`,
          ),
      },
    ),
    results,
    history,
    clock,
    providers: options.providers,
    nextCatchUp: (lastAt, now) =>
      nextPassOf(config.catchUp.schedule, lastAt, now),
  });
  const checkNow = new CheckNowService({
    engine,
    providers: options.providers,
    results,
    logger: options.logger.child({ task: 'check-now' }),
    clock,
    limiter: await RequestLimiter.create({
      database,
      clock,
      scope: 'check-now',
    }),
  });
  return { config, results, history, health, checkNow };
}
