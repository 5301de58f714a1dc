/*
 * The backend the read-path benchmark measures: the real catalog, auth
 * (guest), permission (the demo portal's policy) and Ops Health plugins in
 * one process, on the database its config names. A module of the ops-health
 * plugin seeds, once the plugin has migrated its database, N entities'
 * check results, 90 days of cost history and a million incident timeline
 * rows, then writes `<config dir>/seeded`.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/readPathBackend.ts --config <file>
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { CostCheckDetails } from '@ops-health/backstage-plugin-ops-health-common';
import express from 'express';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { dirname, join } from 'node:path';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('../packages/backend/src/modules/permissionPolicy'));
backend.add(import('../plugins/ops-health-backend/src'));
// The frontend bench serves the portal's production build from this backend
// (packages/app/dist), with the backends its pages call.
if (process.env.OPS_HEALTH_BENCH_APP === '1') {
  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));
}

// The framework's floor: an authenticated plugin route that does nothing
// but read the caller's credentials, as every Ops Health route does first.
// No plugin route of this backend can serve more than it.
backend.add(
  createBackendPlugin({
    pluginId: 'bench-floor',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          // How long the event loop was blocked since the last read of it:
          // what stalls every request in the process, whoever's work it is.
          const loop = monitorEventLoopDelay({ resolution: 10 });
          loop.enable();
          // The garbage collector's pauses since the last read: the part of
          // the stalls that is V8's collections.
          let gc = { totalMs: 0, maxMs: 0 };
          new PerformanceObserver(list => {
            for (const { duration } of list.getEntries()) {
              gc.totalMs += duration;
              gc.maxMs = Math.max(gc.maxMs, duration);
            }
          }).observe({ entryTypes: ['gc'] });
          router.get('/loop', (_req, res) => {
            const ms = (ns: number) => Math.round(ns / 1e5) / 10;
            const round = (n: number) => Math.round(n * 10) / 10;
            res.json({
              maxMs: ms(loop.max),
              p99Ms: ms(loop.percentile(99)),
              gcTotalMs: round(gc.totalMs),
              gcMaxMs: round(gc.maxMs),
            });
            loop.reset();
            gc = { totalMs: 0, maxMs: 0 };
          });
          // A CPU profile of the next `ms` milliseconds, written to `file`,
          // and the event-loop stalls in it (OPS_HEALTH_BENCH_PROFILE=1 only).
          router.post('/profile', (req, res, next) => {
            if (process.env.OPS_HEALTH_BENCH_PROFILE !== '1') {
              res.status(404).end();
              return;
            }
            const session = new Session();
            session.connect();
            const post = (method: string, params?: object) =>
              new Promise<any>((ok, fail) =>
                session.post(method, params, (e, r) => (e ? fail(e) : ok(r))),
              );
            // The stalls while profiling: a 5 ms timer's gaps of `stallMs`
            // or more, at the end of each on the profile's clock (monotonic
            // µs), to tell what ran in them (bench/stallProfile.ts).
            const minMs = Number(req.query.stallMs ?? 25);
            const stalls: Array<{ endUs: number; ms: number }> = [];
            let last = process.hrtime.bigint();
            const timer = setInterval(() => {
              const now = process.hrtime.bigint();
              const ms = Number(now - last) / 1e6;
              if (ms >= minMs) stalls.push({ endUs: Number(now / 1000n), ms });
              last = now;
            }, 5);
            post('Profiler.enable')
              .then(() => post('Profiler.start'))
              .then(() => setTimeout(Number(req.query.ms ?? 10_000)))
              .then(() => post('Profiler.stop'))
              .then(({ profile }) => {
                clearInterval(timer);
                writeFileSync(String(req.query.file), JSON.stringify(profile));
                session.disconnect();
                res.json({ written: req.query.file, stalls });
              })
              .catch(error => {
                clearInterval(timer);
                next(error);
              });
          });
          router.get('/ping', (req, res, next) => {
            httpAuth
              .credentials(req, { allow: ['user'] })
              .then(
                credentials =>
                  res.json({ principal: credentials.principal.userEntityRef }),
                next,
              );
          });
          httpRouter.use(router);
        },
      });
    },
  }),
);

const DAY_MS = 86_400_000;
const NOW = Date.now();

backend.add(
  createBackendModule({
    pluginId: 'ops-health',
    moduleId: 'bench-seed',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          lifecycle: coreServices.lifecycle,
          logger: coreServices.logger,
        },
        async init({ config, database, lifecycle, logger }) {
          const count = config.getNumber('bench.entities');
          const timelineRows = config.getNumber('bench.timelineRows');
          const marker = join(
            dirname(config.getString('bench.configFile')),
            'seeded',
          );
          lifecycle.addStartupHook(async () => {
            const knex = await database.getClient();
            const started = Date.now();
            const ref = (i: number) =>
              `component:default/svc-${String(i).padStart(5, '0')}`;
            const insert = async (table: string, rows: object[], per = 200) => {
              await knex.transaction(async tx => {
                for (let i = 0; i < rows.length; i += per) {
                  await tx(table).insert(rows.slice(i, i + per));
                }
              });
            };
            // Check results: cost, replication and backup per entity, with
            // details like the real checks'.
            for (let start = 0; start < count; start += 1000) {
              const rows = [];
              for (let i = start; i < Math.min(count, start + 1000); i++) {
                const critical = i % 20 === 0;
                for (const checkId of ['cost', 'replication', 'backup']) {
                  rows.push({
                    entity_ref: ref(i),
                    check_id: checkId,
                    subject: checkId === 'replication' ? `svc-${i}-data` : '',
                    status: critical && checkId === 'cost' ? 'critical' : 'ok',
                    value: critical ? 150 : 20,
                    threshold: 100,
                    unit: 'USD',
                    headline: critical
                      ? 'USD 150 yesterday, over USD 100/day'
                      : 'USD 20 yesterday, within thresholds',
                    message: `${checkId} of svc-${i}: a message of about a sentence or two, as the checks write them.`,
                    details: JSON.stringify({
                      drivers: Array.from({ length: 5 }, (_, d) => ({
                        service: `Service ${d}`,
                        amount: 30 + d,
                        share: 0.2,
                        yesterday: 4,
                      })),
                      rules: Array.from({ length: 3 }, (_, r) => ({
                        id: `rule-${r}`,
                        destinationBucket: `svc-${i}-replica-${r}`,
                        latencySeconds: 30,
                      })),
                    }),
                    runbook_section: 'cost-overrun-alert',
                    measured_at: new Date(NOW - 60_000),
                    stale: false,
                  });
                }
              }
              await insert('ops_health_check_results', rows, 100);
            }
            // 90 days of cost per entity.
            for (let start = 0; start < count; start += 500) {
              const rows = [];
              for (let i = start; i < Math.min(count, start + 500); i++) {
                for (let d = 0; d < 90; d++) {
                  rows.push({
                    entity_ref: ref(i),
                    day: new Date(NOW - d * DAY_MS).toISOString().slice(0, 10),
                    amount: 20 + (d % 7),
                    unit: 'USD',
                    estimated: d < 2,
                    fetched_at: new Date(NOW),
                  });
                }
              }
              await insert('ops_health_cost_daily', rows, 150);
            }
            // Incidents, each with a long timeline: a million rows in all.
            const incidents = Math.min(count, 10_000);
            const perIncident = Math.ceil(timelineRows / incidents);
            for (let start = 0; start < incidents; start += 200) {
              const rows = [];
              const events = [];
              for (let i = start; i < Math.min(incidents, start + 200); i++) {
                const at = new Date(NOW - (i % 400) * DAY_MS);
                const seeded = incidentRows({
                  id: `bench-${i}`,
                  entityRef: ref(i),
                  title: `Cost over threshold on svc-${i}`,
                  severity: 'SEV3',
                  phase: 'closed',
                  at,
                  closedAt: at,
                  events: perIncident,
                });
                rows.push(seeded.incident);
                events.push(...seeded.events);
              }
              await insert('ops_health_incidents', rows, 50);
              await insert('ops_health_incident_events', events, 150);
            }
            // The entity the frontend bench opens: a full cost result and
            // `focusIncidents` incidents of its own, a few still open.
            const focusIncidents = config.getOptionalNumber(
              'bench.focusIncidents',
            );
            if (focusIncidents) {
              await seedFocus(knex, ref(1), focusIncidents);
            }
            logger.info(
              `Bench data seeded in ${Math.round(
                (Date.now() - started) / 1000,
              )} s`,
            );
            writeFileSync(marker, String(Date.now() - started));
          });
        },
      });
    },
  }),
);

/** An incident's row and its timeline of `events` notes, a minute apart. */
function incidentRows(options: {
  id: string;
  entityRef: string;
  title: string;
  severity: string;
  phase: string;
  at: Date;
  closedAt: Date | null;
  events: number;
}) {
  const { id, at } = options;
  return {
    incident: {
      id,
      entity_ref: options.entityRef,
      title: options.title,
      severity: options.severity,
      phase: options.phase,
      version: 1,
      created_by: 'ops-health:automation',
      created_at: at,
      updated_at: at,
      detection_at: at,
      closed_at: options.closedAt,
      escalation_level: 0,
    },
    events: Array.from({ length: options.events }, (_, e) => ({
      incident_id: id,
      at: new Date(at.getTime() + e * 60_000),
      actor: 'user:default/guest',
      type: 'note',
      note: `Timeline note ${e} of incident ${id}`,
    })),
  };
}

