import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  MetricValue,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';

/** Pages followed at most for one query, against a token that never ends. */
const MAX_PAGES = 500;

/**
 * Runs one GetCostAndUsage query and follows its `NextPageToken` to the last
 * page, handing each page's days to `onPage` as it arrives (a page is not
 * kept after). `onCall` is called before each request, so a failed request
 * is counted too.
 */
export async function forEachCostAndUsagePage(
  client: CostExplorerClient,
  input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'>,
  options: { signal: AbortSignal; onCall: () => void },
  onPage: (days: ResultByTime[]) => void,
): Promise<void> {
  let token: string | undefined;
  let pages = 0;
  do {
    options.signal.throwIfAborted();
    options.onCall();
    const page = await client.send(
      new GetCostAndUsageCommand(
        token ? { ...input, NextPageToken: token } : input,
      ),
      { abortSignal: options.signal },
    );
    onPage(page.ResultsByTime ?? []);
    token = page.NextPageToken || undefined;
    pages += 1;
    if (token && pages >= MAX_PAGES) {
      throw new Error(
        `GetCostAndUsage returned more than ${MAX_PAGES} pages, giving up`,
      );
    }
  } while (token);
}

/** {@link forEachCostAndUsagePage}, returning the days of all pages. */
export async function getCostAndUsagePages(
  client: CostExplorerClient,
  input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'>,
  options: { signal: AbortSignal; onCall: () => void },
): Promise<ResultByTime[]> {
  const days: ResultByTime[] = [];
  await forEachCostAndUsagePage(client, input, options, page =>
    days.push(...page),
  );
  return days;
}

/** An amount of one metric with its unit. */
export type Amount = { amount: number; unit: string };

/** Reads one metric of a Cost Explorer metrics map; undefined when absent. */
export function readMetric(
  metrics: Record<string, MetricValue> | undefined,
  metric: string,
): Amount | undefined {
  const value = metrics?.[metric];
  if (!value || value.Amount === undefined) return undefined;
  const amount = Number(value.Amount);
  if (!Number.isFinite(amount)) return undefined;
  return { amount, unit: value.Unit || 'USD' };
}

/**
 * The total of an ungrouped day. Cost Explorer puts it in `Total`; when
 * `Total` lacks the metric (an emulator answering with grouped data), the
 * groups are summed instead.
 */
export function readTotal(
  day: ResultByTime,
  metric: string,
): Amount | undefined {
  const total = readMetric(day.Total, metric);
  if (total) return total;
  let sum: Amount | undefined;
  for (const group of day.Groups ?? []) {
    const value = readMetric(group.Metrics, metric);
    if (!value) continue;
    sum = { amount: (sum?.amount ?? 0) + value.amount, unit: value.unit };
  }
  return sum;
}
