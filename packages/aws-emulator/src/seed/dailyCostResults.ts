import { ResultByTime } from '@aws-sdk/client-cost-explorer';
import { CostAndUsageResult } from './queueCostAndUsageResults';
import { addDays, formatDay, parseDay } from './utcDays';

/**
 * Cost metrics that {@link dailyCostResults} can report.
 *
 * @public
 */
export type CostMetricName =
  | 'UnblendedCost'
  | 'AmortizedCost'
  | 'NetUnblendedCost';

/**
 * Options shared by the daily cost result builders.
 *
 * @public
 */
export interface DailyCostResultsBaseOptions {
  /** First day, as `YYYY-MM-DD` (UTC). */
  start: string;
  /** Number of days; every series must have exactly this many values. */
  days: number;
  /** Daily amounts per group value, oldest first. */
  series: Record<string, number[]>;
  /** Defaults to `UnblendedCost`. */
  metric?: CostMetricName;
  /** Days per page; all days fit on one page when omitted. */
  pageSize?: number;
  /** Defaults to `USD`. */
  unit?: string;
}

/**
 * Options for {@link dailyCostResults}.
 *
 * @public
 */
export interface DailyCostResultsOptions extends DailyCostResultsBaseOptions {
  /** Cost allocation tag key the results are grouped by; series keys are its values. */
  tagKey: string;
}

/**
 * Options for {@link dailyCostResultsByDimension}.
 *
 * @public
 */
export interface DailyCostResultsByDimensionOptions
  extends DailyCostResultsBaseOptions {
  /** Dimension the results are grouped by, for example `SERVICE`. */
  dimension: string;
}

/**
 * Builds the pages of a daily GetCostAndUsage response grouped by one cost
 * allocation tag, shaped as Cost Explorer returns them.
 *
 * @remarks
 * Group keys are formatted `tagKey$tagValue` as AWS does (an empty value
 * stands for untagged resources), each `TimePeriod.End` is exclusive, `Total`
 * is empty because the response is grouped, and every page but the last has
 * a `NextPageToken`. Days in the month of the last day are `Estimated`, as
 * AWS reports the current, unbilled month.
 *
 * @public
 */
export function dailyCostResults(
  options: DailyCostResultsOptions,
): CostAndUsageResult[] {
  return buildDailyCostPages(
    options,
    { Type: 'TAG', Key: options.tagKey },
    value => `${options.tagKey}$${value}`,
  );
}

/**
 * Builds the pages of a daily GetCostAndUsage response grouped by one
 * dimension such as `SERVICE`, shaped as Cost Explorer returns them. See
 * {@link dailyCostResults} for the shape.
 *
 * @public
 */
export function dailyCostResultsByDimension(
  options: DailyCostResultsByDimensionOptions,
): CostAndUsageResult[] {
  return buildDailyCostPages(
    options,
    { Type: 'DIMENSION', Key: options.dimension },
    value => value,
  );
}

/**
 * Options for {@link dailyCostResultsByTagAndDimension}.
 *
 * @public
 */
export interface DailyCostResultsByTagAndDimensionOptions
  extends Omit<DailyCostResultsBaseOptions, 'series'> {
  /** Cost allocation tag key, the first GroupBy. */
  tagKey: string;
  /** Dimension, the second GroupBy, for example `SERVICE`. */
  dimension: string;
  /** Daily amounts per tag value, then per dimension value, oldest first. */
  series: Record<string, Record<string, number[]>>;
}

/**
 * Builds the pages of a daily GetCostAndUsage response grouped by a cost
 * allocation tag and a dimension (two GroupBy keys, as Cost Explorer allows):
 * each group's `Keys` are `[tagKey$tagValue, dimensionValue]`. See
 * {@link dailyCostResults} for the shape.
 *
 * @public
 */
export function dailyCostResultsByTagAndDimension(
  options: DailyCostResultsByTagAndDimensionOptions,
): CostAndUsageResult[] {
  const groups: Group[] = [];
  for (const [value, byDimension] of Object.entries(options.series)) {
    for (const [dimensionValue, amounts] of Object.entries(byDimension)) {
      groups.push({
        keys: [`${options.tagKey}$${value}`, dimensionValue],
        amounts,
        label: `${value}' / '${dimensionValue}`,
      });
    }
  }
  return buildPages(options, groups, [
    { Type: 'TAG', Key: options.tagKey },
    { Type: 'DIMENSION', Key: options.dimension },
  ]);
}

/** A group's keys, daily amounts and how an error names it. */
type Group = { keys: string[]; amounts: number[]; label: string };

function buildDailyCostPages(
  options: DailyCostResultsBaseOptions,
  groupDefinition: { Type: 'TAG' | 'DIMENSION'; Key: string },
  groupKey: (value: string) => string,
): CostAndUsageResult[] {
  return buildPages(
    options,
    Object.entries(options.series).map(([value, amounts]) => ({
      keys: [groupKey(value)],
      amounts,
      label: value,
    })),
    [groupDefinition],
  );
}

function buildPages(
  options: Omit<DailyCostResultsBaseOptions, 'series'>,
  groups: Group[],
  groupDefinitions: Array<{ Type: 'TAG' | 'DIMENSION'; Key: string }>,
): CostAndUsageResult[] {
  const { start, days } = options;
  const metric = options.metric ?? 'UnblendedCost';
  const unit = options.unit ?? 'USD';
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`days must be a positive integer, got ${days}`);
  }
  for (const { label, amounts } of groups) {
    if (amounts.length !== days) {
      throw new Error(
        `series '${label}' has ${amounts.length} values, expected one per day (${days})`,
      );
    }
  }
  const firstDay = parseDay(start);
  const lastDay = addDays(firstDay, days - 1);
  const estimatedFrom = Date.UTC(
    lastDay.getUTCFullYear(),
    lastDay.getUTCMonth(),
    1,
  );

  const resultsByTime: ResultByTime[] = [];
  for (let index = 0; index < days; index++) {
    const day = addDays(firstDay, index);
    resultsByTime.push({
      TimePeriod: { Start: formatDay(day), End: formatDay(addDays(day, 1)) },
      Total: {},
      Groups: groups.map(({ keys, amounts }) => ({
        Keys: keys,
        Metrics: {
          [metric]: { Amount: amounts[index].toFixed(10), Unit: unit },
        },
      })),
      Estimated: day.getTime() >= estimatedFrom,
    });
  }

  const pageSize = options.pageSize ?? days;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new Error(`pageSize must be a positive integer, got ${pageSize}`);
  }
  const pages: CostAndUsageResult[] = [];
  for (let offset = 0; offset < days; offset += pageSize) {
    const isLast = offset + pageSize >= days;
    pages.push({
      GroupDefinitions: groupDefinitions,
      ResultsByTime: resultsByTime.slice(offset, offset + pageSize),
      DimensionValueAttributes: [],
      ...(isLast ? {} : { NextPageToken: pageToken(start, pages.length + 2) }),
    });
  }
  return pages;
}

function pageToken(start: string, page: number): string {
  return Buffer.from(`dailyCostResults:${start}:page-${page}`).toString(
    'base64',
  );
}
