import { INCIDENT_PHASES } from '@ops-health/backstage-plugin-ops-health-common';
import { ConflictError } from '@backstage/errors';
import {
  createTestDatabases,
  twoReplicaStores,
} from '../__testUtils__/testDatabases';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import {
  DatabaseIncidentStore,
  IncidentExistsError,
} from './DatabaseIncidentStore';
import { IncidentCreateKeyTakenError } from './IncidentStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const postmortem = {
  summary: 'Checkout was down',
  impact: '20 minutes of failed orders',
  rootCause: 'Expired certificate',
  actionItems: [
    {
      text: 'Alert on certificate expiry',
      owner: 'team-a',
      dueDate: '2026-12-15',
    },
  ],
  monitoringChanges: 'Certificate expiry check added',
};

describe.each(databases.eachSupportedId())(
  'DatabaseIncidentStore on %p',
  databaseId => {
    const createStores = () =>
      twoReplicaStores(databases, databaseId, options =>
        DatabaseIncidentStore.create(options),
      );

    const t0 = new Date('2026-11-26T10:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const alice = 'user:default/alice';

    async function open(store: DatabaseIncidentStore, id = 'inc-1') {
      return store.create({
        id,
        entityRef: 'component:default/checkout',
        title: 'Checkout down',
        severity: 'SEV2',
        createdBy: alice,
        now: t0,
      });
    }

    it('walks every phase from detection to closed', async () => {
      const [store] = await createStores();
      const created = await open(store);
      expect(created).toMatchObject({
        phase: 'detection',
        version: 1,
        phaseReachedAt: { detection: t0 },
      });
      let version = 1;
      for (const [i, to] of INCIDENT_PHASES.slice(1).entries()) {
        if (to === 'closed') {
          const updated = await store.updatePostmortem('inc-1', {
            postmortem,
            actor: alice,
            expectedVersion: version,
            now: at(i + 0.5),
          });
          version = updated.version;
        }
        const moved = await store.transition('inc-1', {
          to,
          expectedVersion: version,
          actor: alice,
          now: at(i + 1),
        });
        expect(moved.phase).toBe(to);
        expect(moved.version).toBe(version + 1);
        version = moved.version;
      }
      const incident = await store.get('inc-1');
      expect(incident).toMatchObject({
        phase: 'closed',
        version: 8,
        postmortem,
        phaseReachedAt: {
          detection: t0,
          assessment: at(1),
          containment: at(2),
          eradication: at(3),
          recovery: at(4),
          'lessons-learned': at(5),
          closed: at(6),
        },
      });
      expect(
        incident!.events.map(e => [e.type, e.fromPhase, e.toPhase]),
      ).toEqual([
        ['created', undefined, 'detection'],
        ['phase-changed', 'detection', 'assessment'],
        ['phase-changed', 'assessment', 'containment'],
        ['phase-changed', 'containment', 'eradication'],
        ['phase-changed', 'eradication', 'recovery'],
        ['phase-changed', 'recovery', 'lessons-learned'],
        ['postmortem-updated', undefined, undefined],
        ['phase-changed', 'lessons-learned', 'closed'],
      ]);
    });

    it('records each phase reached when skipping forward, in one event of the move', async () => {
      const [store] = await createStores();
      await open(store);
      const moved = await store.transition('inc-1', {
        to: 'recovery',
        expectedVersion: 1,
        actor: alice,
        now: at(10),
      });
      expect(moved.version).toBe(2);
      expect(moved.phaseReachedAt).toEqual({
        detection: t0,
        assessment: at(10),
        containment: at(10),
        eradication: at(10),
        recovery: at(10),
      });
      await store.transition('inc-1', {
        to: 'lessons-learned',
        expectedVersion: 2,
        actor: alice,
        note: 'Rolled back, errors gone',
        now: at(11),
      });
      const events = (await store.get('inc-1'))!.events.filter(
        e => e.type === 'phase-changed',
      );
      // The moves as made: the phases passed on the way are their data,
      // and a note is written once, not once per phase.
      expect(events.map(e => [e.fromPhase, e.toPhase, e.data, e.note])).toEqual(
        [
          [
            'detection',
            'recovery',
            { skipped: ['assessment', 'containment', 'eradication'] },
            undefined,
          ],
          [
            'recovery',
            'lessons-learned',
            undefined,
            'Rolled back, errors gone',
          ],
        ],
      );
    });

    it('steps back only with a note, keeping the first times reached', async () => {
      const [store] = await createStores();
      await open(store);
      await store.transition('inc-1', {
        to: 'eradication',
        expectedVersion: 1,
        actor: alice,
        now: at(1),
      });
      await expect(
        store.transition('inc-1', {
          to: 'containment',
          expectedVersion: 2,
          actor: alice,
          now: at(2),
        }),
      ).rejects.toThrow(ConflictError);
      expect((await store.get('inc-1'))!.version).toBe(2);

      const back = await store.transition('inc-1', {
        to: 'containment',
        expectedVersion: 2,
        actor: alice,
        note: 'the errors came back',
        now: at(3),
      });
      expect(back).toMatchObject({
        phase: 'containment',
        version: 3,
        phaseReachedAt: { containment: at(1), eradication: at(1) },
      });
      const events = (await store.get('inc-1'))!.events;
      expect(events[events.length - 1]).toMatchObject({
        type: 'phase-changed',
        fromPhase: 'eradication',
        toPhase: 'containment',
        note: 'the errors came back',
        actor: alice,
        at: at(3),
      });
    });

    it('closes only with a complete post-mortem, and reopens with a note', async () => {
      const [store] = await createStores();
      await open(store);
      await store.transition('inc-1', {
        to: 'lessons-learned',
        expectedVersion: 1,
        actor: alice,
        now: at(1),
      });
      await expect(
        store.transition('inc-1', {
          to: 'closed',
          expectedVersion: 2,
          actor: alice,
          now: at(2),
        }),
      ).rejects.toThrow(
        /missing: summary, impact, rootCause, at least one action item \(text, owner and due date\), monitoringChanges/,
      );
      await store.updatePostmortem('inc-1', {
        postmortem: { ...postmortem, rootCause: '' },
        actor: alice,
        expectedVersion: 2,
        now: at(3),
      });
      await expect(
        store.transition('inc-1', {
          to: 'closed',
          expectedVersion: 3,
          actor: alice,
          now: at(4),
        }),
      ).rejects.toThrow(/missing: rootCause$/);
      await store.updatePostmortem('inc-1', {
        postmortem,
        actor: alice,
        expectedVersion: 3,
        now: at(5),
      });
      const closed = await store.transition('inc-1', {
        to: 'closed',
        expectedVersion: 4,
        actor: alice,
        now: at(6),
      });
      expect(closed.phase).toBe('closed');
      // Closed: its post-mortem may change (an action item done), but not
      // lose a part it closed with.
      await expect(
        store.updatePostmortem('inc-1', {
          postmortem: {},
          actor: alice,
          expectedVersion: 5,
          now: at(6),
        }),
      ).rejects.toThrow(
        "Incident inc-1 is closed, so its post-mortem keeps what it closed with; missing: summary, impact, rootCause, at least one action item (text, owner and due date), monitoringChanges; its summary was rewritten, its impact was rewritten, its root cause was rewritten, its monitoring changes was rewritten, action item 'Alert on certificate expiry' was removed or reworded. Mark action items done, change their owners or due dates, or add items; to rework it, move the incident back to lessons-learned with a note first",
      );
      // Complete, but without the item it closed with, or with another
      // root cause: refused too.
      const another = {
        text: 'Rotate certificates automatically',
        owner: 'team-b',
        dueDate: '2027-01-31',
      };
      await expect(
        store.updatePostmortem('inc-1', {
          postmortem: { ...postmortem, actionItems: [another] },
          actor: alice,
          expectedVersion: 5,
          now: at(6),
        }),
      ).rejects.toThrow(
        /; action item 'Alert on certificate expiry' was removed or reworded\. Mark action items done/,
      );
      await expect(
        store.updatePostmortem('inc-1', {
          postmortem: { ...postmortem, rootCause: 'Bad luck' },
          actor: alice,
          expectedVersion: 5,
          now: at(6),
        }),
      ).rejects.toThrow(/; its root cause was rewritten\./);
      expect((await store.get('inc-1'))!.postmortem).toEqual(postmortem);
      // Its items done, reassigned or added: kept, and the timeline says
      // which.
      const followedUp = await store.updatePostmortem('inc-1', {
        postmortem: {
          ...postmortem,
          actionItems: [
            { ...postmortem.actionItems[0], owner: 'team-b', done: true },
            another,
          ],
        },
        actor: alice,
        expectedVersion: 5,
        now: at(6),
      });
      expect(followedUp.version).toBe(6);
      const events = (await store.get('inc-1'))!.events;
      expect(events[events.length - 1]).toMatchObject({
        type: 'postmortem-updated',
        data: {
          changes: [
            "action item 'Alert on certificate expiry' done",
            "action item 'Alert on certificate expiry' owner",
            "action item 'Rotate certificates automatically' added",
          ],
        },
      });
      // Nor who led it or how severe it was.
      await expect(
        store.update('inc-1', {
          severity: 'SEV1',
          actor: alice,
          expectedVersion: 6,
          now: at(6),
        }),
      ).rejects.toThrow(
        'Incident inc-1 is closed, so its commander and severity stay as they closed; to change them, move the incident back to lessons-learned with a note first',
      );
      expect((await store.get('inc-1'))!.severity).toBe(closed.severity);
      expect(await store.findOpenForEntities([closed.entityRef], t0)).toEqual(
        [],
      );

      await expect(
        store.transition('inc-1', {
          to: 'recovery',
          expectedVersion: 6,
          actor: alice,
          now: at(7),
        }),
      ).rejects.toThrow(/needs a note/);
      const reopened = await store.transition('inc-1', {
        to: 'recovery',
        expectedVersion: 6,
        actor: alice,
        note: 'the fix did not hold',
        now: at(8),
      });
      // Still recovered, but no longer closed: the end it had does not hold.
      expect(reopened).toMatchObject({
        phase: 'recovery',
        version: 7,
        phaseReachedAt: { recovery: at(1) },
      });
      expect(reopened.phaseReachedAt.closed).toBeUndefined();
      expect(reopened.phaseReachedAt['lessons-learned']).toBeUndefined();
      expect(
        (await store.findOpenForEntities([closed.entityRef], t0)).map(
          i => i.id,
        ),
      ).toEqual(['inc-1']);
      // Not closed again from recovery: its post-mortem is reviewed in
      // lessons-learned first.
      await expect(
        store.transition('inc-1', {
          to: 'closed',
          expectedVersion: 7,
          actor: alice,
          now: at(9),
        }),
      ).rejects.toThrow(/closes from lessons-learned/);
      await store.transition('inc-1', {
        to: 'lessons-learned',
        expectedVersion: 7,
        actor: alice,
        now: at(9),
      });
      // Closed again: it ended then, not at its first close (its duration,
      // and how long retention keeps it, count from the last).
      const closedAgain = await store.transition('inc-1', {
        to: 'closed',
        expectedVersion: 8,
        actor: alice,
        now: at(10),
      });
      expect(closedAgain.phaseReachedAt).toMatchObject({
        closed: at(10),
        recovery: at(1),
      });
      const done = await store.updatePostmortem('inc-1', {
        postmortem: {
          ...postmortem,
          actionItems: [
            { ...postmortem.actionItems[0], owner: 'team-b', done: true },
            { ...another, done: true },
          ],
        },
        actor: alice,
        expectedVersion: closedAgain.version,
        now: at(11),
      });
      expect(done).toMatchObject({ phase: 'closed' });
      expect(done.postmortem?.actionItems?.[1].done).toBe(true);
    });

    it('writes the post-mortem only from lessons-learned on', async () => {
      const [store] = await createStores();
      await open(store);
      await expect(
        store.updatePostmortem('inc-1', {
          postmortem,
          actor: alice,
          expectedVersion: 1,
          now: at(1),
        }),
      ).rejects.toThrow(/from lessons-learned on; it is in detection/);
    });

    it('rejects a stale version and changes nothing', async () => {
      const [a, b] = await createStores();
      await open(a);
      await a.transition('inc-1', {
        to: 'assessment',
        expectedVersion: 1,
        actor: alice,
        now: at(1),
      });
      const before = await b.get('inc-1');
      const stale = b.transition('inc-1', {
        to: 'containment',
        expectedVersion: 1,
        actor: 'user:default/bob',
        now: at(2),
      });
      await expect(stale).rejects.toThrow(ConflictError);
      await expect(stale).rejects.toThrow(
        'Incident inc-1 changed since you read it (it is at version 2, you sent 1): read it again, then retry',
      );
      await expect(
        b.addNote('inc-1', {
          note: 'hello',
          actor: 'user:default/bob',
          expectedVersion: 1,
          now: at(2),
        }),
      ).rejects.toThrow(ConflictError);
      expect(await b.get('inc-1')).toEqual(before);
    });

    it('changes commander and severity with timeline events, under the version check', async () => {
      const [a, b] = await createStores();
      await open(a);
      const bob = 'user:default/bob';
      const changed = await a.update('inc-1', {
        commander: bob,
        severity: 'SEV1',
        note: 'Customers affected',
        actor: alice,
        expectedVersion: 1,
        now: at(1),
      });
      expect(changed).toMatchObject({
        commander: bob,
        severity: 'SEV1',
        version: 2,
        updatedAt: at(1),
      });
      // Same values again: nothing changes, no event, no new version.
      const same = await a.update('inc-1', {
        commander: bob,
        severity: 'SEV1',
        actor: alice,
        expectedVersion: 2,
        now: at(2),
      });
      expect(same.version).toBe(2);
      // A stale version is refused, whatever it changes.
      await expect(
        b.update('inc-1', {
          severity: 'SEV3',
          actor: bob,
          expectedVersion: 1,
          now: at(3),
        }),
      ).rejects.toThrow(ConflictError);
      const removed = await b.update('inc-1', {
        commander: null,
        actor: bob,
        expectedVersion: 2,
        now: at(4),
      });
      expect(removed.commander).toBeUndefined();
      expect(removed.severity).toBe('SEV1');
      const details = await b.get('inc-1');
      expect(
        details!.events
          .filter(e => e.type !== 'created')
          .map(e => ({
            type: e.type,
            actor: e.actor,
            note: e.note,
            data: e.data,
          })),
      ).toEqual([
        {
          type: 'commander-changed',
          actor: alice,
          note: 'Customers affected',
          data: { from: null, to: bob },
        },
        {
          type: 'severity-changed',
          actor: alice,
          note: 'Customers affected',
          data: { from: 'SEV2', to: 'SEV1' },
        },
        {
          type: 'commander-changed',
          actor: bob,
          note: undefined,
          data: { from: bob, to: null },
        },
      ]);
    });

    it('lets exactly one of two concurrent transitions win', async () => {
      const [a, b] = await createStores();
      await open(a);
      const results = await Promise.allSettled([
        a.transition('inc-1', {
          to: 'assessment',
          expectedVersion: 1,
          actor: alice,
          now: at(1),
        }),
        b.transition('inc-1', {
          to: 'containment',
          expectedVersion: 1,
          actor: 'user:default/bob',
          now: at(1),
        }),
      ]);
      const won = results.filter(r => r.status === 'fulfilled');
      const lost = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ConflictError);
      const incident = (await a.get('inc-1'))!;
      expect(incident.version).toBe(2);
      const winner = (won[0] as PromiseFulfilledResult<any>).value;
      expect(incident.phase).toBe(winner.phase);
      // Only the winner's events were recorded.
      expect(
        incident.events
          .filter(e => e.type === 'phase-changed')
          .map(e => e.actor),
      ).toEqual(winner.phase === 'assessment' ? [alice] : ['user:default/bob']);
    });

    it('keeps notes, events, linked alerts and finds open incidents', async () => {
      const [store] = await createStores();
      const auto = await store.create({
        id: 'inc-auto',
        entityRef: 'component:default/checkout',
        title: 'Checkout latency',
        severity: 'SEV3',
        createdBy: 'ops-health',
        sourceDedupKey: 'component:default/checkout|latency|',
        now: t0,
      });
      expect(auto.sourceDedupKey).toBe('component:default/checkout|latency|');
      expect(
        (
          await store.findOpenBySourceDedupKey(
            'component:default/checkout|latency|',
          )
        )?.id,
      ).toBe('inc-auto');
      expect(await store.findOpenBySourceDedupKey('other')).toBeUndefined();

      expect(
        await store.linkAlert(
          'inc-auto',
          'component:default/checkout|latency|',
          at(1),
        ),
      ).toBe(true);
      expect(
        await store.linkAlert(
          'inc-auto',
          'component:default/checkout|latency|',
          at(2),
        ),
      ).toBe(false);
      const note = await store.addNote('inc-auto', {
        note: 'looking',
        actor: alice,
        now: at(3),
      });
      expect(note).toMatchObject({ type: 'note', note: 'looking' });
      await store.addEvent('inc-auto', {
        type: 'alert-firing',
        actor: 'ops-health',
        at: at(4),
        data: { dedupKey: 'component:default/checkout|latency|' },
      });
      const incident = (await store.get('inc-auto'))!;
      expect(incident.version).toBe(1);
      expect(incident.alerts).toEqual([
        { dedupKey: 'component:default/checkout|latency|', linkedAt: at(1) },
      ]);
      expect(incident.events.map(e => e.type)).toEqual([
        'created',
        'note',
        'alert-firing',
      ]);
      expect(incident.events[2].data).toEqual({
        dedupKey: 'component:default/checkout|latency|',
      });

      await open(store, 'inc-2');
      expect((await store.list({ limit: 10 })).map(i => i.id).sort()).toEqual([
        'inc-2',
        'inc-auto',
      ]);
      expect(await store.list({ phases: ['assessment'], limit: 10 })).toEqual(
        [],
      );
      expect(await store.findOpenForEntities([auto.entityRef], at(1))).toEqual(
        [],
      );
      expect(await store.get('nope')).toBeUndefined();
    });

    it('recovers with a linked alert still firing only with a reason', async () => {
      const [store] = await createStores();
      await open(store);
      const key = 'component:default/checkout|cost|';
      await store.linkAlert('inc-1', key, at(1));
      await expect(
        store.transition('inc-1', {
          to: 'recovery',
          expectedVersion: 1,
          actor: alice,
          now: at(2),
        }),
      ).rejects.toThrow(
        `Its linked alert still fires (${key}): moving the incident to recovery needs a note saying why`,
      );
      // Jumping past recovery is recovering too.
      await expect(
        store.transition('inc-1', {
          to: 'lessons-learned',
          expectedVersion: 1,
          actor: alice,
          now: at(2),
        }),
      ).rejects.toThrow(/needs a note saying why/);
      expect((await store.get('inc-1'))!.phase).toBe('detection');
      const recovered = await store.transition('inc-1', {
        to: 'recovery',
        expectedVersion: 1,
        actor: alice,
        note: 'Traffic moved to the standby; the alert lags by a day',
        now: at(2),
      });
      expect(recovered.phaseReachedAt.recovery).toEqual(at(2));
      // Once the alert resolved, no reason is needed.
      await open(store, 'inc-2');
      await store.linkAlert('inc-2', key, at(3));
      await store.markAlertResolved('inc-2', key, at(4));
      await expect(
        store.transition('inc-2', {
          to: 'recovery',
          expectedVersion: 1,
          actor: alice,
          now: at(5),
        }),
      ).resolves.toMatchObject({ phase: 'recovery' });
    });

    it('declares one incident per creator and Idempotency-Key across replicas', async () => {
      const [a, b] = await createStores();
      const declare = (
        store: DatabaseIncidentStore,
        id: string,
        createdBy = alice,
        createKey: string | null = 'key-1',
      ) =>
        store.create({
          id,
          entityRef: 'component:default/checkout',
          title: 'Checkout down',
          severity: 'SEV2',
          createdBy,
          ...(createKey ? { createKey } : {}),
          now: t0,
        });
      const outcomes = await Promise.allSettled([
        declare(a, 'inc-a'),
        declare(b, 'inc-b'),
      ]);
      const won = outcomes.filter(o => o.status === 'fulfilled');
      const lost = outcomes.filter(o => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(
        IncidentCreateKeyTakenError,
      );
      const first = (won[0] as PromiseFulfilledResult<any>).value;
      expect((await b.findByCreateKey(alice, 'key-1'))?.incident.id).toBe(
        first.id,
      );
      // The loser left nothing behind: no incident, no timeline.
      expect(await a.get(first.id === 'inc-a' ? 'inc-b' : 'inc-a')).toBe(
        undefined,
      );
      // Another creator's key of the same text, and incidents without a
      // key, are incidents of their own.
      await declare(a, 'inc-bob', 'user:default/bob');
      await declare(a, 'inc-none-1', alice, null);
      await declare(b, 'inc-none-2', alice, null);
      expect(await a.findByCreateKey(alice, 'key-2')).toBeUndefined();
      expect(
        (await a.findByCreateKey('user:default/bob', 'key-1'))?.incident.id,
      ).toBe('inc-bob');
    });

    it('keeps one open incident per alert across replicas, freed on close', async () => {
      const [a, b] = await createStores();
      const key = 'component:default/checkout|cost|total';
      const fromAlert = (store: DatabaseIncidentStore, id: string) =>
        store.create({
          id,
          entityRef: 'component:default/checkout',
          title: 'Cost overrun',
          severity: 'SEV2',
          createdBy: 'ops-health:automation',
          sourceDedupKey: key,
          escalationPolicy: 'platform',
          now: t0,
        });
      const outcomes = await Promise.allSettled([
        fromAlert(a, 'auto-1'),
        fromAlert(b, 'auto-2'),
      ]);
      const won = outcomes.filter(o => o.status === 'fulfilled');
      const lost = outcomes.filter(o => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(
        IncidentExistsError,
      );
      const first = (won[0] as PromiseFulfilledResult<any>).value;
      expect(first).toMatchObject({
        escalationPolicy: 'platform',
        escalationLevel: 0,
        sourceDedupKey: key,
      });
      expect((await a.findOpenBySourceDedupKey(key))?.id).toBe(first.id);

      // Closed, the alert may open a new incident; the old one cannot be
      // reopened while the new one is open.
      await a.transition(first.id, {
        to: 'lessons-learned',
        expectedVersion: 1,
        actor: alice,
        now: at(1),
      });
      await a.updatePostmortem(first.id, {
        postmortem,
        expectedVersion: 2,
        actor: alice,
        now: at(2),
      });
      await a.transition(first.id, {
        to: 'closed',
        expectedVersion: 3,
        actor: alice,
        now: at(3),
      });
      const second = await fromAlert(b, 'auto-3');
      await expect(
        a.transition(first.id, {
          to: 'recovery',
          expectedVersion: 4,
          actor: alice,
          note: 'Not fixed after all',
          now: at(4),
        }),
      ).rejects.toThrow(
        `incident ${second.id} is open for the same alert (${key})`,
      );
    });

    it('records a linked alert firing and resolving once each', async () => {
      const [a, b] = await createStores();
      await open(a);
      const key = 'component:default/checkout|backup|s3://b/';
      const event = (type: 'alert-firing' | 'alert-resolved', m: number) => ({
        at: at(m),
        actor: 'ops-health:automation',
        type,
        data: { dedupKey: key },
      });
      expect(
        await Promise.all([
          a.linkAlert('inc-1', key, at(1), event('alert-firing', 1)),
          b.linkAlert('inc-1', key, at(1), event('alert-firing', 1)),
        ]),
      ).toEqual(expect.arrayContaining([true, false]));
      expect(await a.listOpenAlertLinks()).toEqual([
        { incidentId: 'inc-1', dedupKey: key, linkedAt: at(1) },
      ]);
      expect(await a.wasLinkedSince(key, at(1))).toBe(true);
      expect(await a.wasLinkedSince(key, at(2))).toBe(false);

      const resolved = await Promise.all([
        a.markAlertResolved('inc-1', key, at(5), event('alert-resolved', 5)),
        b.markAlertResolved('inc-1', key, at(5), event('alert-resolved', 5)),
      ]);
      expect(resolved.filter(Boolean)).toHaveLength(1);
      // Firing again after resolving is news again.
      expect(
        await a.linkAlert('inc-1', key, at(9), event('alert-firing', 9)),
      ).toBe(true);
      const details = await a.get('inc-1');
      expect(details!.events.map(e => e.type)).toEqual([
        'created',
        'alert-firing',
        'alert-resolved',
        'alert-firing',
      ]);
      // Linked again when it fired again: closed by hand later, the
      // incident is not reopened for this firing.
      expect(details!.alerts).toEqual([{ dedupKey: key, linkedAt: at(9) }]);
      expect(await a.wasLinkedSince(key, at(9))).toBe(true);
    });

    it('escalates each level once, only while in detection', async () => {
      const [a, b] = await createStores();
      await open(a);
      const escalate = (store: DatabaseIncidentStore, from: number) =>
        store.escalate('inc-1', {
          expectedVersion: 1,
          fromLevel: from,
          toLevel: from + 1,
          event: {
            at: at(5),
            actor: 'ops-health:automation',
            type: 'escalated',
            data: { level: from + 1 },
          },
        });
      const results = await Promise.all([escalate(a, 0), escalate(b, 0)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await a.get('inc-1'))!.escalationLevel).toBe(1);
      await a.transition('inc-1', {
        to: 'assessment',
        expectedVersion: 1,
        actor: alice,
        now: at(6),
      });
      expect(await escalate(a, 1)).toBe(false);
      const details = await a.get('inc-1');
      expect(details!.escalationLevel).toBe(1);
      expect(details!.events.filter(e => e.type === 'escalated')).toHaveLength(
        1,
      );

      // Back in detection: escalation starts again, counted from now; the
      // version the engine read must still be current.
      const back = await a.transition('inc-1', {
        to: 'detection',
        expectedVersion: 2,
        actor: alice,
        note: 'Not the database after all',
        now: at(7),
      });
      expect(back).toMatchObject({
        escalationLevel: 0,
        escalationSince: at(7),
        phaseReachedAt: { detection: t0 },
      });
      expect(await escalate(a, 0)).toBe(false); // read at version 1
      expect(
        await a.escalate('inc-1', {
          expectedVersion: 3,
          fromLevel: 0,
          toLevel: 1,
          event: {
            at: at(12),
            actor: 'ops-health:automation',
            type: 'escalated',
          },
        }),
      ).toBe(true);
      expect((await b.get('inc-1'))!.escalationLevel).toBe(1);
    });

    it('computes MTTA and MTTR over the incidents detected in a window', async () => {
      const [store] = await createStores();
      const walk = async (
        id: string,
        start: number,
        ack: number,
        rec?: number,
      ) => {
        await store.create({
          id,
          entityRef: 'component:default/checkout',
          title: id,
          severity: 'SEV2',
          createdBy: alice,
          now: at(start),
        });
        await store.transition(id, {
          to: 'assessment',
          expectedVersion: 1,
          actor: alice,
          now: at(ack),
        });
        if (rec !== undefined) {
          await store.transition(id, {
            to: 'recovery',
            expectedVersion: 2,
            actor: alice,
            now: at(rec),
          });
        }
      };
      await walk('a', 0, 4, 30);
      await walk('b', 10, 20, 70);
      await walk('c', 20, 22);
      await walk('late', 200, 300, 400);
      expect(await store.metrics({ from: t0, to: at(100) })).toEqual({
        mttaMs: ((4 + 10 + 2) / 3) * 60_000,
        acknowledgedCount: 3,
        mttrMs: ((30 + 60) / 2) * 60_000,
        recoveredCount: 2,
        incidentCount: 3,
      });
      expect(
        await store.metrics({
          entityRef: 'component:default/other',
          from: t0,
          to: at(100),
        }),
      ).toEqual({ acknowledgedCount: 0, recoveredCount: 0, incidentCount: 0 });

      // Reopened (its recovery did not hold): no longer recovered, still
      // acknowledged; recovered again, it counts from then.
      await store.transition('b', {
        to: 'detection',
        expectedVersion: 3,
        actor: alice,
        note: 'failing again',
        now: at(80),
      });
      expect(await store.metrics({ from: t0, to: at(100) })).toMatchObject({
        acknowledgedCount: 3,
        mttrMs: 30 * 60_000,
        recoveredCount: 1,
      });
      await store.transition('b', {
        to: 'recovery',
        expectedVersion: 4,
        actor: alice,
        now: at(90),
      });
      expect(await store.metrics({ from: t0, to: at(100) })).toMatchObject({
        mttaMs: ((4 + 10 + 2) / 3) * 60_000,
        mttrMs: ((30 + 80) / 2) * 60_000,
        recoveredCount: 2,
      });
    });

    it('pages a long timeline, newest page first, with the count of all events', async () => {
      const [store] = await createStores();
      await open(store);
      // 450 notes, some at the same instant: order is (at, id).
      for (let i = 0; i < 450; i++) {
        await store.addNote('inc-1', {
          note: `note ${i}`,
          actor: alice,
          now: at(Math.floor(i / 3)),
        });
      }
      const details = await store.get('inc-1', { events: { limit: 200 } });
      expect(details!.eventCount).toBe(451);
      expect(details!.events).toHaveLength(200);
      expect(details!.events[0].note).toBe('note 250');
      expect(details!.events[199].note).toBe('note 449');

      const notes: string[] = details!.events.map(e => e.note!);
      let before = details!.events[0].id;
      let pages = 0;
      for (;;) {
        const page = (await store.listEvents('inc-1', { limit: 200, before }))!;
        if (page.events.length > 0) pages++;
        expect(page.totalCount).toBe(451);
        if (page.events.length === 0) break;
        notes.unshift(...page.events.map(e => e.note ?? `(${e.type})`));
        before = page.events[0].id;
      }
      // Every event once, in timeline order: created first.
      expect(notes).toEqual([
        '(created)',
        ...Array.from({ length: 450 }, (_, i) => `note ${i}`),
      ]);
      // The whole timeline is still there without a page.
      expect((await store.get('inc-1'))!.events).toHaveLength(451);
      // A cursor that is not one of this incident's events is no page.
      expect(
        await store.listEvents('inc-1', { limit: 200, before: 99_999_999 }),
      ).toBeUndefined();
      reportReliability({
        id: `timeline-paging-${String(databaseId).toLowerCase()}`,
        title: `Incident timelines paged (${databaseId})`,
        command:
          "cd plugins/ops-health-backend && yarn backstage-cli package test src/incidents/DatabaseIncidentStore.test.ts -t 'pages a long timeline'",
        lines: [
          `An incident with ${
            details!.eventCount
          } timeline events (three notes per minute): the incident read carries the newest ${
            details!.events.length
          } and the count; ${pages} older pages of up to 200 gave every event once, in order.`,
        ],
      });
    });
  },
);
