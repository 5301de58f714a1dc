import { mockServices } from '@backstage/backend-test-utils';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  at,
  createAlerting,
  MINUTE,
  OWNER,
  result,
  SECOND,
} from '../alerting/__testUtils__/alertingTestUtils';
import { AlertEvaluator } from '../alerting/AlertEvaluator';
import { AlertNotifier } from '../alerting/AlertNotifier';
import { DatabaseAlertStore } from '../alerting/DatabaseAlertStore';
import { EscalationPolicy } from '../escalation/config';
import { EscalationEngine } from '../escalation/EscalationEngine';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentAutomation } from '../incidents/IncidentAutomation';
import { startReceiver } from '../notifications/channels/__testUtils__/receiver';
import { WebhookChannel } from '../notifications/channels/WebhookChannel';
import {
  DatabaseOutboxStore,
  NotificationDispatcher,
} from '../notifications/outbox';

jest.setTimeout(300_000);

const databases = createTestDatabases();
// Two replicas share one PostgreSQL database (SQLite is one process's).
const postgres = databases
  .eachSupportedId()
  .filter(id => String(id).startsWith('POSTGRES'));

const ENTITIES = 10;
const STEPS = 6;
const STEP_MS = 10 * MINUTE;
const CHANNELS = ['webhook-a', 'webhook-b'];
const POLICY: EscalationPolicy = {
  name: 'platform',
  levels: [
    { targets: ['user:default/alice-oncall'], delayMs: 5 * MINUTE },
    { targets: ['user:default/bob-manager'], delayMs: 15 * MINUTE },
    { targets: ['user:default/carol-cto'], delayMs: 30 * MINUTE },
  ],
};

const entity = (i: number) => `component:default/service-${i}`;

