import { CheckStatus } from '@ops-health/backstage-plugin-ops-health-node';
import { toHeadline } from '@ops-health/backstage-plugin-ops-health-common';
import { addDays, dayOfMonth, daysInMonth, monthStart } from './days';

/** What the status of one entity's cost is derived from. */
export type CostEvaluationInput = {
  /** Daily cost by `YYYY-MM-DD` day; only the days whose cost is known. */
  series: Map<string, number>;
  /** The current UTC day, whose cost is partial. */
  today: string;
  dailyThreshold: number;
  monthlyThreshold: number;
  spikeFactor: number;
  baselineDays: number;
};

/** The figures of one entity's cost and the status they give. */
export type CostEvaluation = {
  status: CheckStatus;
  /** Whether any day of the period had a known cost. */
  hasData: boolean;
  /** The last complete UTC day (yesterday): the day the daily threshold and the spike are judged on. */
  lastCompleteDay: string;
  lastCompleteDayCost: number;
  today: string;
  /** Today's cost so far: partial and estimated, it only grows. */
  todaySoFar: number;
  /** Complete days of the month, today left out. */
  settledMonthToDate: number;
  /** Settled month to date plus today so far. */
  monthToDate: number;
  /** Days of the month still to come, today included. */
  remainingDays: number;
  projectedMonthEnd: number;
  /** Mean of the `baselineDays` complete days before the last complete day (known days only). */
  baseline: number;
  spike: boolean;
  overDaily: boolean;
  overDailyToday: boolean;
  overMonthly: boolean;
  projectedOverMonthly: boolean;
};

function round(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

/**
 * Judges one entity's cost.
 *
 * Cost Explorer reports the current day as partial and estimated, so the
 * daily threshold and the spike factor are judged on the last complete UTC
 * day; today's cost so far is critical at once only when it is already over
 * the daily threshold, because it can only grow. The month end is projected
 * as the settled month to date plus the remaining days (today included) at
 * the trailing baseline of complete days, never less than the month to date:
 * a one-day spike is not multiplied by the days of the month.
 *
 * - critical: the last complete day, or today so far, over the daily
 *   threshold; the month to date over the monthly threshold;
 * - warning: the projection over the monthly threshold, or the last complete
 *   day over `spikeFactor` × the baseline;
 * - unknown: no known cost at all; ok otherwise.
 */
export function evaluateCost(input: CostEvaluationInput): CostEvaluation {
  const { series, today } = input;
  const first = monthStart(today);
  const lastCompleteDay = addDays(today, -1);

  let settledMonthToDate = 0;
  for (const [day, amount] of series) {
    if (day >= first && day < today) settledMonthToDate += amount;
  }
  const todaySoFar = series.get(today) ?? 0;
  const lastCompleteDayCost = series.get(lastCompleteDay) ?? 0;
  const monthToDate = settledMonthToDate + todaySoFar;

  // Mean of the baselineDays complete days before the judged day; days whose
  // cost is unknown (neither Cost Explorer nor the history had them) are
  // left out.
  let baselineSum = 0;
  let baselineCount = 0;
  for (let i = 1; i <= input.baselineDays; i++) {
    const amount = series.get(addDays(lastCompleteDay, -i));
    if (amount === undefined) continue;
    baselineSum += amount;
    baselineCount += 1;
  }
  const baseline = baselineCount > 0 ? baselineSum / baselineCount : 0;

  const remainingDays = daysInMonth(today) - dayOfMonth(today) + 1;
  const projectedMonthEnd = Math.max(
    monthToDate,
    settledMonthToDate + remainingDays * baseline,
  );

  const spike =
    baseline > 0 && lastCompleteDayCost > input.spikeFactor * baseline;
  const overDaily = lastCompleteDayCost > input.dailyThreshold;
  const overDailyToday = todaySoFar > input.dailyThreshold;
  const overMonthly = monthToDate > input.monthlyThreshold;
  const projectedOverMonthly = projectedMonthEnd > input.monthlyThreshold;

  let status: CheckStatus = 'ok';
  if (series.size === 0) status = 'unknown';
  else if (overDaily || overDailyToday || overMonthly) status = 'critical';
  else if (projectedOverMonthly || spike) status = 'warning';

  return {
    status,
    hasData: series.size > 0,
    lastCompleteDay,
    lastCompleteDayCost: round(lastCompleteDayCost),
    today,
    todaySoFar: round(todaySoFar),
    settledMonthToDate: round(settledMonthToDate),
    monthToDate: round(monthToDate),
    remainingDays,
    projectedMonthEnd: round(projectedMonthEnd),
    baseline: round(baseline),
    spike,
    overDaily,
    overDailyToday,
    overMonthly,
    projectedOverMonthly,
  };
}

const amountFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const thresholdFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 2,
});
const wholeFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 0,
});
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** `USD 1,234.50` */
export function formatAmount(amount: number, unit = 'USD'): string {
  return `${unit} ${amountFormat.format(amount)}`;
}

/** `USD 150`, `USD 99.5` */
export function formatThreshold(amount: number, unit = 'USD'): string {
  return `${unit} ${thresholdFormat.format(amount)}`;
}

