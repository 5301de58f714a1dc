import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { getMigratedClient } from './migrations';
import { deleteExpiredRecords, RecordRetentionPolicy } from './recordRetention';
import { reportReliability } from '../__testUtils__/reliabilityReport';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { DatabaseAlertStore } from '../alerting/DatabaseAlertStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const DAY = 86_400_000;
// A fixed instant: the first of a month, after a leap day.
const NOW = new Date('2028-03-01T06:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const POLICY: RecordRetentionPolicy = {
  resolvedAlertDays: 90,
  silenceDays: 30,
  canaryRunDays: 60,
  closedIncidentDays: 730,
};
const YEARS = 3 * 365;
const ENTITY = 'component:default/checkout-service';

/** Three years of everything, one record a day (a closed incident a week). */
async function seedThreeYears(knex: Knex) {
  const alerts = [];
  const alertEvents = [];
  const silences = [];
  const runs = [];
  for (let d = 1; d <= YEARS; d++) {
    const id = `alert-${d}`;
    alerts.push({
      id,
      dedup_key: `${ENTITY}|cost|`,
      entity_ref: ENTITY,
      check_id: 'cost',
      // Every third one cleared before it fired: cancelled.
      state: d % 3 ? 'resolved' : 'cancelled',
      severity: 'critical',
      message: 'USD 420 yesterday',
      first_seen: daysAgo(d + 1),
      last_seen: daysAgo(d),
      last_measured_at: daysAgo(d),
      fired_at: d % 3 ? daysAgo(d + 1) : null,
      resolved_at: daysAgo(d),
    });
    alertEvents.push(
      { alert_id: id, at: daysAgo(d + 1), type: 'fired' },
      { alert_id: id, at: daysAgo(d), type: d % 3 ? 'resolved' : 'cancelled' },
    );
    silences.push({
      id: `silence-${d}`,
      dedup_key: `${ENTITY}|cost|`,
      reason: 'load test',
      created_by: 'user:default/alice',
      created_at: daysAgo(d + 1),
      expires_at: daysAgo(d),
    });
    runs.push({
      id: `run-${d}`,
      bucket: 'billing-ledger-primary',
      entity_ref: ENTITY,
      status: 'ok',
      created_by: 'user:default/alice',
      started_at: daysAgo(d),
      finished_at: daysAgo(d),
    });
  }
  // What is still going on, however old: never deleted.
  alerts.push({
    id: 'alert-open',
    dedup_key: `${ENTITY}|replication|b`,
    open_key: `${ENTITY}|replication|b`,
    entity_ref: ENTITY,
    check_id: 'replication',
    state: 'firing',
    severity: 'critical',
    message: 'failing',
    first_seen: daysAgo(YEARS),
    last_seen: NOW,
    last_measured_at: NOW,
  });
  silences.push({
    id: 'silence-active',
    dedup_key: `${ENTITY}|replication|b`,
    reason: 'migration',
    created_by: 'user:default/alice',
    created_at: daysAgo(YEARS),
    expires_at: daysAgo(-1),
  });
  runs.push({
    id: 'run-running',
    bucket: 'media',
    entity_ref: ENTITY,
    status: 'running',
    created_by: 'user:default/alice',
    started_at: daysAgo(YEARS),
  });
  const incidents = [];
  const incidentEvents = [];
  const incidentAlerts = [];
  for (let w = 1; w * 7 <= YEARS; w++) {
    const id = `incident-${w}`;
    const closed = daysAgo(w * 7);
    incidents.push({
      id,
      entity_ref: ENTITY,
      title: `Cost overrun week ${w}`,
      severity: 'SEV2',
      phase: 'closed',
      created_by: 'ops-health:automation',
      created_at: daysAgo(w * 7 + 1),
      updated_at: closed,
      detection_at: daysAgo(w * 7 + 1),
      closed_at: closed,
    });
    for (const type of ['created', 'phase-changed', 'note']) {
      incidentEvents.push({
        incident_id: id,
        at: closed,
        actor: 'user:default/alice',
        type,
      });
    }
    incidentAlerts.push({
      incident_id: id,
      dedup_key: `${ENTITY}|cost|`,
      linked_at: closed,
    });
  }
  incidents.push({
    id: 'incident-open',
    entity_ref: ENTITY,
    title: 'Replication failing',
    severity: 'SEV1',
    phase: 'containment',
    created_by: 'ops-health:automation',
    created_at: daysAgo(YEARS),
    updated_at: daysAgo(YEARS),
    detection_at: daysAgo(YEARS),
  });
  // Closed long ago, reopened and closed again last month: counts from then.
  incidents.push({
    id: 'incident-reclosed',
    entity_ref: ENTITY,
    title: 'Backups missing',
    severity: 'SEV3',
    phase: 'closed',
    created_by: 'user:default/alice',
    created_at: daysAgo(YEARS),
    updated_at: daysAgo(30),
    detection_at: daysAgo(YEARS),
    closed_at: daysAgo(YEARS - 1),
  });
  const insert = async (table: string, rows: object[]) => {
    for (let i = 0; i < rows.length; i += 200) {
      await knex(table).insert(rows.slice(i, i + 200));
    }
  };
  await insert('ops_health_alerts', alerts);
  await insert('ops_health_alert_events', alertEvents);
  await insert('ops_health_silences', silences);
  await insert('ops_health_canary_runs', runs);
  await insert('ops_health_incidents', incidents);
  await insert('ops_health_incident_events', incidentEvents);
  await insert('ops_health_incident_alerts', incidentAlerts);
}

