import { mockServices } from '@backstage/backend-test-utils';
import { metricsServiceMock } from '@backstage/backend-test-utils/alpha';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseOutboxStore } from '../notifications/outbox';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { EscalationPolicy } from './config';
import { EscalationEngine } from './EscalationEngine';
import { IncidentAutomation } from '../incidents/IncidentAutomation';
import { INCIDENTS_TASK_ID, scheduleIncidents } from './scheduleIncidents';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const MINUTE = 60_000;
const t0 = new Date('2026-11-26T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const POLICY: EscalationPolicy = {
  name: 'platform',
  levels: [
    { targets: ['user:default/alice-oncall'], delayMs: 5 * MINUTE },
    {
      name: 'DevOps manager',
      targets: ['user:default/bob-manager'],
      delayMs: 15 * MINUTE,
    },
    { targets: ['user:default/carol-cto'], delayMs: 30 * MINUTE },
  ],
};

async function setup(database: DatabaseService) {
  const incidents = await DatabaseIncidentStore.create({ database });
  const outbox = await DatabaseOutboxStore.create({ database });
  const engine = (
    overrides: Partial<ConstructorParameters<typeof EscalationEngine>[0]> = {},
  ) =>
    new EscalationEngine({
      incidents,
      outbox,
      logger: mockServices.logger.mock(),
      policy: name => (name === POLICY.name ? POLICY : undefined),
      channelsFor: n => (n.kind === 'escalation' ? ['portal-inbox'] : []),
      ...overrides,
    });
  const open = (id: string) =>
    incidents.create({
      id,
      entityRef: 'component:default/checkout-service',
      title: 'Checkout down',
      severity: 'SEV1',
      createdBy: 'ops-health:automation',
      escalationPolicy: 'platform',
      now: t0,
    });
  const escalations = async (id: string) =>
    (await incidents.get(id))!.events.filter(e => e.type === 'escalated');
  return { incidents, outbox, engine, open, escalations };
}

