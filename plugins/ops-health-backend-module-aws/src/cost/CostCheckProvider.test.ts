import { trustEverything } from '../__testUtils__/trust';
import {
  CostAndUsageResult,
  dailyCostResults,
  dailyCostResultsByTagAndDimension,
  queueCostAndUsageResults,
  useMotoServer,
} from '@internal/aws-emulator';
import { DailyCost } from '@ops-health/backstage-plugin-ops-health-node';
import { CostCheckProvider } from './CostCheckProvider';
import {
  COST_CONFIG,
  costClientFactory,
  costContext,
  costTarget,
  flat,
  recordRequests,
  ungrouped,
} from './__testUtils__/costTestUtils';
import { addDays } from './days';

/** `count` days from `start`. */
function daysFrom(start: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(start, i));
}

/** Days from `from` to `to`, both included. */
function dayCount(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
}

// now is 2026-11-26T12:00Z: the window runs from 2026-08-28 (today − 90
// history days) to 2026-11-27 (exclusive), 91 days; 2026-11-25 is the last
// complete day, judged against the daily threshold, and 2026-11-26 partial.
const START = '2026-08-28';
const DAYS = 91;
/** Days of the month before today (1 … 25 November). */
const SETTLED = 25;

describe('CostCheckProvider', () => {
  const moto = useMotoServer();

  it('applies to entities with cost tags only', () => {
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients: costClientFactory('http://127.0.0.1:1'),
      config: COST_CONFIG,
    });
    expect(provider.id).toBe('cost');
    expect(provider.appliesTo(costTarget('a', { tags: 'service=a' }))).toBe(
      true,
    );
    const untagged = costTarget('b', { tags: 'service=b' });
    delete untagged.config.costTags;
    expect(provider.appliesTo(untagged)).toBe(false);
  });

  it('reports a cost spike with the drivers from the service drill-down', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      // 1. the daily costs of every entity, grouped by the service tag
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: {
          // a spike yesterday, a normal start today
          checkout: [...flat(120, DAYS - 2), 420, 35],
          search: [...flat(20, DAYS - 2), 50, 5],
          'billing-api': flat(60, DAYS),
          other: flat(1000, DAYS),
        },
      }),
      // 2. one drill-down for checkout and search, this month, by the
      // service tag and SERVICE
      ...dailyCostResultsByTagAndDimension({
        start: '2026-11-01',
        days: 26,
        tagKey: 'service',
        dimension: 'SERVICE',
        series: {
          checkout: {
            'AWS Lambda': [...flat(15, 24), 25, 5],
            'Amazon Elastic Compute Cloud - Compute': [
              ...flat(70, 24),
              350,
              20,
            ],
            'Amazon Relational Database Service': [...flat(35, 24), 45, 10],
          },
          search: {
            'Amazon OpenSearch Service': [...flat(20, 24), 50, 5],
          },
        },
      }),
    ]);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients,
      config: { ...COST_CONFIG, dailyThreshold: 500, monthlyThreshold: 5000 },
    });
    const context = costContext();

    const output = await provider.run(
      [
        costTarget('checkout', { tags: 'service=checkout', daily: '150' }),
        costTarget('search', { tags: 'service=search' }),
        costTarget('billing-api', { tags: 'service=billing-api' }),
      ],
      context,
    );

    expect(output.failures).toEqual([]);
    expect(output.calls).toEqual({ GetCostAndUsage: 2 });
    const byRef = new Map(output.results.map(r => [r.entityRef, r]));

    const checkout = byRef.get('component:default/checkout')!;
    expect(checkout).toMatchObject({
      checkId: 'cost',
      subject: '',
      status: 'critical',
      value: 420,
      threshold: 150,
      unit: 'USD',
      runbookSection: 'cost-overrun-alert',
      measuredAt: context.now,
    });
    expect(checkout.headline).toBe('USD 420 yesterday, over USD 150/day');
    expect(checkout.message).toBe(
      'Yesterday (25 Nov, UTC) cost USD 420.00, over the daily threshold of USD 150 and 3.5× the 14-day average of USD 120.00. ' +
        'So far today (26 Nov, partial): USD 35.00. ' +
        'Month to date USD 3,335.00 of USD 5,000; on course for USD 3,900.00 by 30 Nov (USD 3,300.00 settled + 5 days × the 14-day average of USD 120.00). ' +
        'Top cost driver this month: Amazon Elastic Compute Cloud - Compute (USD 2,050.00, 61%).',
    );
    expect(checkout.details).toEqual({
      metric: 'UnblendedCost',
      tags: [{ key: 'service', value: 'checkout' }],
      lastCompleteDay: '2026-11-25',
      lastCompleteDayCost: 420,
      today: '2026-11-26',
      todaySoFar: 35,
      monthToDate: 24 * 120 + 420 + 35,
      settledMonthToDate: 24 * 120 + 420,
      // the settled days and the 5 days left (today too) at the baseline,
      // not the spike times the days of the month
      projectedMonthEnd: 24 * 120 + 420 + 5 * 120,
      remainingDays: 5,
      dailyThreshold: 150,
      monthlyThreshold: 5000,
      baseline: 120,
      baselineDays: 14,
      spike: true,
      spikeFactor: 2,
      over: {
        lastCompleteDay: true,
        today: false,
        monthToDate: false,
        projection: false,
      },
      drivers: [
        {
          service: 'Amazon Elastic Compute Cloud - Compute',
          amount: 24 * 70 + 350 + 20,
          share: 0.6147,
          yesterday: 350,
        },
        {
          service: 'Amazon Relational Database Service',
          amount: 24 * 35 + 45 + 10,
          share: 0.2684,
          yesterday: 45,
        },
        {
          service: 'AWS Lambda',
          amount: 24 * 15 + 25 + 5,
          share: 0.1169,
          yesterday: 25,
        },
      ],
      driversPeriod: { start: '2026-11-01', end: '2026-11-27' },
      period: { start: START, end: '2026-11-27' },
      fetchedPeriod: { start: START, end: '2026-11-27' },
      backfilled: true,
      query: 'grouped',
    });

    // Under the thresholds but 2.5× its baseline: a warning for the spike.
    const search = byRef.get('component:default/search')!;
    expect(search.status).toBe('warning');
    expect(search.headline).toBe('USD 50 yesterday, 2.5× the 14-day average');
    expect(search.message).toMatch(
      /^Yesterday \(25 Nov, UTC\) cost USD 50\.00, 2\.5× the 14-day average of USD 20\.00, a spike over 2×\./,
    );
    expect(search.details).toMatchObject({
      spike: true,
      baseline: 20,
      drivers: [
        {
          service: 'Amazon OpenSearch Service',
          amount: 24 * 20 + 50 + 5,
          share: 1,
          yesterday: 50,
        },
      ],
    });

    const billing = byRef.get('component:default/billing-api')!;
    expect(billing.status).toBe('ok');
    expect(billing.details).toMatchObject({ spike: false, drivers: undefined });
    expect(billing.headline).toBe(
      'USD 60 yesterday, USD 1,560 this month, within thresholds',
    );
    expect(billing.message).toMatch(
      /^Yesterday \(25 Nov, UTC\) cost USD 60\.00, within the daily threshold of USD 500\./,
    );

    // The grouped query over the whole history (a first run), then one
    // drill-down for both entities over a threshold, filtered by their tags.
    expect(sent.inputs).toEqual([
      {
        TimePeriod: { Start: START, End: '2026-11-27' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'service' }],
      },
      {
        TimePeriod: { Start: '2026-11-01', End: '2026-11-27' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: { Tags: { Key: 'service', Values: ['checkout', 'search'] } },
        GroupBy: [
          { Type: 'TAG', Key: 'service' },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
      },
    ]);

    // Every fetched day of every entity, for the history.
    expect([...(output.dailyCosts ?? [])]).toHaveLength(3 * DAYS);
    expect([...(output.dailyCosts ?? [])]).toContainEqual({
      entityRef: 'component:default/checkout',
      day: '2026-11-25',
      amount: 420,
      unit: 'USD',
      estimated: true,
    });
    expect(context.logger.info).toHaveBeenCalledTimes(1);
    expect(context.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('3 entities'),
      expect.objectContaining({ entities: 3, calls: 2 }),
    );
  });

  it('lets an annotation override the configured thresholds', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'team',
        series: { a: flat(60, DAYS), b: flat(60, DAYS), c: flat(60, DAYS) },
      }),
      ...dailyCostResultsByTagAndDimension({
        start: '2026-11-01',
        days: 26,
        tagKey: 'team',
        dimension: 'SERVICE',
        series: {
          b: { 'Amazon Simple Storage Service': flat(60, 26) },
          c: { 'Amazon DynamoDB': flat(60, 26) },
        },
      }),
    ]);
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients: costClientFactory(moto.endpoint),
      config: COST_CONFIG, // 100 a day, 2500 a month
    });

    const output = await provider.run(
      [
        costTarget('a', { tags: 'team=a' }),
        costTarget('b', { tags: 'team=b', daily: '50' }),
        costTarget('c', { tags: 'team=c', monthly: '1000' }),
      ],
      costContext(),
    );

    const [a, b, c] = output.results;
    expect(a).toMatchObject({
      entityRef: 'component:default/a',
      status: 'ok',
      value: 60,
      threshold: 100,
    });
    expect(a.details).toMatchObject({
      dailyThreshold: 100,
      monthlyThreshold: 2500,
    });
    expect(b).toMatchObject({
      entityRef: 'component:default/b',
      status: 'critical',
      value: 60,
      threshold: 50,
    });
    // Today so far is over the daily threshold already: it can only grow.
    expect(b.headline).toBe('USD 60 so far today, over USD 50/day');
    expect(b.details).toMatchObject({
      over: expect.objectContaining({ lastCompleteDay: true, today: true }),
    });
    expect(b.details).toMatchObject({
      dailyThreshold: 50,
      monthlyThreshold: 2500,
      drivers: [
        { service: 'Amazon Simple Storage Service', amount: 1560, share: 1 },
      ],
    });
    expect(c).toMatchObject({
      entityRef: 'component:default/c',
      status: 'critical',
      threshold: 100,
    });
    expect(c.headline).toBe('USD 1,560 this month, over USD 1,000/month');
    expect(c.message).toMatch(
      /Month to date USD 1,560\.00, over the monthly threshold of USD 1,000;/,
    );
    expect(c.details).toMatchObject({
      dailyThreshold: 100,
      monthlyThreshold: 1000,
      monthToDate: 1560,
      drivers: [{ service: 'Amazon DynamoDB', amount: 1560 }],
    });
    expect(output.calls).toEqual({ GetCostAndUsage: 2 });
  });

  it('warns when the month is projected over the monthly threshold', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: { steady: flat(90, DAYS) },
      }),
    ]);
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients: costClientFactory(moto.endpoint),
      config: COST_CONFIG,
    });

    const output = await provider.run(
      [costTarget('steady', { tags: 'service=steady' })],
      costContext(),
    );

    // 25 settled days × 90 = 2250, and 5 days to come at 90: 2700.
    expect(output.results[0].status).toBe('warning');
    expect(output.results[0].headline).toBe(
      'On course for USD 2,700 this month, over USD 2,500',
    );
    expect(output.results[0].details).toMatchObject({
      monthToDate: 2340,
      settledMonthToDate: 2250,
      projectedMonthEnd: 2700,
      spike: false,
      drivers: [],
    });
  });

  it('follows NextPageToken and sums days split over several pages', async () => {
    const series = Array.from({ length: DAYS }, (_, i) => 10 + i);
    const pages = dailyCostResults({
      start: START,
      days: DAYS,
      tagKey: 'service',
      series: { paged: series, other: flat(5, DAYS) },
      pageSize: 40,
    });
    expect(pages).toHaveLength(3);
    await queueCostAndUsageResults(moto.endpoint, pages);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients,
      config: { ...COST_CONFIG, monthlyThreshold: 10_000 },
    });

    const output = await provider.run(
      [costTarget('paged', { tags: 'service=paged' })],
      costContext(),
    );

    expect(output.failures).toEqual([]);
    expect(output.calls).toEqual({ GetCostAndUsage: 3 });
    expect(sent.wire.requests).toBe(3);
    expect(sent.inputs.map(i => i.NextPageToken)).toEqual([
      undefined,
      pages[0].NextPageToken,
      pages[1].NextPageToken,
    ]);
    // 10 + i on the i-th day since 2026-08-28: 2026-11-01 is day 65.
    const month = series.slice(65).reduce((a, b) => a + b, 0);
    expect(output.results[0]).toMatchObject({ status: 'ok', value: 99 });
    expect(output.results[0].details).toMatchObject({
      monthToDate: month,
      lastCompleteDayCost: 99,
      todaySoFar: 100,
      // mean of 2026-11-11 … 2026-11-24: 85 … 98
      baseline: 91.5,
    });
    expect([...output.dailyCosts!].map(c => c.day)).toEqual(
      daysFrom(START, 91),
    );
  });

  it('gathers a day whose groups Cost Explorer split over two pages', async () => {
    const [page] = dailyCostResults({
      start: START,
      days: DAYS,
      tagKey: 'service',
      series: { a: flat(150, DAYS), b: flat(20, DAYS) },
    });
    // Every day on the first page with a's group only, then every day again
    // with b's: what a page break inside the groups of a day looks like.
    const only = (key: string) =>
      page.ResultsByTime!.map(day => ({
        ...day,
        Groups: day.Groups!.filter(g => g.Keys![0] === key),
      }));
    await queueCostAndUsageResults(moto.endpoint, [
      { ...page, ResultsByTime: only('service$a'), NextPageToken: 'next' },
      { ...page, ResultsByTime: only('service$b') },
    ]);
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients: costClientFactory(moto.endpoint),
      config: COST_CONFIG,
    });

    const output = await provider.run(
      [
        costTarget('a', { tags: 'service=a' }),
        costTarget('b', { tags: 'service=b' }),
      ],
      costContext(),
    );

    const byRef = new Map(output.results.map(r => [r.entityRef, r]));
    expect(byRef.get('component:default/a')).toMatchObject({
      status: 'critical',
      value: 150,
    });
    expect(byRef.get('component:default/b')).toMatchObject({
      status: 'ok',
      value: 20,
    });
    expect(
      [...output.dailyCosts!].filter(c => c.amount === 0).map(c => c.entityRef),
    ).toEqual([]);
  });

  it('gives an entity with several tags a filtered query of its own', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      // 1. the grouped query of the single-tag entity
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: { checkout: flat(30, DAYS) },
      }),
      // 2. the filtered query of service=checkout AND env=prod
      ...ungrouped(
        dailyCostResults({
          start: START,
          days: DAYS,
          tagKey: 'service',
          series: { checkout: flat(12.5, DAYS) },
        }),
      ),
    ]);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients,
      config: COST_CONFIG,
    });

    const output = await provider.run(
      [
        costTarget('checkout-prod', { tags: 'service=checkout,env=prod' }),
        costTarget('checkout', { tags: 'service=checkout' }),
      ],
      costContext(),
    );

    expect(sent.inputs).toEqual([
      expect.objectContaining({
        GroupBy: [{ Type: 'TAG', Key: 'service' }],
      }),
      {
        TimePeriod: { Start: START, End: '2026-11-27' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: {
          And: [
            { Tags: { Key: 'service', Values: ['checkout'] } },
            { Tags: { Key: 'env', Values: ['prod'] } },
          ],
        },
      },
    ]);
    expect(output.calls).toEqual({ GetCostAndUsage: 2 });
    const byRef = new Map(output.results.map(r => [r.entityRef, r]));
    expect(byRef.get('component:default/checkout-prod')).toMatchObject({
      status: 'ok',
      value: 12.5,
      details: expect.objectContaining({
        query: 'filtered',
        monthToDate: 12.5 * 26,
        tags: [
          { key: 'service', value: 'checkout' },
          { key: 'env', value: 'prod' },
        ],
      }),
    });
    expect(byRef.get('component:default/checkout')).toMatchObject({
      value: 30,
      details: expect.objectContaining({ query: 'grouped' }),
    });
  });

  it('reports failures for the entities of a failing group only, without the ARNs of the error', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: { healthy: flat(10, DAYS) },
      }),
    ]);
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients: costClientFactory(moto.endpoint, {
        failingAccounts: ['999999999999'],
      }),
      config: COST_CONFIG,
    });

    const output = await provider.run(
      [
        costTarget('broken-a', {
          tags: 'service=a',
          accountId: '999999999999',
        }),
        costTarget('broken-b', {
          tags: 'service=b',
          accountId: '999999999999',
        }),
        costTarget('healthy', { tags: 'service=healthy' }),
      ],
      costContext(),
    );

    const error =
      "GetCostAndUsage grouped by tag 'service' in account 999999999999 failed: User: (ARN withheld) is not authorized to perform: sts:AssumeRole";
    expect(output.failures).toEqual([
      { entityRef: 'component:default/broken-a', checkId: 'cost', error },
      { entityRef: 'component:default/broken-b', checkId: 'cost', error },
    ]);
    expect(output.results.map(r => [r.entityRef, r.status, r.value])).toEqual([
      ['component:default/healthy', 'ok', 10],
    ]);
    expect(output.calls).toEqual({ GetCostAndUsage: 1 });
  });

  describe('incremental fetch', () => {
    const stored = (entityRef: string, from: string, to: string) =>
      daysFrom(from, dayCount(from, to)).map(
        (day): DailyCost => ({
          entityRef,
          day,
          amount: 40,
          unit: 'USD',
          estimated: day >= '2026-11-01',
        }),
      );

    /** Every day of the history, grouped by the `service` tag. */
    const wholeHistory = (
      series: Record<string, number[]>,
      pageSize?: number,
    ) =>
      dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series,
        pageSize,
      });

    /** A provider on moto with these answers queued, and what it asks. */
    async function providerAnswering(pages: CostAndUsageResult[]) {
      await queueCostAndUsageResults(moto.endpoint, pages);
      const clients = costClientFactory(moto.endpoint);
      const sent = recordRequests(await clients.costExplorer());
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients,
        config: COST_CONFIG,
      });
      return { provider, sent };
    }

    it('asks only for the last refetchDays days when the history has the older ones', async () => {
      const { provider, sent } = await providerAnswering([
        ...dailyCostResults({
          start: '2026-11-23',
          days: 4,
          tagKey: 'service',
          series: { a: [41, 42, 43, 44], b: [1, 2, 3, 4] },
        }),
      ]);
      const context = costContext({
        stored: [
          // the days before 2026-11-23, and stale values of the refetch days
          ...stored('component:default/a', START, '2026-11-25'),
          ...stored('component:default/b', START, '2026-11-22'),
        ],
      });

      const output = await provider.run(
        [
          costTarget('a', { tags: 'service=a' }),
          costTarget('b', { tags: 'service=b' }),
        ],
        context,
      );

      // The values of the evaluation window only (the month so far and the
      // baseline); of the days before it, only whether each is stored.
      expect(context.historyReads).toEqual([
        [['component:default/a', 'component:default/b'], '2026-11-01'],
      ]);
      expect(sent.inputs).toHaveLength(1);
      expect(sent.inputs[0].TimePeriod).toEqual({
        Start: '2026-11-23',
        End: '2026-11-27',
      });
      // Only the fetched days go back to the history.
      expect(
        [...output.dailyCosts!].filter(
          c => c.entityRef === 'component:default/a',
        ),
      ).toEqual(
        [41, 42, 43, 44].map((amount, i) => ({
          entityRef: 'component:default/a',
          day: `2026-11-${23 + i}`,
          amount,
          unit: 'USD',
          estimated: true,
        })),
      );
      // Stored days before the refetch, fetched days from then on.
      expect(output.results[0].details).toMatchObject({
        lastCompleteDayCost: 43,
        todaySoFar: 44,
        monthToDate: 22 * 40 + 41 + 42 + 43 + 44,
        fetchedPeriod: { start: '2026-11-23', end: '2026-11-27' },
        period: { start: START, end: '2026-11-27' },
        backfilled: false,
      });
      expect(output.results[1].details).toMatchObject({
        monthToDate: 22 * 40 + 1 + 2 + 3 + 4,
      });
    });

    it('backfills the whole history when one older day of one entity is missing', async () => {
      const { provider, sent } = await providerAnswering(
        wholeHistory({ a: flat(40, DAYS), b: flat(5, DAYS) }),
      );
      // b lacks 2026-09-15, long before the evaluation window.
      const gap = stored('component:default/b', START, '2026-11-25').filter(
        c => c.day !== '2026-09-15',
      );

      const output = await provider.run(
        [
          costTarget('a', { tags: 'service=a' }),
          costTarget('b', { tags: 'service=b' }),
        ],
        costContext({
          stored: [
            ...stored('component:default/a', START, '2026-11-25'),
            ...gap,
          ],
        }),
      );

      expect(sent.inputs.map(i => i.TimePeriod)).toEqual([
        { Start: START, End: '2026-11-27' },
      ]);
      expect(
        [...output.dailyCosts!].filter(
          c => c.entityRef === 'component:default/b' && c.day === '2026-09-15',
        ),
      ).toEqual([
        {
          entityRef: 'component:default/b',
          day: '2026-09-15',
          amount: 5,
          unit: 'USD',
          estimated: expect.any(Boolean),
        },
      ]);
      expect(output.results[1].details).toMatchObject({ backfilled: true });
    });

    it('backfills the whole history in the same one query when an entity of the group is new', async () => {
      const { provider, sent } = await providerAnswering(
        wholeHistory({ a: flat(40, DAYS), new: flat(5, DAYS) }, 50),
      );

      const output = await provider.run(
        [
          costTarget('a', { tags: 'service=a' }),
          costTarget('new', { tags: 'service=new' }),
        ],
        costContext({
          stored: stored('component:default/a', START, '2026-11-25'),
        }),
      );

      // One query, its two pages.
      expect(sent.inputs.map(i => i.TimePeriod)).toEqual([
        { Start: START, End: '2026-11-27' },
        { Start: START, End: '2026-11-27' },
      ]);
      expect(output.calls).toEqual({ GetCostAndUsage: 2 });
      expect([...(output.dailyCosts ?? [])]).toHaveLength(2 * DAYS);
      expect(output.results[1].details).toMatchObject({
        monthToDate: 130,
        backfilled: true,
      });
    });

    it('keeps the stored days when Cost Explorer returns no days at all', async () => {
      // Nothing queued: moto answers with an empty ResultsByTime.
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients: costClientFactory(moto.endpoint),
        config: COST_CONFIG,
      });

      const output = await provider.run(
        [costTarget('a', { tags: 'service=a' })],
        costContext({
          stored: stored('component:default/a', '2026-11-01', '2026-11-25'),
        }),
      );

      expect(output.failures).toEqual([]);
      expect([...(output.dailyCosts ?? [])]).toEqual([]);
      expect(output.results[0]).toMatchObject({ status: 'ok', value: 40 });
      expect(output.results[0].details).toMatchObject({
        monthToDate: SETTLED * 40,
        todaySoFar: 0,
        baseline: 40,
      });
    });

    it('reports unknown when there is no data anywhere', async () => {
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients: costClientFactory(moto.endpoint),
        config: COST_CONFIG,
      });

      const output = await provider.run(
        [costTarget('a', { tags: 'service=a' })],
        costContext(),
      );

      expect(output.results[0].status).toBe('unknown');
      expect(output.results[0].message).toMatch(/no cost data/);
    });
  });

  describe('abort', () => {
    it('rejects without calling Cost Explorer when the signal is already aborted', async () => {
      const clients = costClientFactory(moto.endpoint);
      const sent = recordRequests(await clients.costExplorer());
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients,
        config: COST_CONFIG,
      });
      const controller = new AbortController();
      controller.abort(new Error('collection stopped'));

      await expect(
        provider.run(
          [costTarget('a', { tags: 'service=a' })],
          costContext({ signal: controller.signal }),
        ),
      ).rejects.toThrow('collection stopped');
      expect(sent.wire.requests).toBe(0);
    });

    it('stops paging when the signal is aborted during the run', async () => {
      await queueCostAndUsageResults(
        moto.endpoint,
        dailyCostResults({
          start: START,
          days: DAYS,
          tagKey: 'service',
          series: { a: flat(1, DAYS) },
          pageSize: 5,
        }),
      );
      const clients = costClientFactory(moto.endpoint);
      const client = await clients.costExplorer();
      const sent = recordRequests(client);
      const controller = new AbortController();
      // Abort once the first page has arrived.
      client.middlewareStack.add(
        next => async args => {
          const response = await next(args);
          controller.abort(new Error('shutting down'));
          return response;
        },
        { step: 'initialize', name: 'abortAfterFirstPage' },
      );
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients,
        config: COST_CONFIG,
      });

      await expect(
        provider.run(
          [
            costTarget('a', { tags: 'service=a' }),
            costTarget('b', { tags: 'service=b', accountId: '210987654321' }),
          ],
          costContext({ signal: controller.signal }),
        ),
      ).rejects.toThrow('shutting down');
      expect(sent.wire.requests).toBe(1);
    });
  });
});