(postgres.length ? describe.each(postgres) : describe.skip.each(['none']))(
  'two replicas on one %p database',
  databaseId => {
    it('make one incident per dedup key, one notification per transition and channel, one escalation per level', async () => {
      const receiver = await startReceiver();
      try {
        const h = await createAlerting(
          databases,
          databaseId as any,
          { firingAfter: 1, resolvingAfter: 1 },
          { outbox: database => DatabaseOutboxStore.create({ database }) },
        );
        const logger = mockServices.logger.mock();

        /** Everything one backend replica runs, on its own stores. */
        const replica = async (name: string) => {
          const alerts = await DatabaseAlertStore.create({
            database: h.database,
          });
          const incidents = await DatabaseIncidentStore.create({
            database: h.database,
          });
          const outbox = await DatabaseOutboxStore.create({
            database: h.database,
          });
          let now = at(0);
          return {
            setNow(date: Date) {
              now = date;
            },
            evaluator: AlertEvaluator.create({
              store: alerts,
              config: h.config,
              logger,
            }),
            notifier: AlertNotifier.create({
              store: alerts,
              outbox,
              config: h.config,
              logger,
              audienceOf: async () => ({
                recipients: [OWNER],
                runbookUrl: () => undefined,
              }),
              channelsFor: () => CHANNELS,
            }),
            automation: new IncidentAutomation({
              alerts,
              incidents,
              logger,
              autoOpen: true,
              attachWindowMs: 60 * MINUTE,
              escalationPolicyFor: async () => POLICY.name,
            }),
            escalation: new EscalationEngine({
              incidents,
              outbox,
              logger,
              policy: policyName =>
                policyName === POLICY.name ? POLICY : undefined,
              channelsFor: n => (n.kind === 'escalation' ? ['webhook-a'] : []),
            }),
            dispatcher: NotificationDispatcher.create({
              store: outbox,
              channels: CHANNELS.map(
                channel =>
                  new WebhookChannel({
                    name: channel,
                    minSeverity: 'info',
                    url: receiver.url,
                    signingSecret: 'two-replicas-signing-secret',
                    timeoutMs: 5000,
                  }),
              ),
              logger,
              owner: name,
              now: () => now,
            }),
          };
        };
        const replicas = [
          await replica('replica-a'),
          await replica('replica-b'),
        ];
        const both = <T>(fn: (r: (typeof replicas)[number]) => Promise<T>) =>
          Promise.all(replicas.map(fn));

        let transitions = 0;
        for (let step = 0; step < STEPS; step++) {
          const now = at(step * STEP_MS);
          // Critical on even steps, ok on odd ones: each step is one
          // transition (fired, resolved) for every entity.
          const status = step % 2 === 0 ? 'critical' : 'ok';
          const results = Array.from({ length: ENTITIES }, (_, i) =>
            result(status, now, { entityRef: entity(i), subject: 'data' }),
          );
          await both(r => r.evaluator.evaluate(results, now));
          transitions += ENTITIES;
          // Past the group wait: both notifiers, automations and
          // escalation engines run at the same moments, then delivery.
          for (const offset of [30 * SECOND, 5 * MINUTE, 9 * MINUTE]) {
            const later = new Date(now.getTime() + offset);
            await both(r => r.notifier.runOnce(later));
            await both(r => r.automation.reconcile(later));
            await both(r => r.escalation.run(later));
            replicas.forEach(r => r.setNow(later));
            await both(r => r.dispatcher.runOnce());
          }
        }

        // One incident per dedup key, over every fire and resolve.
        const incidents = await h
          .knex('ops_health_incidents')
          .select('id', 'source_dedup_key');
        const perKey = new Map<string, number>();
        for (const row of incidents) {
          perKey.set(
            row.source_dedup_key,
            (perKey.get(row.source_dedup_key) ?? 0) + 1,
          );
        }
        expect(perKey.size).toBe(ENTITIES);
        expect([...perKey.values()].every(n => n === 1)).toBe(true);

        // One escalation per level per incident.
        const escalated = await h
          .knex('ops_health_incident_events')
          .where({ type: 'escalated' })
          .select('incident_id', 'data');
        const levels = new Map<string, number>();
        for (const row of escalated) {
          const level = JSON.parse(row.data).level;
          const key = `${row.incident_id}:${level}`;
          levels.set(key, (levels.get(key) ?? 0) + 1);
        }
        expect(levels.size).toBe(ENTITIES * POLICY.levels.length);
        expect([...levels.values()].every(n => n === 1)).toBe(true);

        // One notification per transition, one delivery per channel.
        const notifications = await h
          .knex('ops_health_notifications')
          .select('id', 'payload');
        const kinds = notifications.map(n => JSON.parse(n.payload).kind);
        const alertMessages = kinds.filter(k => k !== 'escalation').length;
        const escalationMessages = kinds.length - alertMessages;
        expect(alertMessages).toBe(transitions);
        expect(escalationMessages).toBe(ENTITIES * POLICY.levels.length);

        const deliveries = await h
          .knex('ops_health_deliveries')
          .select('channel', 'delivered_at');
        expect(deliveries.every(d => d.delivered_at)).toBe(true);
        const perChannel = Object.fromEntries(
          CHANNELS.map(c => [
            c,
            deliveries.filter(d => d.channel === c).length,
          ]),
        );
        expect(perChannel).toEqual({
          'webhook-a': transitions + escalationMessages,
          'webhook-b': transitions,
        });

        // What the receiver saw: each delivery once.
        const keys = receiver.requests.map(
          r => r.headers['idempotency-key'] as string,
        );
        const duplicates = keys.length - new Set(keys).size;
        expect(keys.length).toBe(deliveries.length);
        expect(duplicates).toBe(0);

        reportReliability({
          id: `two-replicas-${String(databaseId).toLowerCase()}`,
          title: `Two replicas on one database (${databaseId})`,
          command:
            'cd plugins/ops-health-backend && yarn backstage-cli package test src/reliability/twoReplicas.test.ts',
          lines: [
            `Two replicas, each with its own evaluator, notifier, incident automation, escalation engine and dispatcher, ran every step at the same moments over ${transitions} alert transitions (${ENTITIES} entities, fired and resolved ${
              STEPS / 2
            } times each).`,
            `Incidents: ${incidents.length}, one per dedup key (${perKey.size} keys).`,
            `Escalations: ${escalated.length}, one per level per incident (${POLICY.levels.length} levels).`,
            `Notifications: ${alertMessages} for ${transitions} transitions and ${escalationMessages} escalation messages; deliveries per channel ${JSON.stringify(
              perChannel,
            )}; the loopback receiver got ${
              keys.length
            } requests, ${duplicates} duplicates.`,
          ],
        });
      } finally {
        await receiver.close();
      }
    });
  },
);
