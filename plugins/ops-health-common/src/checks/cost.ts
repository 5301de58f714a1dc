/**
 * One service among the top cost drivers of an entity this month, from the
 * Cost Explorer drill-down by the `SERVICE` dimension.
 *
 * @public
 */
export type CostDriver = {
  /** Cost Explorer service name, e.g. `Amazon Elastic Compute Cloud - Compute`. */
  service: string;
  /** Cost of the service over the drivers' period (the month so far). */
  amount: number;
  /** Share of the entity's cost over the drivers' period, 0 to 1. */
  share: number;
  /** Cost of the service on the last complete UTC day, to show what took a spike. */
  yesterday: number;
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
  /** The account whose Cost Explorer was read; absent: the main account. */
  accountId?: string;
  /**
   * The last complete UTC day (yesterday): the daily threshold and the spike
   * are judged on its cost, because Cost Explorer still fills in the current
   * day.
   */
  lastCompleteDay: string;
  lastCompleteDayCost: number;
  /** The current UTC day. */
  today: string;
  /** Cost of the current UTC day so far: partial and estimated, it only grows. */
  todaySoFar: number;
  /** Complete days of the month plus today so far. */
  monthToDate: number;
  /** Complete days of the month (0 on the 1st). */
  settledMonthToDate: number;
  /**
   * Settled month to date + remainingDays × baseline, and never less than
   * the month to date.
   */
  projectedMonthEnd: number;
  /** Days of the month still to come, today included. */
  remainingDays: number;
  /** Daily threshold: the entity's annotation, else the configured default. */
  dailyThreshold: number;
  /** Monthly threshold: the entity's annotation, else the configured default. */
  monthlyThreshold: number;
  /** Mean daily cost of the `baselineDays` complete days before the last complete day. */
  baseline: number;
  /** Number of days the baseline averages over. */
  baselineDays: number;
  /** Whether the last complete day cost more than `spikeFactor` × the baseline. */
  spike: boolean;
  spikeFactor: number;
  /** Which figures are over their threshold. */
  over: {
    /** The last complete day over the daily threshold. */
    lastCompleteDay: boolean;
    /** Today so far already over the daily threshold. */
    today: boolean;
    /** The month to date over the monthly threshold. */
    monthToDate: boolean;
    /** The projection over the monthly threshold. */
    projection: boolean;
  };
  /**
   * Top cost drivers by service over `driversPeriod`, largest first; only
   * looked up for entities in warning or critical, undefined otherwise.
   */
  drivers: CostDriver[] | undefined;
  /** The days the drivers cover: the month so far, and yesterday on the 1st. */
  driversPeriod?: { start: string; end: string };
  /** Why the drivers could not be looked up, when that failed. */
  driversError?: string;
  /** Days the figures cover. */
  period: { start: string; end: string };
  /** Days asked from Cost Explorer in this run; older days came from history. */
  fetchedPeriod: { start: string; end: string };
  /** Whether this run asked for the whole history (a first run or a new tag value). */
  backfilled: boolean;
  /**
   * `grouped`: the entity has one cost tag and shares a query grouped by that
   * tag key with every entity of its account. `filtered`: the entity has
   * several tags (all must match), which a grouped query cannot express, so
   * it has a query of its own filtered by all of them.
   */
  query: 'grouped' | 'filtered';
};

/**
 * Whether a result's details are those of a cost measurement (a
 * misconfigured or never-measured result carries other details, or none,
 * and a result stored before the details gained a field lacks it).
 *
 * @public
 */
export function isCostCheckDetails(
  details: unknown,
): details is CostCheckDetails {
  const d = details as Partial<CostCheckDetails> | undefined;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.lastCompleteDay === 'string' &&
    typeof d.today === 'string' &&
    typeof d.monthToDate === 'number' &&
    typeof d.dailyThreshold === 'number' &&
    typeof d.monthlyThreshold === 'number' &&
    typeof d.over === 'object'
  );
}
