import { trustEverything } from '../__testUtils__/trust';
import {
  dailyCostResults,
  dailyCostResultsByTagAndDimension,
  queueCostAndUsageResults,
  useMotoServer,
} from '@internal/aws-emulator';
import { CostCheckProvider } from './CostCheckProvider';
import {
  COST_CONFIG,
  costClientFactory,
  costContext,
  costTarget,
  flat,
  recordRequests,
} from './__testUtils__/costTestUtils';

// The Cost Explorer API is charged per request: a refresh must cost the same
// number of requests whatever the number of entities, except for pages.
describe('CostCheckProvider call budget', () => {
  const moto = useMotoServer();

  // now is 2026-11-26; the emulator answers the first (backfill) query with
  // the 26 days from 2026-11-01.
  const DAYS = 26;

  async function refresh(entityCount: number, pageSize?: number) {
    const names = Array.from({ length: entityCount }, (_, i) => `svc-${i}`);
    const pages = dailyCostResults({
      start: '2026-11-01',
      days: DAYS,
      tagKey: 'service',
      // well under every threshold and flat: no drill-down
      series: Object.fromEntries(names.map(name => [name, flat(3, DAYS)])),
      pageSize,
    });
    await queueCostAndUsageResults(moto.endpoint, pages);
    const clients = costClientFactory(moto.endpoint);
    const sent = recordRequests(await clients.costExplorer('123456789012'));
    const provider = CostCheckProvider.create({
      ownership: trustEverything,
      clients,
      config: COST_CONFIG,
    });

    const output = await provider.run(
      names.map(name =>
        costTarget(name, {
          tags: `service=${name}`,
          accountId: '123456789012',
        }),
      ),
      costContext(),
    );

    expect(output.failures).toEqual([]);
    expect(output.results).toHaveLength(entityCount);
    expect(output.results.every(r => r.status === 'ok' && r.value === 3)).toBe(
      true,
    );
    expect([...(output.dailyCosts ?? [])]).toHaveLength(entityCount * DAYS);
    return { output, sent, pages: pages.length };
  }

  it.each([1, 10, 200])(
    'sends exactly one request for %i entities when the results fit one page',
    async entityCount => {
      const { output, sent, pages } = await refresh(entityCount);
      expect(pages).toBe(1);
      expect(sent.wire.requests).toBe(1);
      expect(output.calls).toEqual({ GetCostAndUsage: 1 });
    },
  );

  it.each([1, 10, 200])(
    'sends one request per page for %i entities when the results span 4 pages',
    async entityCount => {
      const { output, sent, pages } = await refresh(entityCount, 7);
      expect(pages).toBe(4);
      expect(sent.wire.requests).toBe(4);
      expect(output.calls).toEqual({ GetCostAndUsage: 4 });
    },
  );

  it.each([1, 10, 200])(
    'drills down %i entities over their threshold with one request',
    async entityCount => {
      const names = Array.from({ length: entityCount }, (_, i) => `hot-${i}`);
      await queueCostAndUsageResults(moto.endpoint, [
        ...dailyCostResults({
          start: '2026-11-01',
          days: DAYS,
          tagKey: 'service',
          // every entity over the 100/day threshold, and one under it
          series: {
            cool: flat(3, DAYS),
            ...Object.fromEntries(names.map(n => [n, flat(150, DAYS)])),
          },
        }),
        ...dailyCostResultsByTagAndDimension({
          start: '2026-11-01',
          days: DAYS,
          tagKey: 'service',
          dimension: 'SERVICE',
          series: Object.fromEntries(
            names.map((n, i) => [
              n,
              {
                'AWS Lambda': flat(100, DAYS),
                [`Service ${i}`]: flat(50, DAYS),
              },
            ]),
          ),
        }),
      ]);
      const clients = costClientFactory(moto.endpoint);
      const sent = recordRequests(await clients.costExplorer('123456789012'));
      const provider = CostCheckProvider.create({
        ownership: trustEverything,
        clients,
        config: COST_CONFIG,
      });

      const output = await provider.run(
        ['cool', ...names].map(name =>
          costTarget(name, {
            tags: `service=${name}`,
            accountId: '123456789012',
          }),
        ),
        costContext(),
      );

      expect(output.failures).toEqual([]);
      expect(output.calls).toEqual({ GetCostAndUsage: 2 });
      expect(sent.inputs[1].Filter).toEqual({
        Tags: { Key: 'service', Values: [...names].sort() },
      });
      const byRef = new Map(output.results.map(r => [r.entityRef, r]));
      expect(byRef.get('component:default/cool')!.details).toMatchObject({
        drivers: undefined,
      });
      // Each entity reads its own groups only.
      for (const [i, name] of names.entries()) {
        const result = byRef.get(`component:default/${name}`)!;
        expect(result.status).toBe('critical');
        expect(result.details).toMatchObject({
          drivers: [
            { service: 'AWS Lambda', amount: 2600, share: 0.6667 },
            { service: `Service ${i}`, amount: 1300, share: 0.3333 },
          ],
        });
      }
    },
  );
});
