/**
 * One service among the top cost drivers of an entity this month, from the
 * Cost Explorer drill-down by the `SERVICE` dimension.
 *
 * @public
 */
export type CostDriver = {
  /** Cost Explorer service name, e.g. `Amazon Elastic Compute Cloud - Compute`. */
  service: string;
  /** Cost of the service this month to date. */
  amount: number;
  /** Share of the entity's month-to-date cost, 0 to 1. */
  share: number;
  /** Cost of the service today (UTC), to show what took a spike. */
  today: number;
};

/**
 * Details of a `cost` check result: the figures the status was derived from.
 *
 * @remarks
 * Amounts are in the unit of the result (`USD`). Days are UTC, `YYYY-MM-DD`,
 * and `end` is exclusive as in Cost Explorer.
 *
 * @public
 */
export type CostCheckDetails = {
  /** Cost Explorer metric, e.g. `UnblendedCost`. */
  metric: string;
  /** The cost allocation tags that select the entity's spend (all must match). */
  tags: Array<{ key: string; value: string }>;
  /** Cost of the current UTC day so far. */
  today: number;
  monthToDate: number;
  /** Month to date / days elapsed × days in the month. */
  projectedMonthEnd: number;
  /** Daily threshold: the entity's annotation, else the configured default. */
  dailyThreshold: number;
  /** Monthly threshold: the entity's annotation, else the configured default. */
  monthlyThreshold: number;
  /** Mean daily cost of the `baselineDays` days before today. */
  baseline: number;
  /** Number of days the baseline averages over. */
  baselineDays: number;
  /** Whether today's cost is over `spikeFactor` × the baseline. */
  spike: boolean;
  spikeFactor: number;
  /**
   * Top cost drivers by service this month, largest first; only looked up
   * for entities over a threshold or spiking, undefined otherwise.
   */
  drivers: CostDriver[] | undefined;
  /** Why the drivers could not be looked up, when that failed. */
  driversError?: string;
  /** Days the figures cover. */
  period: { start: string; end: string };
  /** Days asked from Cost Explorer in this run; older days came from history. */
  fetchedPeriod: { start: string; end: string };
  /**
   * `grouped`: the entity has one cost tag and shares a query grouped by that
   * tag key with every entity of its account. `filtered`: the entity has
   * several tags (all must match), which a grouped query cannot express, so
   * it has a query of its own filtered by all of them.
   */
  query: 'grouped' | 'filtered';
};
