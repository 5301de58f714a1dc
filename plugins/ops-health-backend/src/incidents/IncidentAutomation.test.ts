import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  at,
  createAlerting,
  ENTITY,
  MINUTE,
  result,
} from '../alerting/__testUtils__/alertingTestUtils';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentAutomation } from './IncidentAutomation';
import { databaseRunLock, RunLock } from '../database/runLock';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'IncidentAutomation on %p',
  databaseId => {
    async function setup(
      options: { attachWindowMs?: number; autoOpenChecks?: string[] } = {},
    ) {
      // Alerts fire on the first critical result.
      const h = await createAlerting(databases, databaseId, {
        firingAfter: 1,
        resolvingAfter: 1,
      });
      const incidents = await DatabaseIncidentStore.create({
        database: h.database,
      });
      const automation = (store = incidents, lock?: RunLock) =>
        new IncidentAutomation({
          lock,
          alerts: h.store,
          incidents: store,
          logger: mockServices.logger.mock(),
          autoOpen: true,
          autoOpenChecks: options.autoOpenChecks,
          attachWindowMs: options.attachWindowMs ?? 60 * MINUTE,
          escalationPolicyFor: async () => 'platform',
        });
      return { ...h, incidents, automation };
    }

    it('opens one incident per critical alert, across replicas and runs', async () => {
      const h = await setup();
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      const replica = await DatabaseIncidentStore.create({
        database: h.database,
      });
      const [first, second] = await Promise.all([
        h.automation().reconcile(at(0)),
        h.automation(replica).reconcile(at(0)),
      ]);
      expect(first.opened + second.opened).toBe(1);
      // Later runs see the incident and do nothing.
      expect(await h.automation().reconcile(at(MINUTE))).toEqual({
        opened: 0,
        attached: 0,
        resolved: 0,
        errors: 0,
      });
      const incidents = await h.incidents.list({ limit: 10 });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({
        entityRef: ENTITY,
        phase: 'detection',
        severity: 'SEV2',
        title: 'S3 replication failure on checkout-service (media)',
        sourceDedupKey: `${ENTITY}|replication|media`,
        escalationPolicy: 'platform',
        createdBy: 'ops-health:automation',
      });
      const details = await h.incidents.get(incidents[0].id);
      expect(details!.events.map(e => e.type)).toEqual([
        'created',
        'alert-firing',
      ]);
    });

    it("opens incidents for the critical alerts of autoOpenChecks only (and their parts'); another check's alert attaches to one open", async () => {
      const h = await setup({ autoOpenChecks: ['backup', 'replication'] });
      const cost = { checkId: 'cost', subject: 'daily' };
      await h.evaluator.evaluate([result('critical', at(0), cost)], at(0));
      expect((await h.automation().reconcile(at(0))).opened).toBe(0);
      expect(await h.incidents.list({ limit: 10 })).toEqual([]);

      // A part of a listed check opens one; the cost alert, still firing,
      // then attaches to it.
      await h.evaluator.evaluate(
        [
          result('critical', at(MINUTE), cost),
          result('critical', at(MINUTE), { checkId: 'replication-canary' }),
        ],
        at(MINUTE),
      );
      const summary = await h.automation().reconcile(at(MINUTE));
      expect(summary).toMatchObject({ opened: 1, attached: 1 });
      const [incident] = await h.incidents.list({ limit: 10 });
      expect(incident.sourceDedupKey).toBe(
        `${ENTITY}|replication-canary|media`,
      );
      const details = await h.incidents.get(incident.id);
      expect(details!.alerts.map(l => l.dedupKey).sort()).toEqual([
        `${ENTITY}|cost|daily`,
        `${ENTITY}|replication-canary|media`,
      ]);
    });

    it('opens one incident for an entity whose two alerts fire, when two replicas reconcile at once, and says once that all resolved', async () => {
      const h = await setup();
      const db = await h.database.getClient();
      // Two replicas: their own stores and locks over the one database.
      const replica = async () =>
        h.automation(
          await DatabaseIncidentStore.create({ database: h.database }),
          databaseRunLock(db, { pollMs: 10 }),
        );
      const [a, b] = [await replica(), await replica()];
      await h.evaluator.evaluate(
        [
          result('critical', at(0)),
          result('critical', at(0), { subject: 'logs' }),
        ],
        at(0),
      );
      const [first, second] = await Promise.all([
        a.reconcile(at(0)),
        b.reconcile(at(0)),
      ]);
      expect(first.opened + second.opened).toBe(1);
      expect(first.attached + second.attached).toBe(1);
      const incidents = await h.incidents.list({ limit: 10 });
      expect(incidents).toHaveLength(1);
      let details = await h.incidents.get(incidents[0].id);
      expect(details!.alerts.map(l => l.dedupKey).sort()).toEqual([
        `${ENTITY}|replication|logs`,
        `${ENTITY}|replication|media`,
      ]);

      await h.evaluator.evaluate(
        [
          result('ok', at(5 * MINUTE)),
          result('ok', at(5 * MINUTE), { subject: 'logs' }),
        ],
        at(5 * MINUTE),
      );
      await Promise.all([
        a.reconcile(at(5 * MINUTE)),
        b.reconcile(at(5 * MINUTE)),
      ]);
      details = await h.incidents.get(incidents[0].id);
      expect(
        details!.events.filter(e => e.data?.allResolved === true),
      ).toHaveLength(1);
      expect(details!.events.map(e => e.type).slice(-3)).toEqual([
        'alert-resolved',
        'alert-resolved',
        'alert-resolved',
      ]);
    });

    it('does not open incidents for warnings, but attaches them', async () => {
      const h = await setup();
      await h.evaluator.evaluate(
        [result('warning', at(0), { subject: 'logs' })],
        at(0),
      );
      expect((await h.automation().reconcile(at(0))).opened).toBe(0);
      expect(await h.incidents.list({ limit: 10 })).toEqual([]);

      await h.evaluator.evaluate([result('critical', at(MINUTE))], at(MINUTE));
      const summary = await h.automation().reconcile(at(MINUTE));
      expect(summary).toMatchObject({ opened: 1, attached: 1 });
      const [incident] = await h.incidents.list({ limit: 10 });
      const details = await h.incidents.get(incident.id);
      expect(details!.alerts.map(a => a.dedupKey).sort()).toEqual([
        `${ENTITY}|replication|logs`,
        `${ENTITY}|replication|media`,
      ]);
    });

    it('attaches alerts of the entity within the window, opens a new one after', async () => {
      const h = await setup({ attachWindowMs: 30 * MINUTE });
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      await h.automation().reconcile(at(0));
      // Another subject, 10 minutes later: same incident.
      await h.evaluator.evaluate(
        [result('critical', at(10 * MINUTE), { subject: 'logs' })],
        at(10 * MINUTE),
      );
      expect(await h.automation().reconcile(at(10 * MINUTE))).toMatchObject({
        opened: 0,
        attached: 1,
      });
      // A third one 2 hours later: outside the window, its own incident.
      await h.evaluator.evaluate(
        [result('critical', at(120 * MINUTE), { subject: 'cold' })],
        at(120 * MINUTE),
      );
      expect(await h.automation().reconcile(at(120 * MINUTE))).toMatchObject({
        opened: 1,
      });
      const incidents = await h.incidents.list({ limit: 10 });
      expect(incidents.map(i => i.sourceDedupKey)).toEqual([
        `${ENTITY}|replication|cold`,
        `${ENTITY}|replication|media`,
      ]);
    });

    it('says so on the timeline when all its alerts resolve, and stays open', async () => {
      const h = await setup();
      await h.evaluator.evaluate(
        [
          result('critical', at(0)),
          result('critical', at(0), { subject: 'logs' }),
        ],
        at(0),
      );
      await h.automation().reconcile(at(0));
      await h.evaluator.evaluate(
        [
          result('ok', at(5 * MINUTE)),
          result('critical', at(5 * MINUTE), { subject: 'logs' }),
        ],
        at(5 * MINUTE),
      );
      expect(await h.automation().reconcile(at(5 * MINUTE))).toMatchObject({
        resolved: 1,
      });
      let [incident] = await h.incidents.list({ limit: 10 });
      let details = await h.incidents.get(incident.id);
      expect(details!.events.filter(e => e.data?.allResolved === true)).toEqual(
        [],
      );

      await h.evaluator.evaluate(
        [result('ok', at(9 * MINUTE), { subject: 'logs' })],
        at(9 * MINUTE),
      );
      await h.automation().reconcile(at(9 * MINUTE));
      await h.automation().reconcile(at(10 * MINUTE));
      [incident] = await h.incidents.list({ limit: 10 });
      details = await h.incidents.get(incident.id);
      expect(incident.phase).toBe('detection');
      expect(details!.events.map(e => e.type)).toEqual([
        'created',
        'alert-firing',
        'alert-firing',
        'alert-resolved',
        'alert-resolved',
        'alert-resolved',
      ]);
      expect(details!.events[5]).toMatchObject({
        data: { allResolved: true },
        note: expect.stringContaining('stays open'),
      });
      expect(details!.alerts.every(a => a.resolvedAt)).toBe(true);
    });

    /** Takes the incident through lessons learned to closed, by hand. */
    async function closeByHand(
      h: Awaited<ReturnType<typeof setup>>,
      id: string,
      now: Date,
    ) {
      const { version } = (await h.incidents.get(id))!;
      await h.incidents.transition(id, {
        to: 'lessons-learned',
        expectedVersion: version,
        actor: 'user:default/alice',
        note: 'Recovered by hand; the check has not caught up yet',
        now,
      });
      await h.incidents.updatePostmortem(id, {
        postmortem: {
          summary: 's',
          impact: 'i',
          rootCause: 'r',
          actionItems: [{ text: 't', owner: 'o', dueDate: '2026-12-01' }],
          monitoringChanges: 'm',
        },
        expectedVersion: version + 1,
        actor: 'user:default/alice',
        now,
      });
      await h.incidents.transition(id, {
        to: 'closed',
        expectedVersion: version + 2,
        actor: 'user:default/alice',
        note: 'Closed by hand; the check lags',
        now,
      });
    }

    it('does not reopen an incident a human closed while the alert fires', async () => {
      const h = await setup();
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      await h.automation().reconcile(at(0));
      const [incident] = await h.incidents.list({ limit: 10 });
      await closeByHand(h, incident.id, at(MINUTE));
      await h.evaluator.evaluate(
        [result('critical', at(2 * MINUTE))],
        at(2 * MINUTE),
      );
      expect((await h.automation().reconcile(at(2 * MINUTE))).opened).toBe(0);
      expect(await h.incidents.list({ limit: 10 })).toHaveLength(1);
    });

    it('does not reopen an incident a human closed while the alert fires that resolved and fired again between two runs', async () => {
      const h = await setup();
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      await h.automation().reconcile(at(0));
      // Resolves and fires again (a new alert of the same key) before the
      // next run sees either.
      await h.evaluator.evaluate([result('ok', at(MINUTE))], at(MINUTE));
      await h.evaluator.evaluate(
        [result('critical', at(2 * MINUTE))],
        at(2 * MINUTE),
      );
      expect((await h.automation().reconcile(at(2 * MINUTE))).attached).toBe(1);
      // The next run of the same firing links nothing again.
      expect(
        (await h.automation().reconcile(at(2 * MINUTE + 30_000))).attached,
      ).toBe(0);
      const [incident] = await h.incidents.list({ limit: 10 });
      expect((await h.incidents.get(incident.id))!.alerts).toEqual([
        expect.objectContaining({ linkedAt: at(2 * MINUTE) }),
      ]);
      await closeByHand(h, incident.id, at(3 * MINUTE));
      await h.evaluator.evaluate(
        [result('critical', at(4 * MINUTE))],
        at(4 * MINUTE),
      );
      expect((await h.automation().reconcile(at(4 * MINUTE))).opened).toBe(0);
      expect(await h.incidents.list({ limit: 10 })).toHaveLength(1);
    });

    it('does not reopen an incident a human closed while the alert that fired again after resolving fires', async () => {
      const h = await setup();
      await h.evaluator.evaluate([result('critical', at(0))], at(0));
      await h.automation().reconcile(at(0));
      // Resolves, then fires again (a new alert of the same key): linked
      // to the incident again.
      await h.evaluator.evaluate([result('ok', at(MINUTE))], at(MINUTE));
      expect((await h.automation().reconcile(at(MINUTE))).resolved).toBe(1);
      await h.evaluator.evaluate(
        [result('critical', at(2 * MINUTE))],
        at(2 * MINUTE),
      );
      expect((await h.automation().reconcile(at(2 * MINUTE))).attached).toBe(1);
      const [incident] = await h.incidents.list({ limit: 10 });
      const { alerts } = (await h.incidents.get(incident.id))!;
      expect(alerts).toEqual([
        expect.objectContaining({ linkedAt: at(2 * MINUTE) }),
      ]);
      expect(alerts[0].resolvedAt).toBeUndefined();
      await closeByHand(h, incident.id, at(3 * MINUTE));
      await h.evaluator.evaluate(
        [result('critical', at(4 * MINUTE))],
        at(4 * MINUTE),
      );
      expect((await h.automation().reconcile(at(4 * MINUTE))).opened).toBe(0);
      expect(await h.incidents.list({ limit: 10 })).toHaveLength(1);
    });
  },
);
