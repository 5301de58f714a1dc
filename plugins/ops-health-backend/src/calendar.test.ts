import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  dailyCostResults,
  queueCostAndUsageResults,
  useMotoServer,
} from '@internal/aws-emulator';
import { opsHealthClockServiceRef } from '@ops-health/backstage-plugin-ops-health-node';
import request from 'supertest';
import { opsHealthModuleAwsChecks, opsHealthPlugin } from '.';

jest.setTimeout(120_000);

// The cost pipeline end to end — Cost Explorer (moto) → collector → store →
// evaluation → API → alert — with the clock fixed at the instants where
// date arithmetic goes wrong: year, month and leap-day boundaries, the last
// minute of a day.
const INSTANTS = [
  '2027-01-01T00:30:00Z',
  '2027-02-28T23:30:00Z',
  '2028-02-29T12:00:00Z',
  '2027-03-01T06:00:00Z',
  '2027-06-15T12:00:00Z',
  '2027-04-30T23:59:00Z',
  '2026-12-31T23:59:00Z',
];

const DAY_MS = 86_400_000;
const HISTORY = 120;

/** The UTC day `offset` days from `day`. */
function shift(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * DAY_MS)
    .toISOString()
    .slice(0, 10);
}

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations },
    spec: { type: 'service', owner: 'group:default/team', lifecycle: 'prod' },
  };
}

const ENTITIES = [
  // 120 a day, 420 yesterday: over the daily threshold on the day judged.
  component('spiky', {
    'ops-health/cost-tags': 'service=spiky',
    'ops-health/cost-daily-threshold': '150',
    'ops-health/cost-monthly-threshold': '100000',
  }),
  // 60 a day: healthy on every day of the month.
  component('steady', {
    'ops-health/cost-tags': 'service=steady',
    'ops-health/cost-daily-threshold': '150',
    'ops-health/cost-monthly-threshold': '100000',
  }),
  // 30 a day, and 200 already today: critical before the day is over.
  component('early', {
    'ops-health/cost-tags': 'service=early',
    'ops-health/cost-daily-threshold': '150',
    'ops-health/cost-monthly-threshold': '100000',
  }),
];

describe.each(INSTANTS)('the cost pipeline at %s', instant => {
  const moto = useMotoServer();
  const now = new Date(instant);
  const today = instant.slice(0, 10);
  const yesterday = shift(today, -1);
  const start = shift(today, -HISTORY);

  const saved = { ...process.env };
  beforeEach(() => {
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    process.env.AWS_REGION = 'us-east-1';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('judges the last complete day, projects honestly and serves the named period', async () => {
    let clock = now;
    const days = HISTORY + 1;
    const series = (normal: number, last: number, beforeLast = normal) =>
      Array.from({ length: days }, (_, i) => {
        if (i === days - 1) return last;
        if (i === days - 2) return beforeLast;
        return normal;
      });
    await queueCostAndUsageResults(moto.endpoint, [
      // the backfill of the first run, in pages
      ...dailyCostResults({
        start,
        days,
        tagKey: 'service',
        series: {
          spiky: series(120, 50, 420),
          steady: series(60, 20),
          early: series(30, 200),
        },
        pageSize: 50,
      }),
    ]);

    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        opsHealthModuleAwsChecks,
        catalogServiceMock.factory({ entities: ENTITIES }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        createServiceFactory({
          service: opsHealthClockServiceRef,
          deps: {},
          factory: () => ({ now: () => clock }),
        }),
        mockServices.rootConfig.factory({
          data: { opsHealth: { alerting: { firingAfter: 1 } } },
        }),
      ],
    });

    const cost = async (name: string) => {
      for (let i = 0; i < 100; i++) {
        const res = await request(server).get(
          `/api/ops-health/entities/component/default/${name}/checks/cost?days=30`,
        );
        expect(res.status).toBe(200);
        if (res.body.results.length) return res.body;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(`no cost result for ${name}`);
    };

    // What the month looks like from today, worked out here on its own.
    const dayOfMonth = Number(today.slice(8, 10));
    const daysInMonth = new Date(
      Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 0),
    ).getUTCDate();
    const remaining = daysInMonth - dayOfMonth + 1;
    // complete days of this month before yesterday (yesterday may be last month)
    const settledNormalDays = Math.max(0, dayOfMonth - 2);
    const yesterdayInMonth = dayOfMonth >= 2;

    const spiky = await cost('spiky');
    const [spikyResult] = spiky.results;
    expect(spikyResult.status).toBe('critical');
    expect(spikyResult.headline).toBe('USD 420 yesterday, over USD 150/day');
    const settled = settledNormalDays * 120 + (yesterdayInMonth ? 420 : 0);
    expect(spikyResult.details).toMatchObject({
      lastCompleteDay: yesterday,
      lastCompleteDayCost: 420,
      today,
      todaySoFar: 50,
      settledMonthToDate: settled,
      monthToDate: settled + 50,
      remainingDays: remaining,
      baseline: 120,
      projectedMonthEnd: Math.max(settled + 50, settled + remaining * 120),
      spike: true,
    });
    // The chart's period: exactly 30 days, today the last, across the
    // month (and year) boundary when there is one.
    expect(spiky.dailyCosts.map((d: any) => d.day)).toEqual(
      Array.from({ length: 30 }, (_, i) => shift(today, i - 29)),
    );
    // After UTC midnight, before the next cost run: still the 30 days
    // ending on the day measured, which the chart draws, the first included.
    clock = new Date(`${shift(today, 1)}T01:00:00Z`);
    expect((await cost('spiky')).dailyCosts.map((d: any) => d.day)).toEqual(
      Array.from({ length: 30 }, (_, i) => shift(today, i - 29)),
    );
    clock = now;

    const steady = (await cost('steady')).results[0];
    expect(steady.status).toBe('ok');
    expect(steady.headline).toMatch(
      /^USD 60 yesterday, USD [\d,.]+ this month, within thresholds$/,
    );

    const early = (await cost('early')).results[0];
    expect(early.status).toBe('critical');
    expect(early.headline).toBe('USD 200 so far today, over USD 150/day');

    // The alerts carry the headlines, on the same instant.
    const alerts = await request(server).get('/api/ops-health/alerts');
    expect(alerts.status).toBe(200);
    expect(
      alerts.body.items
        .map((a: any) => [a.entityRef, a.state, a.headline])
        .sort(),
    ).toEqual([
      [
        'component:default/early',
        'firing',
        'USD 200 so far today, over USD 150/day',
      ],
      [
        'component:default/spiky',
        'firing',
        'USD 420 yesterday, over USD 150/day',
      ],
    ]);
  });
});