/** The frontend bench's entity: its cost as the cost check writes it. */
async function seedFocus(
  knex: Awaited<ReturnType<DatabaseService['getClient']>>,
  entityRef: string,
  incidents: number,
) {
  const today = new Date(NOW).toISOString().slice(0, 10);
  const day = (offset: number) =>
    new Date(NOW + offset * DAY_MS).toISOString().slice(0, 10);
  const monthStart = `${today.slice(0, 8)}01`;
  const elapsedDays = Number(today.slice(8, 10)) - 1;
  const details: CostCheckDetails = {
    metric: 'UnblendedCost',
    tags: [{ key: 'service', value: 'svc-00001' }],
    lastCompleteDay: day(-1),
    lastCompleteDayCost: 21,
    today,
    todaySoFar: 20,
    monthToDate: elapsedDays * 23 + 20,
    settledMonthToDate: elapsedDays * 23,
    projectedMonthEnd: 690,
    remainingDays: 30 - elapsedDays,
    dailyThreshold: 100,
    monthlyThreshold: 3000,
    baseline: 23,
    baselineDays: 7,
    spike: false,
    spikeFactor: 2,
    over: {
      lastCompleteDay: false,
      today: false,
      monthToDate: false,
      projection: false,
    },
    drivers: [
      {
        service: 'Amazon Elastic Compute Cloud - Compute',
        amount: 410,
        share: 0.6,
        yesterday: 12,
      },
      {
        service: 'Amazon Relational Database Service',
        amount: 205,
        share: 0.3,
        yesterday: 6,
      },
      {
        service: 'Amazon Simple Storage Service',
        amount: 68,
        share: 0.1,
        yesterday: 3,
      },
    ],
    driversPeriod: { start: monthStart, end: day(1) },
    period: { start: day(-90), end: day(1) },
    fetchedPeriod: { start: day(-3), end: day(1) },
    backfilled: false,
    query: 'grouped',
  };
  await knex('ops_health_check_results')
    .where({ entity_ref: entityRef, check_id: 'cost' })
    .update({
      status: 'ok',
      value: 21,
      headline: 'USD 21 yesterday, within USD 100/day',
      message: 'USD 21 yesterday, within the daily threshold of USD 100.',
      details: JSON.stringify(details),
    });
  const phases = ['detection', 'assessment', 'containment', 'recovery'];
  const rows = [];
  const events = [];
  for (let i = 0; i < incidents; i++) {
    const open = i < phases.length;
    const at = new Date(NOW - (i + 1) * 6 * 3_600_000);
    const seeded = incidentRows({
      id: `focus-${i}`,
      entityRef,
      title: `Cost over threshold on svc-00001 (${i + 1})`,
      severity: i % 3 === 0 ? 'SEV2' : 'SEV3',
      phase: open ? phases[i] : 'closed',
      at,
      closedAt: open ? null : new Date(at.getTime() + 3_600_000),
      events: 5,
    });
    rows.push(seeded.incident);
    events.push(...seeded.events);
  }
  for (let i = 0; i < rows.length; i += 50) {
    await knex('ops_health_incidents').insert(rows.slice(i, i + 50));
  }
  for (let i = 0; i < events.length; i += 150) {
    await knex('ops_health_incident_events').insert(events.slice(i, i + 150));
  }
}

backend.start();
