import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { CheckStatus } from '@ops-health/backstage-plugin-ops-health-node';
import { OpsHealthNotification } from '../../notifications/types';
import { AlertEvaluator } from '../AlertEvaluator';
import { NotificationOutbox as AlertOutbox } from '../../notifications/outbox/OutboxStore';
import { AlertNotifier } from '../AlertNotifier';
import { AlertStore } from '../AlertStore';
import { DatabaseAlertStore } from '../DatabaseAlertStore';
import { SilenceService } from '../SilenceService';
import { EvaluatedResult } from '../types';

export const ENTITY = 'component:default/checkout-service';
export const OWNER = 'group:default/payments';
export const T0 = new Date('2026-11-26T10:00:00.000Z');

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** T0 + ms. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

export function result(
  status: CheckStatus,
  measuredAt: Date,
  overrides: Partial<EvaluatedResult> = {},
): EvaluatedResult {
  return {
    entityRef: ENTITY,
    checkId: 'replication',
    subject: 'media',
    status,
    value: status === 'ok' ? 30 : 3600,
    threshold: 900,
    unit: 's',
    message: status === 'ok' ? 'Latency 30 s' : 'Latency 1 h',
    runbookSection: 's3-replication-failure',
    measuredAt,
    ...overrides,
  };
}

const SCRATCH = 'alerting_test_outbox';

/** What the fake outbox committed. */
export interface Enqueued {
  notification: OpsHealthNotification;
  channels: string[];
  now: Date;
}

/**
 * An outbox that writes each notification into a scratch table through the
 * transaction it is given: only what the notifier committed can be read back.
 */
export class FakeOutbox implements AlertOutbox {
  /** Fails the next n enqueue calls (after writing, so a rollback shows). */
  failNext = 0;
  calls = 0;

  constructor(private readonly knex: Knex) {}

  async enqueue(
    tx: Knex.Transaction,
    notification: OpsHealthNotification,
    channels: string[],
    now: Date,
  ): Promise<void> {
    this.calls += 1;
    if (!(tx as any)?.isTransaction) {
      throw new Error('enqueue must be called with a transaction');
    }
    await tx(SCRATCH).insert({
      payload: JSON.stringify({ notification, channels, now }),
    });
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('outbox write failed');
    }
  }

  /** Committed notifications, oldest first. */
  async enqueued(): Promise<Enqueued[]> {
    const rows = await this.knex(SCRATCH).orderBy('seq');
    return rows.map(row => {
      const parsed = JSON.parse(row.payload);
      return { ...parsed, now: new Date(parsed.now) };
    });
  }
}

export async function createScratchOutbox(knex: Knex): Promise<FakeOutbox> {
  if (!(await knex.schema.hasTable(SCRATCH))) {
    await knex.schema.createTable(SCRATCH, table => {
      table.increments('seq');
      table.text('payload').notNullable();
    });
  }
  return new FakeOutbox(knex);
}

export type AlertingTestConfig = JsonObject;

/**
 * Everything on one fresh database: the store, an evaluator, a notifier
 * writing into the fake outbox, the silences; `replica()` builds another
 * store and evaluator on the same database.
 */
export async function createAlerting(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  alerting: AlertingTestConfig = {},
  options: {
    wrapStore?: (store: AlertStore) => AlertStore;
    /** The outbox the notifier writes into; the fake one by default. */
    outbox?: (database: DatabaseService) => Promise<AlertOutbox>;
  } = {},
) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const config = new ConfigReader({
    app: { baseUrl: 'https://portal.example.com' },
    opsHealth: { alerting },
  });
  const logger = mockServices.logger.mock();
  const wrap = options.wrapStore ?? (s => s);
  const store = wrap(await DatabaseAlertStore.create({ database }));
  const fakeOutbox = await createScratchOutbox(knex);
  const outbox = options.outbox ? await options.outbox(database) : fakeOutbox;
  const recipientCalls: string[] = [];
  const notifier = AlertNotifier.create({
    store,
    outbox,
    config,
    logger,
    audienceOf: async entityRef => {
      recipientCalls.push(entityRef);
      return {
        recipients: [OWNER],
        runbookUrl: a =>
          a.runbookSection
            ? `https://runbooks.example.com/${a.checkId}#${a.runbookSection}`
            : undefined,
      };
    },
    channelsFor: n =>
      n.severity === 'critical' ? ['slack', 'pager'] : ['slack'],
  });
  const evaluator = AlertEvaluator.create({ store, config, logger });
  const silences = SilenceService.create({ store });

  async function replica(wrapReplica: (s: AlertStore) => AlertStore = s => s) {
    const replicaStore = wrapReplica(
      await DatabaseAlertStore.create({ database }),
    );
    return {
      store: replicaStore,
      evaluator: AlertEvaluator.create({
        store: replicaStore,
        config,
        logger,
      }),
    };
  }

  return {
    knex,
    database,
    config,
    logger,
    store,
    outbox: fakeOutbox,
    notifier,
    evaluator,
    silences,
    recipientCalls,
    replica,
  };
}

/** Resolves once `parties` callers are waiting. */
export function barrier(parties: number) {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>(resolve => {
    release = resolve;
  });
  return async () => {
    waiting += 1;
    if (waiting >= parties) release();
    await all;
  };
}

/** Offsets from T0 of the notifications, with their kinds. */
export function timeline(enqueued: Enqueued[]) {
  return enqueued.map(e => ({
    at: e.now.getTime() - T0.getTime(),
    kind: e.notification.kind,
  }));
}
