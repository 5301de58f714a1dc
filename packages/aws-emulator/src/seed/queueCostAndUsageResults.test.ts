import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import { useMotoServer } from '../useMotoServer';
import { dailyCostResults } from './dailyCostResults';
import { queueCostAndUsageResults } from './queueCostAndUsageResults';

describe('queueCostAndUsageResults', () => {
  const moto = useMotoServer();

  const query: GetCostAndUsageCommandInput = {
    TimePeriod: { Start: '2026-11-01', End: '2026-11-06' },
    Granularity: 'DAILY',
    Metrics: ['UnblendedCost'],
    GroupBy: [{ Type: 'TAG', Key: 'service' }],
  };

  it('returns queued pages in order to a paginating client', async () => {
    const pages = dailyCostResults({
      start: '2026-11-01',
      days: 5,
      tagKey: 'service',
      series: {
        checkout: [120, 118, 122, 119, 420],
        'billing-api': [60, 60, 61, 59, 60],
      },
      pageSize: 2,
    });
    await queueCostAndUsageResults(moto.endpoint, pages);

    const ce = new CostExplorerClient(moto.clientConfig());
    try {
      const received = [];
      let token: string | undefined;
      do {
        const page = await ce.send(
          new GetCostAndUsageCommand({ ...query, NextPageToken: token }),
        );
        received.push(page);
        token = page.NextPageToken;
      } while (token && received.length < 10);

      expect(received).toHaveLength(3);
      expect(received.map(page => page.NextPageToken)).toEqual(
        pages.map(page => page.NextPageToken),
      );
      expect(received[0].GroupDefinitions).toEqual([
        { Type: 'TAG', Key: 'service' },
      ]);
      const days = received.flatMap(page => page.ResultsByTime ?? []);
      expect(days.map(day => day.TimePeriod?.Start)).toEqual([
        '2026-11-01',
        '2026-11-02',
        '2026-11-03',
        '2026-11-04',
        '2026-11-05',
      ]);
      expect(days[4].Groups).toEqual([
        {
          Keys: ['service$checkout'],
          Metrics: { UnblendedCost: { Amount: '420.0000000000', Unit: 'USD' } },
        },
        {
          Keys: ['service$billing-api'],
          Metrics: { UnblendedCost: { Amount: '60.0000000000', Unit: 'USD' } },
        },
      ]);

      // The same request gets the same answer; the queue is then exhausted.
      const again = await ce.send(new GetCostAndUsageCommand(query));
      expect(again.ResultsByTime).toEqual(received[0].ResultsByTime);
      const other = await ce.send(
        new GetCostAndUsageCommand({ ...query, Granularity: 'MONTHLY' }),
      );
      expect(other.ResultsByTime).toEqual([]);
    } finally {
      ce.destroy();
    }
  });

  it('throws with the response body when moto rejects the request', async () => {
    await expect(
      queueCostAndUsageResults(`${moto.endpoint}/not-moto-api`, []),
    ).rejects.toThrow(
      /not-moto-api\/moto-api\/static\/ce\/cost-and-usage-results failed with HTTP [45]\d\d: \S/,
    );
  });
});
