import { CheckStatus } from '@ops-health/backstage-plugin-ops-health-node';
import { addDays, dayOfMonth, daysInMonth, monthStart } from './days';

/** What the status of one entity's cost is derived from. */
export type CostEvaluationInput = {
  /** Daily cost by `YYYY-MM-DD` day; only the days whose cost is known. */
  series: Map<string, number>;
  /** The current UTC day. */
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
  today: number;
  monthToDate: number;
  projectedMonthEnd: number;
  baseline: number;
  spike: boolean;
  overDaily: boolean;
  overMonthly: boolean;
  projectedOverMonthly: boolean;
};

function round(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

/**
 * Computes today's cost, month to date, projected month end and the
 * baseline of one entity, and the status they give:
 * critical when today is over the daily threshold or the month to date over
 * the monthly one; warning when the projection is over the monthly threshold
 * or today spikes over `spikeFactor` × the baseline; ok otherwise.
 */
export function evaluateCost(input: CostEvaluationInput): CostEvaluation {
  const { series, today } = input;
  const first = monthStart(today);

  let monthToDate = 0;
  for (const [day, amount] of series) {
    if (day >= first && day <= today) monthToDate += amount;
  }
  const todayCost = series.get(today) ?? 0;
  const projectedMonthEnd =
    (monthToDate / dayOfMonth(today)) * daysInMonth(today);

  // Mean of the baselineDays days before today; days whose cost is unknown
  // (neither Cost Explorer nor the history had them) are left out.
  let baselineSum = 0;
  let baselineCount = 0;
  for (let i = 1; i <= input.baselineDays; i++) {
    const amount = series.get(addDays(today, -i));
    if (amount === undefined) continue;
    baselineSum += amount;
    baselineCount += 1;
  }
  const baseline = baselineCount > 0 ? baselineSum / baselineCount : 0;

  const spike = baseline > 0 && todayCost > input.spikeFactor * baseline;
  const overDaily = todayCost > input.dailyThreshold;
  const overMonthly = monthToDate > input.monthlyThreshold;
  const projectedOverMonthly = projectedMonthEnd > input.monthlyThreshold;

  let status: CheckStatus = 'ok';
  if (series.size === 0) status = 'unknown';
  else if (overDaily || overMonthly) status = 'critical';
  else if (projectedOverMonthly || spike) status = 'warning';

  return {
    status,
    hasData: series.size > 0,
    today: round(todayCost),
    monthToDate: round(monthToDate),
    projectedMonthEnd: round(projectedMonthEnd),
    baseline: round(baseline),
    spike,
    overDaily,
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

/** `USD 1,234.50` */
export function formatAmount(amount: number, unit = 'USD'): string {
  return `${unit} ${amountFormat.format(amount)}`;
}

/** `USD 150`, `USD 99.5` */
export function formatThreshold(amount: number, unit = 'USD'): string {
  return `${unit} ${thresholdFormat.format(amount)}`;
}

function formatFactor(factor: number): string {
  return `${thresholdFormat.format(Math.round(factor * 10) / 10)}×`;
}

/**
 * The plain-language explanation of a cost evaluation, e.g. "USD 420.00
 * today, over the daily threshold of USD 150 (3.5× the 14-day baseline of
 * USD 120.00)".
 */
export function costMessage(
  evaluation: CostEvaluation,
  input: Omit<CostEvaluationInput, 'series' | 'today'>,
  options: {
    unit?: string;
    topDriver?: { service: string; amount: number; share: number };
  } = {},
): string {
  const unit = options.unit ?? 'USD';
  const amount = (n: number) => formatAmount(n, unit);
  const threshold = (n: number) => formatThreshold(n, unit);
  const e = evaluation;

  if (!e.hasData) {
    return 'Cost Explorer returned no cost data for this entity’s tags, and none is stored yet';
  }

  const baseline = `the ${input.baselineDays}-day baseline of ${amount(
    e.baseline,
  )}`;
  const spikeNote = e.spike
    ? `${formatFactor(e.today / e.baseline)} ${baseline}`
    : undefined;

  const parts: string[] = [];
  if (e.overDaily) {
    parts.push(
      `${amount(e.today)} today, over the daily threshold of ${threshold(
        input.dailyThreshold,
      )}${spikeNote ? ` (${spikeNote})` : ''}`,
    );
  } else if (e.spike) {
    parts.push(
      `${amount(e.today)} today, ${spikeNote}, a spike over ${formatFactor(
        input.spikeFactor,
      )} the baseline`,
    );
  }
  if (e.overMonthly) {
    parts.push(
      `${amount(
        e.monthToDate,
      )} this month to date, over the monthly threshold of ${threshold(
        input.monthlyThreshold,
      )}`,
    );
  } else if (e.projectedOverMonthly) {
    parts.push(
      `on course for ${amount(
        e.projectedMonthEnd,
      )} by month end, over the monthly threshold of ${threshold(
        input.monthlyThreshold,
      )} (${amount(e.monthToDate)} so far)`,
    );
  }
  if (parts.length === 0) {
    parts.push(
      `${amount(e.today)} today and ${amount(
        e.monthToDate,
      )} this month to date, within the thresholds (${threshold(
        input.dailyThreshold,
      )} a day, ${threshold(input.monthlyThreshold)} a month)`,
    );
  }
  let message = parts.join('; ');
  message = message.charAt(0).toUpperCase() + message.slice(1);
  if (options.topDriver) {
    message += `. Top cost driver this month: ${
      options.topDriver.service
    } (${amount(options.topDriver.amount)}, ${Math.round(
      options.topDriver.share * 100,
    )}%)`;
  }
  return message;
}