/** `USD 420`, `USD 8.4`: whole units from 100 on, for headlines. */
function formatShort(amount: number, unit: string): string {
  return `${unit} ${(Math.abs(amount) >= 100
    ? wholeFormat
    : thresholdFormat
  ).format(amount)}`;
}

/** `30 Nov` */
function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

function formatFactor(factor: number): string {
  return `${thresholdFormat.format(Math.round(factor * 10) / 10)}×`;
}

type Limits = Omit<CostEvaluationInput, 'series' | 'today'>;

/**
 * The headline of a cost evaluation, at most 90 characters, naming the day
 * its figure is for: "USD 420 yesterday, over USD 150/day".
 */
export function costHeadline(
  e: CostEvaluation,
  input: Limits,
  unit = 'USD',
): string {
  const short = (n: number) => formatShort(n, unit);
  if (!e.hasData) return 'No cost data for these tags yet';
  if (e.overDailyToday) {
    return toHeadline(
      `${short(e.todaySoFar)} so far today, over ${short(
        input.dailyThreshold,
      )}/day`,
    );
  }
  if (e.overDaily) {
    return toHeadline(
      `${short(e.lastCompleteDayCost)} yesterday, over ${short(
        input.dailyThreshold,
      )}/day`,
    );
  }
  if (e.overMonthly) {
    return toHeadline(
      `${short(e.monthToDate)} this month, over ${short(
        input.monthlyThreshold,
      )}/month`,
    );
  }
  if (e.projectedOverMonthly) {
    return toHeadline(
      `On course for ${short(e.projectedMonthEnd)} this month, over ${short(
        input.monthlyThreshold,
      )}`,
    );
  }
  if (e.spike) {
    return toHeadline(
      `${short(e.lastCompleteDayCost)} yesterday, ${formatFactor(
        e.lastCompleteDayCost / e.baseline,
      )} the ${input.baselineDays}-day average`,
    );
  }
  return toHeadline(
    `${short(e.lastCompleteDayCost)} yesterday, ${short(
      e.monthToDate,
    )} this month, within thresholds`,
  );
}

/**
 * The plain-language explanation of a cost evaluation, one sentence per
 * figure, each naming its day: "Yesterday (30 Nov, UTC) cost USD 420.00,
 * over the daily threshold of USD 150 and 3.5× the 14-day average of
 * USD 120.00. So far today (1 Dec): USD 50.00. …"
 */
export function costMessage(
  evaluation: CostEvaluation,
  input: Limits,
  options: {
    unit?: string;
    topDriver?: { service: string; amount: number; share: number };
    /** The first day the drivers cover, when it is not the 1st of the month. */
    driversSince?: string;
  } = {},
): string {
  const unit = options.unit ?? 'USD';
  const amount = (n: number) => formatAmount(n, unit);
  const threshold = (n: number) => formatThreshold(n, unit);
  const e = evaluation;

  if (!e.hasData) {
    return 'Cost Explorer returned no cost data for this entity’s tags, and none is stored yet.';
  }

  const average = `the ${input.baselineDays}-day average of ${amount(
    e.baseline,
  )}`;
  const sentences: string[] = [];

  const yesterday: string[] = [];
  if (e.overDaily) {
    yesterday.push(
      `over the daily threshold of ${threshold(input.dailyThreshold)}`,
    );
  }
  if (e.spike) {
    yesterday.push(
      `${formatFactor(e.lastCompleteDayCost / e.baseline)} ${average}${
        e.overDaily ? '' : `, a spike over ${formatFactor(input.spikeFactor)}`
      }`,
    );
  }
  sentences.push(
    `Yesterday (${formatDay(e.lastCompleteDay)}, UTC) cost ${amount(
      e.lastCompleteDayCost,
    )}${
      yesterday.length
        ? `, ${yesterday.join(' and ')}`
        : `, within the daily threshold of ${threshold(input.dailyThreshold)}`
    }.`,
  );

  sentences.push(
    `So far today (${formatDay(e.today)}, partial): ${amount(e.todaySoFar)}${
      e.overDailyToday
        ? `, already over the daily threshold of ${threshold(
            input.dailyThreshold,
          )}`
        : ''
    }.`,
  );

  const monthEnd = formatDay(
    `${e.today.slice(0, 8)}${String(
      dayOfMonth(e.today) + e.remainingDays - 1,
    ).padStart(2, '0')}`,
  );
  const basis = `${amount(e.settledMonthToDate)} settled + ${
    e.remainingDays
  } day${e.remainingDays === 1 ? '' : 's'} × ${average}`;
  sentences.push(
    `Month to date ${amount(e.monthToDate)}${
      e.overMonthly
        ? `, over the monthly threshold of ${threshold(input.monthlyThreshold)}`
        : ` of ${threshold(input.monthlyThreshold)}`
    }; on course for ${amount(e.projectedMonthEnd)} by ${monthEnd} (${basis})${
      e.projectedOverMonthly && !e.overMonthly
        ? ', over the monthly threshold'
        : ''
    }.`,
  );

  if (options.topDriver) {
    sentences.push(
      `Top cost driver ${
        options.driversSince
          ? `since ${formatDay(options.driversSince)}`
          : 'this month'
      }: ${options.topDriver.service} (${amount(
        options.topDriver.amount,
      )}, ${Math.round(options.topDriver.share * 100)}%).`,
    );
  }
  return sentences.join(' ');
}