async function counts(knex: Knex) {
  const tables = [
    'ops_health_alerts',
    'ops_health_alert_events',
    'ops_health_silences',
    'ops_health_canary_runs',
    'ops_health_incidents',
    'ops_health_incident_events',
    'ops_health_incident_alerts',
  ];
  const result: Record<string, number> = {};
  for (const table of tables) {
    const [{ n }] = await knex(table).count({ n: '*' });
    result[table] = Number(n);
  }
  return result;
}

describe.each(databases.eachSupportedId())(
  'deleteExpiredRecords on %p',
  databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      await getMigratedClient(
        mockServices.database({ knex, migrations: { skip: false } }),
      );
      await seedThreeYears(knex);
      return knex;
    }

    it('trims three years of history to the policy and keeps what is still going on', async () => {
      const knex = await setup();
      expect(await counts(knex)).toEqual({
        ops_health_alerts: YEARS + 1,
        ops_health_alert_events: 2 * YEARS,
        ops_health_silences: YEARS + 1,
        ops_health_canary_runs: YEARS + 1,
        ops_health_incidents: 156 + 2,
        ops_health_incident_events: 3 * 156,
        ops_health_incident_alerts: 156,
      });

      const seeded = await counts(knex);
      const started = Date.now();
      const deleted = await deleteExpiredRecords(knex, POLICY, NOW);
      const trimMs = Date.now() - started;

      // Days 1..90 are kept (day 90 is exactly at the cut-off: only what
      // is older goes).
      const kept = await counts(knex);
      expect(kept).toEqual({
        ops_health_alerts: 90 + 1,
        ops_health_alert_events: 2 * 90,
        ops_health_silences: 30 + 1,
        ops_health_canary_runs: 60 + 1,
        // Weeks closed within 730 days (104 of them), the open one and the
        // one closed again last month.
        ops_health_incidents: 104 + 2,
        ops_health_incident_events: 3 * 104,
        ops_health_incident_alerts: 104,
      });
      expect(deleted).toEqual({
        ops_health_alerts: YEARS - 90,
        ops_health_alert_events: 2 * (YEARS - 90),
        ops_health_silences: YEARS - 30,
        ops_health_canary_runs: YEARS - 60,
        ops_health_incidents: 156 - 104,
        ops_health_incident_events: 3 * (156 - 104),
        ops_health_incident_alerts: 156 - 104,
      });
      for (const [table, id] of [
        ['ops_health_alerts', 'alert-open'],
        ['ops_health_silences', 'silence-active'],
        ['ops_health_canary_runs', 'run-running'],
        ['ops_health_incidents', 'incident-open'],
        ['ops_health_incidents', 'incident-reclosed'],
      ]) {
        expect(await knex(table).where({ id }).first()).toBeDefined();
      }

      // A second pass has nothing left to do.
      expect(await deleteExpiredRecords(knex, POLICY, NOW)).toEqual({});

      // What the pages read still loads: the open incident with its
      // timeline, the incident list, the entity's alerts.
      const incidents = await DatabaseIncidentStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      const open = await incidents.get('incident-open', {
        events: { limit: 200 },
      });
      expect(open).toMatchObject({ phase: 'containment', eventCount: 0 });
      const listed = await incidents.list({ entityRefs: [ENTITY], limit: 500 });
      expect(listed).toHaveLength(104 + 2);
      const alerts = await DatabaseAlertStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      expect(
        (await alerts.listAlerts({ entityRef: ENTITY, limit: 500 })).length,
      ).toBeGreaterThan(0);

      reportReliability({
        id: `retention-${String(databaseId).toLowerCase()}`,
        title: `Retention: three years of history trimmed to the policy (${databaseId})`,
        command:
          'cd plugins/ops-health-backend && yarn backstage-cli package test src/database/recordRetention.test.ts',
        lines: [
          `Policy: resolved and cancelled alerts ${POLICY.resolvedAlertDays} days, silences ${POLICY.silenceDays}, replication test runs ${POLICY.canaryRunDays}, closed incidents ${POLICY.closedIncidentDays}.`,
          ...Object.keys(seeded).map(
            table =>
              `${table}: ${seeded[table]} rows seeded, ${
                deleted[table] ?? 0
              } deleted, ${kept[table]} kept`,
          ),
          `One pass took ${trimMs} ms; a second pass deleted nothing; open alerts, active silences, running tests and open incidents were all kept.`,
          `After the trim the open incident, the list of ${listed.length} incidents and the entity's alerts load.`,
        ],
      });
    });

    it('stops between batches when its task is aborted, keeping what it did', async () => {
      const knex = await setup();
      const controller = new AbortController();
      controller.abort(new Error('timeout'));
      await expect(
        deleteExpiredRecords(knex, POLICY, NOW, controller.signal),
      ).rejects.toThrow('timeout');
      expect((await counts(knex)).ops_health_alerts).toBe(YEARS + 1);
    });
  },
);
