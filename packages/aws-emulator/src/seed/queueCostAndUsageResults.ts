import { GetCostAndUsageResponse } from '@aws-sdk/client-cost-explorer';
import { postMotoApi } from '../motoApi';

/**
 * One GetCostAndUsage response as moto should return it.
 *
 * @public
 */
export type CostAndUsageResult = Pick<
  GetCostAndUsageResponse,
  | 'ResultsByTime'
  | 'GroupDefinitions'
  | 'NextPageToken'
  | 'DimensionValueAttributes'
>;

/**
 * Queues GetCostAndUsage responses on a moto server.
 *
 * @remarks
 * moto answers each GetCostAndUsage request whose body it has not seen before
 * with the next queued result, and repeats that result for the same body
 * later. Requests therefore receive results in the order they are made: a
 * follow-up page request (same query plus `NextPageToken`) gets the next
 * queued page, whatever the token says. An empty result is returned once the
 * queue is exhausted.
 *
 * @param endpoint - The moto server endpoint.
 * @param results - Responses in the order they should be returned.
 * @public
 */
export async function queueCostAndUsageResults(
  endpoint: string,
  results: CostAndUsageResult[],
  options?: { accountId?: string },
): Promise<void> {
  await postMotoApi(endpoint, '/moto-api/static/ce/cost-and-usage-results', {
    ...(options?.accountId ? { account_id: options.accountId } : {}),
    results: results.map(result => ({
      DimensionValueAttributes: [],
      ...result,
    })),
  });
}