describe.each(databases.eachSupportedId())(
  'EscalationEngine on %p',
  databaseId => {
    async function create() {
      const knex = await databases.init(databaseId);
      return setup(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
    }

    it('notifies each level at its delay and stops on acknowledgement', async () => {
      const h = await create();
      await h.open('inc-1');
      const engine = h.engine();

      expect((await engine.run(at(5 * MINUTE - 1000))).escalated).toBe(0);
      expect((await engine.run(at(5 * MINUTE))).escalated).toBe(1);
      expect((await engine.run(at(6 * MINUTE))).escalated).toBe(0);
      expect((await engine.run(at(15 * MINUTE))).escalated).toBe(1);

      const [first, second] = await h.escalations('inc-1');
      expect(first).toMatchObject({
        at: at(5 * MINUTE),
        actor: 'ops-health:automation',
        data: {
          policy: 'platform',
          level: 1,
          targets: ['user:default/alice-oncall'],
          channels: ['portal-inbox'],
        },
      });
      expect(second.data).toMatchObject({
        level: 2,
        levelName: 'DevOps manager',
        waitedMinutes: 15,
        targets: ['user:default/bob-manager'],
      });
      // A level config does not name has no name in the data either.
      expect(first.data).not.toHaveProperty('levelName');
      // A level config names is named in the timeline and the message.
      expect(first.note).toMatch(/escalated to level 1 of policy platform/);
      expect(second.note).toMatch(
        /escalated to level 2 · DevOps manager of policy platform/,
      );
      expect(
        (await h.outbox.getNotification(second.data!.notificationId as string))
          ?.title,
      ).toBe(
        'Escalation (level 2 · DevOps manager, platform): SEV1 incident on component:default/checkout-service is still unacknowledged',
      );
      // Each level is one message on the channels, to that level's people.
      const notification = await h.outbox.getNotification(
        first.data!.notificationId as string,
      );
      expect(notification).toMatchObject({
        kind: 'escalation',
        recipients: ['user:default/alice-oncall'],
        severity: 'critical',
        link: '/catalog/default/component/checkout-service/ops-health/incidents/inc-1',
      });
      expect(
        await h.outbox.listDeliveries({
          notificationId: first.data!.notificationId as string,
          limit: 10,
        }),
      ).toEqual([expect.objectContaining({ channel: 'portal-inbox' })]);

      // Acknowledged: moved out of detection. The CTO is never paged.
      await h.incidents.transition('inc-1', {
        to: 'assessment',
        expectedVersion: 1,
        actor: 'user:default/alice-oncall',
        now: at(16 * MINUTE),
      });
      expect((await engine.run(at(31 * MINUTE))).escalated).toBe(0);
      expect(await h.escalations('inc-1')).toHaveLength(2);
      expect((await h.incidents.get('inc-1'))!.escalationLevel).toBe(2);
    });

    it('starts again from the first level when the incident returns to detection', async () => {
      const h = await create();
      await h.open('inc-4');
      const engine = h.engine();
      expect((await engine.run(at(15 * MINUTE))).escalated).toBe(2);
      await h.incidents.transition('inc-4', {
        to: 'assessment',
        expectedVersion: 1,
        actor: 'user:default/alice-oncall',
        now: at(16 * MINUTE),
      });
      // Back to detection an hour later: without the restart, every level's
      // delay since detection would have passed and the CTO paged at once.
      await h.incidents.transition('inc-4', {
        to: 'detection',
        expectedVersion: 2,
        actor: 'user:default/alice-oncall',
        note: 'The fix did not hold',
        now: at(76 * MINUTE),
      });
      expect((await engine.run(at(80 * MINUTE))).escalated).toBe(0);
      expect((await engine.run(at(81 * MINUTE))).escalated).toBe(1);
      const events = await h.escalations('inc-4');
      expect(events.map(e => [e.at, e.data!.level])).toEqual([
        [at(15 * MINUTE), 1],
        [at(15 * MINUTE), 2],
        [at(81 * MINUTE), 1],
      ]);
      // A new message for the new round, not the first round's again.
      const ids = events.map(e => e.data!.notificationId);
      expect(new Set(ids).size).toBe(3);
      expect(ids[2]).toBe(`escalation:inc-4:${at(76 * MINUTE).getTime()}:1`);
      expect(
        await h.outbox.listDeliveries({
          notificationId: ids[2] as string,
          limit: 10,
        }),
      ).toHaveLength(1);
      const incident = await h.incidents.get('inc-4');
      expect(incident).toMatchObject({
        escalationLevel: 1,
        escalationSince: at(76 * MINUTE),
      });
    });

    it('catches up level by level after a pause, and stops at the last', async () => {
      const h = await create();
      await h.open('inc-2');
      expect((await h.engine().run(at(40 * MINUTE))).escalated).toBe(3);
      expect((await h.escalations('inc-2')).map(e => e.data!.level)).toEqual([
        1, 2, 3,
      ]);
      expect((await h.engine().run(at(90 * MINUTE))).escalated).toBe(0);
    });

    it('escalates once when two replicas run at the same moment', async () => {
      const h = await create();
      await h.open('inc-3');
      const [a, b] = await Promise.all([
        h.engine().run(at(5 * MINUTE)),
        h.engine().run(at(5 * MINUTE)),
      ]);
      expect(a.escalated + b.escalated).toBe(1);
      expect(await h.escalations('inc-3')).toHaveLength(1);
      expect(await h.outbox.listDeliveries({ limit: 10 })).toHaveLength(1);
    });

    it('asks who is on call on a schedule once per run, however many incidents escalate to it', async () => {
      const h = await create();
      for (const id of ['s-1', 's-2', 's-3']) await h.open(id);
      const onSchedule: EscalationPolicy = {
        name: 'platform',
        levels: [{ targets: ['schedule:platform-ops'], delayMs: 5 * MINUTE }],
      };
      const onCall = jest.fn(async () => ({ user: 'user:default/dave' }));
      const engine = h.engine({ policy: () => onSchedule, onCall });
      expect((await engine.run(at(5 * MINUTE))).escalated).toBe(3);
      expect(onCall.mock.calls).toEqual([['platform-ops', at(5 * MINUTE)]]);
      for (const id of ['s-1', 's-2', 's-3']) {
        expect((await h.escalations(id))[0].data!.recipients).toEqual([
          'user:default/dave',
        ]);
      }

      // A schedule that cannot be read: said once in the log, and each
      // timeline says nobody was on call.
      const h2 = await create();
      for (const id of ['f-1', 'f-2']) await h2.open(id);
      const logger = mockServices.logger.mock();
      const failing = jest.fn(async () => {
        throw new Error('database gone');
      });
      const summary = await h2
        .engine({ policy: () => onSchedule, onCall: failing, logger })
        .run(at(5 * MINUTE));
      expect(summary).toEqual({ escalated: 2, skipped: 0, errors: 0 });
      expect(failing).toHaveBeenCalledTimes(1);
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect((await h2.escalations('f-2'))[0].note).toContain(
        'schedule platform-ops: nobody on call',
      );
    });

    it('leaves incidents without a policy, or with an unknown one, alone', async () => {
      const h = await create();
      await h.incidents.create({
        id: 'none',
        entityRef: 'component:default/x',
        title: 'x',
        severity: 'SEV3',
        createdBy: 'user:default/alice',
        now: t0,
      });
      await h.incidents.create({
        id: 'gone',
        entityRef: 'component:default/x',
        title: 'x',
        severity: 'SEV3',
        createdBy: 'user:default/alice',
        escalationPolicy: 'removed-from-config',
        now: t0,
      });
      expect(await h.engine().run(at(60 * MINUTE))).toEqual({
        escalated: 0,
        skipped: 0,
        errors: 0,
      });
    });
  },
);

describe('escalation on two scheduler instances sharing PostgreSQL', () => {
  const pg = databases
    .eachSupportedId()
    .find(([id]) => id.startsWith('POSTGRES'));

  // createTestDatabases fails the run when PostgreSQL is not configured;
  // this only needs to pick it.
  it('escalates each level once', async () => {
    expect(pg).toBeDefined();
    const knex = await databases.init(pg![0]);
    const database = mockServices.database({
      knex,
      migrations: { skip: false },
    });
    let clock = t0;
    // The schedulers stop their loops on shutdown.
    const shutdownHooks: Array<() => void | Promise<void>> = [];
    const rootLifecycle = mockServices.rootLifecycle.mock({
      addShutdownHook: (hook: any) => {
        shutdownHooks.push(typeof hook === 'function' ? hook : hook.fn);
      },
    });
    const runs: string[] = [];
    async function startReplica(name: string) {
      const h = await setup(database);
      const scheduler = DefaultSchedulerService.create({
        database,
        logger: mockServices.logger.mock(),
        metrics: metricsServiceMock.mock(),
        rootLifecycle,
        httpRouter: mockServices.httpRouter.mock(),
        pluginMetadata: { getId: () => 'ops-health' },
      });
      const engine = h.engine();
      await scheduleIncidents({
        logger: mockServices.logger.mock(),
        scheduler,
        schedule: { frequency: { hours: 1 }, timeout: { seconds: 30 } },
        automation: {
          reconcile: async () => ({
            opened: 0,
            attached: 0,
            resolved: 0,
            errors: 0,
          }),
        } as unknown as IncidentAutomation,
        escalation: {
          run: async (now: Date) => {
            runs.push(name);
            return engine.run(now);
          },
        } as EscalationEngine,
        now: () => clock,
      });
      return { h, scheduler };
    }
    // One after the other: the first migrates the database.
    const replicas = [
      await startReplica('replica-a'),
      await startReplica('replica-b'),
    ];
    const [{ h }] = replicas;
    await h.open('inc-pg');

    async function tickBoth(expectedLevel: number) {
      const before = runs.length;
      await Promise.all(
        replicas.map(r => r.scheduler.triggerTask(INCIDENTS_TASK_ID)),
      );
      // Both replicas were asked; wait for the run(s) to finish.
      for (let i = 0; i < 200; i++) {
        if (
          runs.length > before &&
          (await h.incidents.get('inc-pg'))!.escalationLevel === expectedLevel
        ) {
          break;
        }
        await new Promise(r => setTimeout(r, 100));
      }
    }

    clock = at(5 * MINUTE);
    await tickBoth(1);
    clock = at(15 * MINUTE);
    await tickBoth(2);
    await tickBoth(2);

    expect((await h.escalations('inc-pg')).map(e => e.data!.level)).toEqual([
      1, 2,
    ]);
    expect(await h.outbox.listDeliveries({ limit: 10 })).toHaveLength(2);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    await Promise.all(shutdownHooks.map(hook => hook()));
  });
});
