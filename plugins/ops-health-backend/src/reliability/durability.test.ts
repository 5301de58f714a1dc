import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { opsHealthPlugin } from '..';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { inertChecksModule } from '../__testUtils__/checksModule';

jest.setTimeout(180_000);

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      annotations: { 'ops-health/cost-tags': 'service=checkout' },
    },
    spec: { type: 'service', owner: 'group:default/payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice' },
    spec: { memberOf: ['payments'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'bob' },
    spec: { memberOf: ['payments'] },
  },
];
const ALICE = mockCredentials.user.header('user:default/alice');
const INCIDENTS = 5;
const NOTES = 4;

type Store = {
  name: string;
  database: Record<string, unknown>;
  /** The plugin's own database, to count rows in after a stop. */
  connect(): Knex;
  cleanUp(): Promise<void>;
};

function sqliteFile(): Store {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-health-db-'));
  return {
    name: 'SQLite file',
    database: { client: 'better-sqlite3', connection: { directory } },
    connect: () =>
      knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(directory, 'ops-health.sqlite') },
        useNullAsDefault: true,
      }),
    async cleanUp() {
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

function postgres(connection: string): Store {
  const prefix = `durability_${randomBytes(4).toString('hex')}_`;
  const pluginDatabase = `${prefix}ops-health`;
  return {
    name: 'PostgreSQL',
    database: { client: 'pg', connection, prefix },
    connect: () =>
      knexFactory({
        client: 'pg',
        connection: `${connection.replace(/\/$/, '')}/${pluginDatabase}`,
      }),
    async cleanUp() {
      const admin = knexFactory({ client: 'pg', connection });
      await admin.raw(
        `drop database if exists "${pluginDatabase}" with (force)`,
      );
      await admin.destroy();
    },
  };
}

const stores: Array<() => Store> = [sqliteFile];
const pgConnection =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
if (pgConnection) stores.push(() => postgres(pgConnection));

async function counts(knex: Knex) {
  const result: Record<string, number> = {};
  for (const [name, query] of Object.entries({
    incidents: knex('ops_health_incidents'),
    'timeline events': knex('ops_health_incident_events'),
    silences: knex('ops_health_silences'),
    'pending notifications': knex('ops_health_deliveries').whereNull(
      'delivered_at',
    ),
  })) {
    const [{ n }] = await query.count({ n: '*' });
    result[name] = Number(n);
  }
  return result;
}

describe.each(stores.map(make => [make().name, make] as const))(
  'stop and start on %s',
  (_name, make) => {
    it('keeps every incident, timeline event, silence and pending notification', async () => {
      const store = make();
      try {
        // No scheduled task runs: what is pending stays pending.
        const start = () =>
          startTestBackend({
            features: [
              opsHealthPlugin,
              inertChecksModule(),
              catalogServiceMock.factory({ entities: ENTITIES }),
              databaseServiceFactory,
              mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
              mockServices.rootConfig.factory({
                data: {
                  backend: { database: store.database as JsonObject },
                  // A channel that takes everything; nothing delivers here.
                  opsHealth: {
                    notifications: {
                      channels: [
                        {
                          name: 'ops-webhook',
                          type: 'webhook',
                          minSeverity: 'info',
                          url: 'http://127.0.0.1:9/ops-health',
                          signingSecret: 'durability-test-signing-secret',
                        },
                      ],
                    },
                  },
                },
              }),
            ],
          });

        const first = await start();
        const ids: string[] = [];
        for (let i = 0; i < INCIDENTS; i++) {
          const created = await request(first.server)
            .post('/api/ops-health/incidents')
            .set('Authorization', ALICE)
            .send({
              entityRef: 'component:default/checkout',
              title: `Incident ${i}`,
              severity: 'SEV3',
            });
          expect(created.status).toBe(201);
          // Handing command notifies the commander: a pending delivery.
          const handover = await request(first.server)
            .patch(`/api/ops-health/incidents/${created.body.id}`)
            .set('Authorization', ALICE)
            .send({
              version: created.body.version,
              commander: 'user:default/bob',
            });
          expect(handover.status).toBe(200);
          ids.push(created.body.id);
          for (let n = 0; n < NOTES; n++) {
            const note = await request(first.server)
              .post(`/api/ops-health/incidents/${created.body.id}/notes`)
              .set('Authorization', ALICE)
              .send({ note: `note ${n}` });
            expect(note.status).toBe(201);
          }
        }
        const silence = await request(first.server)
          .post('/api/ops-health/silences')
          .set('Authorization', ALICE)
          .send({
            entityRef: 'component:default/checkout',
            checkId: 'cost',
            reason: 'maintenance',
            duration: '2h',
          });
        expect(silence.status).toBe(201);
        const timelines = async (server: any) =>
          Promise.all(
            ids.map(async id => {
              const res = await request(server)
                .get(`/api/ops-health/incidents/${id}`)
                .set('Authorization', ALICE);
              expect(res.status).toBe(200);
              return res.body.events.map((e: any) => [e.id, e.type, e.note]);
            }),
          );
        const timelinesBefore = await timelines(first.server);
        await first.stop();

        const knex = store.connect();
        const before = await counts(knex);
        await knex.destroy();
        expect(before.incidents).toBe(INCIDENTS);
        expect(before['pending notifications']).toBeGreaterThan(0);

        const second = await start();
        // Through the API: the same timelines and the silence.
        expect(await timelines(second.server)).toEqual(timelinesBefore);
        const silences = await request(second.server)
          .get('/api/ops-health/silences?active=true')
          .set('Authorization', ALICE);
        expect(silences.body.items.map((s: any) => s.id)).toEqual([
          silence.body.id,
        ]);
        await second.stop();
        const again = store.connect();
        const after = await counts(again);
        await again.destroy();
        expect(after).toEqual(before);

        reportReliability({
          id: `durability-${store.name.toLowerCase().replace(/\W+/g, '-')}`,
          title: `Stop and start (${store.name})`,
          command:
            'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/durability.test.ts',
          lines: [
            `The backend, on the real database service (${
              store.name
            }), wrote ${Object.entries(before)
              .map(([k, n]) => `${n} ${k}`)
              .join(
                ', ',
              )}; stopped and started again on the same database, it served the same timelines and silence, and the database held the same rows: ${Object.entries(
              after,
            )
              .map(([k, n]) => `${n} ${k}`)
              .join(', ')}.`,
          ],
        });
      } finally {
        await store.cleanUp();
      }
    });
  },
);
