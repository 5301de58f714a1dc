import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { migrationsConfig } from '../database/migrations';
import { DatabaseAlertStore } from './DatabaseAlertStore';
import { Alert } from './types';
import { at, ENTITY, HOUR, MINUTE } from './__testUtils__/alertingTestUtils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const KEY = `${ENTITY}|replication|media`;

function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id,
    dedupKey: KEY,
    entityRef: ENTITY,
    checkId: 'replication',
    subject: 'media',
    state: 'pending',
    severity: 'critical',
    breaches: 1,
    clears: 0,
    value: 3600,
    threshold: 900,
    unit: 's',
    headline: 'Latency 1 h',
    message: 'Latency 1 h',
    firstSeen: at(0),
    lastSeen: at(0),
    lastMeasuredAt: at(0),
    notifyCount: 0,
    revision: 0,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseAlertStore on %p',
  databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return { knex, store: await DatabaseAlertStore.create({ database }) };
    }

    it('runs the migrations up and down', async () => {
      const { knex } = await createStore();
      for (const table of [
        'ops_health_alerts',
        'ops_health_alert_events',
        'ops_health_silences',
        'ops_health_notification_groups',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await knex.migrate.rollback(migrationsConfig, true);
      expect(await knex.schema.hasTable('ops_health_alerts')).toBe(false);
      expect(await knex.schema.hasTable('ops_health_notification_groups')).toBe(
        false,
      );
    });

    it('lets the database keep one open alert per dedup key', async () => {
      const { knex, store } = await createStore();
      expect(await store.transaction(tx => tx.insertAlert(alert('a1')))).toBe(
        true,
      );
      expect(await store.transaction(tx => tx.insertAlert(alert('a2')))).toBe(
        false,
      );
      expect(await store.getAlert('a2')).toBeUndefined();
      // Even a plain insert, bypassing the store, is refused. (Checked by
      // message: better-sqlite3's error may come from another test file's
      // realm, which jest's toThrow does not take for an Error.)
      const refused = await knex('ops_health_alerts')
        .insert({
          id: 'a3',
          dedup_key: KEY,
          open_key: KEY,
          entity_ref: ENTITY,
          check_id: 'replication',
          subject: 'media',
          state: 'pending',
          severity: 'warning',
          message: 'x',
          first_seen: at(0),
          last_seen: at(0),
          last_measured_at: at(0),
        })
        .then(
          () => 'inserted',
          (error: { message?: string }) => String(error?.message),
        );
      expect(refused).toMatch(/unique|duplicate/i);
      expect(await store.getAlert('a3')).toBeUndefined();

      // Closed, the key is free again; closed alerts do not collide.
      await store.transaction(tx =>
        tx.updateAlert('a1', { state: 'cancelled', open: false }, 0),
      );
      expect(await store.transaction(tx => tx.insertAlert(alert('a4')))).toBe(
        true,
      );
      await store.transaction(tx =>
        tx.updateAlert('a4', { state: 'cancelled', open: false }),
      );
      expect(await store.listOpenAlerts({ dedupKeys: [KEY] })).toEqual([]);
      expect(
        (await store.listAlerts({ entityRef: ENTITY })).map(a => a.id).sort(),
      ).toEqual(['a1', 'a4']);
    });

    it('updates with compare-and-set on the revision', async () => {
      const { store } = await createStore();
      await store.transaction(tx => tx.insertAlert(alert('a1')));
      expect(
        await store.transaction(tx =>
          tx.updateAlert('a1', { breaches: 2, revision: 1 }, 0),
        ),
      ).toBe(true);
      expect(
        await store.transaction(tx =>
          tx.updateAlert('a1', { breaches: 5, revision: 1 }, 0),
        ),
      ).toBe(false);
      expect(await store.getAlert('a1')).toMatchObject({
        breaches: 2,
        revision: 1,
      });
      await store.transaction(tx =>
        tx.updateAlert('a1', { value: null, nextNotifyAt: at(HOUR) }),
      );
      const updated = await store.getAlert('a1');
      expect(updated?.value).toBeUndefined();
      expect(updated?.nextNotifyAt).toEqual(at(HOUR));
    });

    it('stores events, groups and due repeats', async () => {
      const { store } = await createStore();
      await store.transaction(async tx => {
        await tx.insertAlert(
          alert('a1', {
            state: 'firing',
            nextNotifyAt: at(HOUR),
            notifyCount: 1,
          }),
        );
        await tx.addEvents([
          { alertId: 'a1', at: at(0), type: 'pending', toState: 'pending' },
          {
            alertId: 'a1',
            at: at(MINUTE),
            type: 'fired',
            fromState: 'pending',
            toState: 'firing',
            severity: 'critical',
            value: 3600,
            message: 'Latency 1 h',
          },
        ]);
        await tx.lockGroup(ENTITY, { create: true });
        await tx.updateGroup(ENTITY, {
          changes: [KEY],
          pendingSince: at(MINUTE),
          sendAfter: at(2 * MINUTE),
        });
      });
      expect(await store.listEvents('a1')).toEqual([
        expect.objectContaining({ type: 'pending', at: at(0) }),
        expect.objectContaining({
          type: 'fired',
          fromState: 'pending',
          toState: 'firing',
          value: 3600,
        }),
      ]);
      expect(await store.getGroup(ENTITY)).toEqual({
        entityRef: ENTITY,
        changes: [KEY],
        pendingSince: at(MINUTE),
        sendAfter: at(2 * MINUTE),
      });
      expect(await store.listDueGroups(at(MINUTE))).toEqual([]);
      expect(
        (await store.listDueGroups(at(2 * MINUTE))).map(g => g.entityRef),
      ).toEqual([ENTITY]);
      expect(await store.listEntitiesWithDueRepeats(at(HOUR - 1))).toEqual([]);
      expect(await store.listEntitiesWithDueRepeats(at(HOUR))).toEqual([
        ENTITY,
      ]);
      expect(
        (
          await store.transaction(tx => tx.lockDueRepeats(ENTITY, at(HOUR)))
        ).map(a => a.id),
      ).toEqual(['a1']);
    });

    it('lists active and ended silences', async () => {
      const { store } = await createStore();
      const base = {
        reason: 'maintenance',
        createdBy: 'user:default/alice',
        createdAt: at(0),
      };
      await store.insertSilence({
        id: 's1',
        dedupKey: KEY,
        ...base,
        expiresAt: at(HOUR),
      });
      await store.insertSilence({
        id: 's2',
        entityRef: ENTITY,
        checkId: 'cost',
        ...base,
        expiresAt: at(2 * HOUR),
      });
      const ids = async (active?: boolean, now = at(0)) =>
        (await store.listSilences({ active, now })).map(s => s.id).sort();
      expect(await ids(true)).toEqual(['s1', 's2']);
      expect(await ids(false)).toEqual([]);
      expect(await ids(true, at(HOUR))).toEqual(['s2']);
      expect(await ids(false, at(HOUR))).toEqual(['s1']);

      expect(
        await store.expireSilence('s2', 'user:default/bob', at(MINUTE)),
      ).toBe(true);
      expect(
        await store.expireSilence('nope', 'user:default/bob', at(MINUTE)),
      ).toBe(false);
      expect(await ids(true, at(MINUTE))).toEqual(['s1']);
      expect(await store.getSilence('s2')).toEqual({
        id: 's2',
        entityRef: ENTITY,
        checkId: 'cost',
        ...base,
        expiresAt: at(2 * HOUR),
        expiredAt: at(MINUTE),
        expiredBy: 'user:default/bob',
      });
      expect(
        (await store.transaction(tx => tx.listActiveSilences(at(MINUTE)))).map(
          s => s.id,
        ),
      ).toEqual(['s1']);
    });
  },
);
