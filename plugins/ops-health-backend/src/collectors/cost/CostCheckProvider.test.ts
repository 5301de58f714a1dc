import {
  dailyCostResults,
  dailyCostResultsByDimension,
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

// now is 2026-11-26T12:00Z: the window runs from 2026-11-01 (the 1st is
// earlier than today − 14 baseline days) to 2026-11-27 (exclusive), 26 days.
const START = '2026-11-01';
const DAYS = 26;

describe('CostCheckProvider', () => {
  const moto = useMotoServer();

  it('applies to entities with cost tags only', () => {
    const provider = CostCheckProvider.create({
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
          checkout: [...flat(120, DAYS - 1), 420],
          search: [...flat(20, DAYS - 1), 50],
          'billing-api': flat(60, DAYS),
          other: flat(1000, DAYS),
        },
      }),
      // 2. checkout's drill-down by service
      ...dailyCostResultsByDimension({
        start: START,
        days: DAYS,
        dimension: 'SERVICE',
        series: {
          'AWS Lambda': [...flat(15, DAYS - 1), 25],
          'Amazon Elastic Compute Cloud - Compute': [
            ...flat(70, DAYS - 1),
            350,
          ],
          'Amazon Relational Database Service': [...flat(35, DAYS - 1), 45],
        },
      }),
      // 3. search's drill-down by service
      ...dailyCostResultsByDimension({
        start: START,
        days: DAYS,
        dimension: 'SERVICE',
        series: { 'Amazon OpenSearch Service': [...flat(20, DAYS - 1), 50] },
      }),
    ]);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
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
    expect(output.calls).toEqual({ GetCostAndUsage: 3 });
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
    expect(checkout.message).toMatch(
      /^USD 420\.00 today, over the daily threshold of USD 150 \(3\.5× the 14-day baseline of USD 120\.00\)\. Top cost driver this month: Amazon Elastic Compute Cloud - Compute \(USD 2,100\.00, 61%\)$/,
    );
    expect(checkout.details).toEqual({
      metric: 'UnblendedCost',
      tags: [{ key: 'service', value: 'checkout' }],
      today: 420,
      monthToDate: 25 * 120 + 420,
      projectedMonthEnd: expect.closeTo(((25 * 120 + 420) / 26) * 30, 4),
      dailyThreshold: 150,
      monthlyThreshold: 5000,
      baseline: 120,
      baselineDays: 14,
      spike: true,
      spikeFactor: 2,
      drivers: [
        {
          service: 'Amazon Elastic Compute Cloud - Compute',
          amount: 25 * 70 + 350,
          share: 0.614,
          today: 350,
        },
        {
          service: 'Amazon Relational Database Service',
          amount: 25 * 35 + 45,
          share: 0.269,
          today: 45,
        },
        {
          service: 'AWS Lambda',
          amount: 25 * 15 + 25,
          share: 0.117,
          today: 25,
        },
      ],
      period: { start: '2026-11-01', end: '2026-11-27' },
      fetchedPeriod: { start: '2026-11-01', end: '2026-11-27' },
      query: 'grouped',
    });

    // Under the thresholds but 2.5× its baseline: a warning for the spike.
    const search = byRef.get('component:default/search')!;
    expect(search.status).toBe('warning');
    expect(search.message).toMatch(
      /^USD 50\.00 today, 2\.5× the 14-day baseline of USD 20\.00, a spike over 2× the baseline/,
    );
    expect(search.details).toMatchObject({
      spike: true,
      baseline: 20,
      drivers: [
        {
          service: 'Amazon OpenSearch Service',
          amount: 25 * 20 + 50,
          share: 1,
          today: 50,
        },
      ],
    });

    const billing = byRef.get('component:default/billing-api')!;
    expect(billing.status).toBe('ok');
    expect(billing.details).toMatchObject({ spike: false, drivers: undefined });
    expect(billing.message).toBe(
      'USD 60.00 today and USD 1,560.00 this month to date, within the thresholds (USD 500 a day, USD 5,000 a month)',
    );

    // The grouped query, then the drill-downs filtered by the entity's tag.
    expect(sent.inputs).toEqual([
      {
        TimePeriod: { Start: '2026-11-01', End: '2026-11-27' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        GroupBy: [{ Type: 'TAG', Key: 'service' }],
      },
      {
        TimePeriod: { Start: '2026-11-01', End: '2026-11-27' },
        Granularity: 'DAILY',
        Metrics: ['UnblendedCost'],
        Filter: { Tags: { Key: 'service', Values: ['checkout'] } },
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      },
      expect.objectContaining({
        Filter: { Tags: { Key: 'service', Values: ['search'] } },
      }),
    ]);

    // Every fetched day of every entity, for the history.
    expect(output.dailyCosts).toHaveLength(3 * DAYS);
    expect(output.dailyCosts).toContainEqual({
      entityRef: 'component:default/checkout',
      day: '2026-11-26',
      amount: 420,
      unit: 'USD',
      estimated: true,
    });
    expect(context.logger.info).toHaveBeenCalledTimes(1);
    expect(context.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('3 entities'),
      expect.objectContaining({ entities: 3, calls: 3 }),
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
      ...dailyCostResultsByDimension({
        start: START,
        days: DAYS,
        dimension: 'SERVICE',
        series: { 'Amazon Simple Storage Service': flat(60, DAYS) },
      }),
      ...dailyCostResultsByDimension({
        start: START,
        days: DAYS,
        dimension: 'SERVICE',
        series: { 'Amazon DynamoDB': flat(60, DAYS) },
      }),
    ]);
    const provider = CostCheckProvider.create({
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
    expect(b.message).toMatch(
      /^USD 60\.00 today, over the daily threshold of USD 50\./,
    );
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
    expect(c.message).toMatch(
      /^USD 1,560\.00 this month to date, over the monthly threshold of USD 1,000\./,
    );
    expect(c.details).toMatchObject({
      dailyThreshold: 100,
      monthlyThreshold: 1000,
      monthToDate: 1560,
      drivers: [{ service: 'Amazon DynamoDB', amount: 1560 }],
    });
    expect(output.calls).toEqual({ GetCostAndUsage: 3 });
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
      clients: costClientFactory(moto.endpoint),
      config: COST_CONFIG,
    });

    const output = await provider.run(
      [costTarget('steady', { tags: 'service=steady' })],
      costContext(),
    );

    // 26 × 90 = 2340 so far, on course for 2700 in 30 days.
    expect(output.results[0].status).toBe('warning');
    expect(output.results[0].message).toMatch(
      /^On course for USD 2,700\.00 by month end, over the monthly threshold of USD 2,500 \(USD 2,340\.00 so far\)/,
    );
    expect(output.results[0].details).toMatchObject({
      monthToDate: 2340,
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
      pageSize: 10,
    });
    expect(pages).toHaveLength(3);
    await queueCostAndUsageResults(moto.endpoint, pages);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer());
    const provider = CostCheckProvider.create({
      clients,
      config: COST_CONFIG,
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
    const sum = series.reduce((a, b) => a + b, 0);
    expect(output.results[0]).toMatchObject({ status: 'ok', value: 35 });
    expect(output.results[0].details).toMatchObject({
      monthToDate: sum,
      today: 35,
      // mean of 2026-11-12 … 2026-11-25: 21 … 34
      baseline: 27.5,
    });
    expect(output.dailyCosts!.map(c => c.day)).toEqual(
      Array.from(
        { length: DAYS },
        (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`,
      ),
    );
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
        TimePeriod: { Start: '2026-11-01', End: '2026-11-27' },
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
        monthToDate: 12.5 * DAYS,
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

  it('reports failures for the entities of a failing group only', async () => {
    await queueCostAndUsageResults(moto.endpoint, [
      ...dailyCostResults({
        start: START,
        days: DAYS,
        tagKey: 'service',
        series: { healthy: flat(10, DAYS) },
      }),
    ]);
    const provider = CostCheckProvider.create({
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
      "GetCostAndUsage grouped by tag 'service' in account 999999999999 failed: There is no AWS integration that matches 999999999999";
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
    const stored = (entityRef: string, from: number, to: number) =>
      Array.from(
        { length: to - from + 1 },
        (_, i): DailyCost => ({
          entityRef,
          day: `2026-11-${String(from + i).padStart(2, '0')}`,
          amount: 40,
          unit: 'USD',
          estimated: true,
        }),
      );

    it('asks only for the last refetchDays days when the history has the older ones', async () => {
      await queueCostAndUsageResults(moto.endpoint, [
        ...dailyCostResults({
          start: '2026-11-23',
          days: 4,
          tagKey: 'service',
          series: { a: [41, 42, 43, 44], b: [1, 2, 3, 4] },
        }),
      ]);
      const clients = costClientFactory(moto.endpoint);
      const sent = recordRequests(await clients.costExplorer());
      const provider = CostCheckProvider.create({
        clients,
        config: COST_CONFIG,
      });
      const context = costContext({
        stored: [
          // the days before 2026-11-23, and stale values of the refetch days
          ...stored('component:default/a', 1, 25),
          ...stored('component:default/b', 1, 22),
        ],
      });

      const output = await provider.run(
        [
          costTarget('a', { tags: 'service=a' }),
          costTarget('b', { tags: 'service=b' }),
        ],
        context,
      );

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
        output.dailyCosts!.filter(c => c.entityRef === 'component:default/a'),
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
        today: 44,
        monthToDate: 22 * 40 + 41 + 42 + 43 + 44,
        fetchedPeriod: { start: '2026-11-23', end: '2026-11-27' },
        period: { start: '2026-11-01', end: '2026-11-27' },
      });
      expect(output.results[1].details).toMatchObject({
        monthToDate: 22 * 40 + 1 + 2 + 3 + 4,
      });
    });

    it('asks for the whole window when an entity of the group lacks older days', async () => {
      await queueCostAndUsageResults(moto.endpoint, [
        ...dailyCostResults({
          start: START,
          days: DAYS,
          tagKey: 'service',
          series: { a: flat(40, DAYS), new: flat(5, DAYS) },
        }),
      ]);
      const clients = costClientFactory(moto.endpoint);
      const sent = recordRequests(await clients.costExplorer());
      const provider = CostCheckProvider.create({
        clients,
        config: COST_CONFIG,
      });

      const output = await provider.run(
        [
          costTarget('a', { tags: 'service=a' }),
          costTarget('new', { tags: 'service=new' }),
        ],
        costContext({ stored: stored('component:default/a', 1, 25) }),
      );

      expect(sent.inputs.map(i => i.TimePeriod)).toEqual([
        { Start: '2026-11-01', End: '2026-11-27' },
      ]);
      expect(output.dailyCosts).toHaveLength(2 * DAYS);
      expect(output.results[1].details).toMatchObject({ monthToDate: 130 });
    });

    it('keeps the stored days when Cost Explorer returns no days at all', async () => {
      // Nothing queued: moto answers with an empty ResultsByTime.
      const provider = CostCheckProvider.create({
        clients: costClientFactory(moto.endpoint),
        config: COST_CONFIG,
      });

      const output = await provider.run(
        [costTarget('a', { tags: 'service=a' })],
        costContext({ stored: stored('component:default/a', 1, 25) }),
      );

      expect(output.failures).toEqual([]);
      expect(output.dailyCosts).toEqual([]);
      expect(output.results[0]).toMatchObject({ status: 'ok', value: 0 });
      expect(output.results[0].details).toMatchObject({
        monthToDate: 25 * 40,
        baseline: 40,
      });
    });

    it('reports unknown when there is no data anywhere', async () => {
      const provider = CostCheckProvider.create({
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
