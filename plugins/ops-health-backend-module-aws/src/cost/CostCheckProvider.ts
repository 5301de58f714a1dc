import { OPS_HEALTH_ANNOTATIONS } from '@ops-health/backstage-plugin-ops-health-common';
import {
  Expression,
  GetCostAndUsageCommandInput,
} from '@aws-sdk/client-cost-explorer';
import {
  CheckFailure,
  CheckResult,
  CheckRunContext,
  CheckRunOutput,
  CheckTarget,
  DailyCost,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import type {
  CostCheckDetails,
  CostDriver,
} from '@ops-health/backstage-plugin-ops-health-common';
import { AwsClientFactory } from '../AwsClientFactory';
import { describeError, describeErrorForLog } from '../awsCalls';
import { AwsChecksConfig } from '../config';
import { notProven } from '../trust/notProven';
import { ResourceOwnership } from '../trust/OwnershipVerifier';
import {
  forEachCostAndUsagePage,
  getCostAndUsagePages,
  readMetric,
  readTotal,
} from './costExplorer';
import { addDays, daysFrom, monthStart, utcDay } from './days';
import {
  costHeadline,
  costMessage,
  CostEvaluation,
  evaluateCost,
} from './evaluateCost';

/** The cost settings the provider uses; the `opsHealth.cost` config. */
export type CostCheckConfig = Omit<AwsChecksConfig['cost'], 'schedule'> & {
  schedule?: AwsChecksConfig['cost']['schedule'];
};

type CostTag = { key: string; value: string };

/**
 * One GetCostAndUsage query of a run and the entities it answers for.
 *
 * `grouped`: every entity of an account whose cost is selected by a single
 * tag with this key; the query groups by the tag key and each entity reads
 * the group `${key}$${value}` of its own value.
 *
 * `filtered`: entities selected by several tags at once (AND). A grouped
 * query cannot express an AND (GroupBy of two tag keys gives the cross
 * product, and Cost Explorer allows at most two GroupBy keys), so these get
 * a query of their own, filtered by all their tags and not grouped, one per
 * distinct (account, tag set).
 */
type CostQuery = {
  kind: 'grouped' | 'filtered';
  accountId?: string;
  /** The tag key of a grouped query. */
  tagKey?: string;
  /** The tags of a filtered query. */
  tags?: CostTag[];
  members: Array<{ target: CheckTarget; tags: CostTag[]; groupKey?: string }>;
};

/**
 * Entities whose stored costs are read from the history at once: one
 * statement's worth (the store reads 100 entities a statement), each copied
 * into the series before the next is read. Bigger chunks keep their rows
 * alive over several database round trips, long enough for V8 to move them
 * to the old generation: on PostgreSQL, a second refresh of 10,000 entities
 * peaked at 433–444 MB of RSS with 500 entities a chunk, 289–291 MB with 100
 * (bench/collector.ts).
 */
const HISTORY_CHUNK = 100;

const UNKNOWN = 0;
const STORED = 1;
const FETCHED = 2;

/**
 * One entity's daily costs over the window, by day index: the amount, where
 * it came from (UNKNOWN, STORED, FETCHED), whether it is an estimate, and
 * its unit where it is not the entity's last one.
 */
type Series = {
  amounts: Float64Array;
  state: Uint8Array;
  estimated: Uint8Array;
  /** The unit of the last day set. */
  unit?: string;
  /** Units of days whose unit differs from `unit`, by index (sparse). */
  units: Array<string | undefined>;
};

function newSeries(days: number): Series {
  return {
    amounts: new Float64Array(days),
    state: new Uint8Array(days),
    estimated: new Uint8Array(days),
    units: [],
  };
}

function setDay(
  series: Series,
  d: number,
  value: { amount: number; unit: string; estimated: boolean },
  state: typeof STORED | typeof FETCHED,
) {
  series.amounts[d] = value.amount;
  series.state[d] = state;
  series.estimated[d] = value.estimated ? 1 : 0;
  if (series.unit !== undefined && series.unit !== value.unit) {
    series.units[d] = value.unit;
  } else {
    delete series.units[d];
  }
  series.unit ??= value.unit;
}

type Evaluated = {
  target: CheckTarget;
  tags: CostTag[];
  query: CostQuery;
  evaluation: CostEvaluation;
  unit: string;
  dailyThreshold: number;
  monthlyThreshold: number;
  fetchedPeriod: { start: string; end: string };
  backfilled: boolean;
};

/** Number of services listed as cost drivers. */
const TOP_DRIVERS = 5;

/** A drill-down query: see the drill-down in `run`. */
type DrillDownPlan =
  | {
      kind: 'grouped';
      accountId?: string;
      tagKey: string;
      values: Set<string>;
    }
  | { kind: 'filtered'; accountId?: string; tags: CostTag[] };

/** Per AWS service: the drill-down period's cost and yesterday's. */
type ServiceCosts = Map<string, { amount: number; yesterday: number }>;

/** The services a cost comes from, biggest first, with their shares. */
function topDrivers(byService: ServiceCosts): CostDriver[] {
  const total = [...byService.values()].reduce((sum, e) => sum + e.amount, 0);
  return [...byService]
    .filter(([, e]) => e.amount > 0)
    .map(([service, e]) => ({
      service,
      amount: Math.round(e.amount * 1e6) / 1e6,
      share: total > 0 ? Math.round((e.amount / total) * 1e4) / 1e4 : 0,
      yesterday: Math.round(e.yesterday * 1e6) / 1e6,
    }))
    .sort((a, b) => b.amount - a.amount)
    .slice(0, TOP_DRIVERS);
}

/** The filter of a set of tags that must all match. */
function tagFilter(tags: CostTag[]): Expression {
  const expressions = tags.map(tag => ({
    Tags: { Key: tag.key, Values: [tag.value] },
  }));
  return expressions.length === 1 ? expressions[0] : { And: expressions };
}

function tagSetKey(accountId: string | undefined, tags: CostTag[]): string {
  const sorted = [...tags].sort((a, b) =>
    a.key === b.key
      ? a.value.localeCompare(b.value)
      : a.key.localeCompare(b.key),
  );
  return JSON.stringify([accountId ?? '', sorted]);
}

function describeQuery(query: CostQuery): string {
  const account = query.accountId
    ? `account ${query.accountId}`
    : 'the main account';
  return query.kind === 'grouped'
    ? `GetCostAndUsage grouped by tag '${query.tagKey}' in ${account}`
    : `GetCostAndUsage filtered by tags ${query
        .tags!.map(t => `${t.key}=${t.value}`)
        .join(', ')} in ${account}`;
}

/**
 * The `cost` check: the daily AWS cost of each entity, selected by its cost
 * allocation tags, against daily and monthly thresholds and its own recent
 * baseline.
 *
 * @remarks
 * Calls per run, in this order (tests against an emulator queue answers in
 * it):
 *
 * 1. one paginated GetCostAndUsage per (account, tag key) for all entities
 *    with a single cost tag, grouped by that tag key, in order of first
 *    appearance in the targets;
 * 2. one paginated GetCostAndUsage per distinct (account, tag set) of the
 *    entities with several tags, filtered by all of them (see CostQuery);
 * 3. the drill-downs of the entities in warning or critical, for the month
 *    so far (and yesterday, on the 1st): one paginated query per (account,
 *    tag key) of the single-tag entities, filtered to their tag values and
 *    grouped by the tag and the SERVICE dimension; one per (account, tag
 *    set) of the others, filtered by the tags and grouped by SERVICE. Calls
 *    grow with accounts and tag keys, never with the entities over a
 *    threshold (only the pages do).
 *
 * The request window runs from the earliest day needed (today − historyDays,
 * the 1st of the month or the baseline before yesterday, whichever is
 * earliest) to tomorrow (End is exclusive): the first run for an entity, or
 * for a tag value new to its query, backfills the whole history in the same
 * one paginated query. When the history already holds every older day for
 * every entity of a query, only the last refetchDays days and today are
 * asked again: Cost Explorer charges per request and settled days do not
 * change.
 *
 * @internal
 */
export class CostCheckProvider implements OpsHealthCheckProvider {
  readonly id = 'cost';
  readonly annotations = [
    OPS_HEALTH_ANNOTATIONS.costTags,
    OPS_HEALTH_ANNOTATIONS.costInsightsTags,
  ];
  readonly settingAnnotations = [
    OPS_HEALTH_ANNOTATIONS.costDailyThreshold,
    OPS_HEALTH_ANNOTATIONS.costMonthlyThreshold,
    OPS_HEALTH_ANNOTATIONS.awsAccountId,
  ];
  readonly reportsDailyCosts = true;
  /**
   * Alerts on the first run that finds the cost over: its figures are
   * settled days and month totals, which a second run 6 hours later (the
   * default schedule) only repeats.
   */
  readonly firingAfter = 1;

  static create(options: {
    clients: AwsClientFactory;
    config: CostCheckConfig;
    /** Proves the entity may use its account before its cost is read there. */
    ownership: ResourceOwnership;
  }): CostCheckProvider {
    return new CostCheckProvider(
      options.clients,
      options.config,
      options.ownership,
    );
  }

  private constructor(
    private readonly clients: AwsClientFactory,
    private readonly config: CostCheckConfig,
    private readonly ownership: ResourceOwnership,
  ) {}

  get schedule() {
    return this.config.schedule;
  }

  appliesTo(target: CheckTarget): boolean {
    return Boolean(target.config.costTags?.length);
  }

  /**
   * Why an entity may not read its cost: it may not use its account, or a
   * tag of its set is listed in opsHealth.trust.costTags for other entities
   * (or none is, where the mapping is required), or another entity claims
   * its tag set. An entity alone in claiming its tag
   * set of an account may read it. Of several entities of the catalog
   * claiming the same set, the one whose stored result already measures it
   * keeps it (the incumbent: a catalog-info.yaml copying another team's
   * tags does not switch that team's cost check off); without exactly one
   * incumbent, none of them may until only one claims the set.
   */
  private async claimsOf(targets: CheckTarget[], context: CheckRunContext) {
    const claimants = new Map<string, Set<string>>();
    const keyOf = new Map<string, string>();
    const trustProblems = new Map<string, string>();
    const inRun = new Set(targets.map(t => t.entityRef));
    // The run's targets are in the catalog's too; listed again so that
    // none is measured unchecked should a caller leave them out.
    for (const target of [...(context.catalogTargets ?? []), ...targets]) {
      if (!this.appliesTo(target)) continue;
      const trustProblem =
        this.ownership.accountProblem(target) ??
        this.ownership.costTagsProblem(target, target.config.costTags!);
      if (trustProblem) {
        trustProblems.set(target.entityRef, trustProblem);
        continue;
      }
      const key = tagSetKey(target.config.accountId, target.config.costTags!);
      keyOf.set(target.entityRef, key);
      claimants.set(
        key,
        (claimants.get(key) ?? new Set()).add(target.entityRef),
      );
    }
    // The contested sets of this run's entities, and their incumbents.
    const contested = [...claimants].filter(
      ([, refs]) => refs.size > 1 && [...refs].some(ref => inRun.has(ref)),
    );
    const incumbents = new Map<string, string[]>();
    if (contested.length) {
      const stored = await context.history.getResults(
        contested.flatMap(([, refs]) => [...refs]),
        this.id,
      );
      for (const result of stored) {
        const details = result.details as Partial<CostCheckDetails> | undefined;
        if (result.status === 'misconfigured' || !details?.tags) continue;
        const measured = tagSetKey(details.accountId, details.tags);
        if (keyOf.get(result.entityRef) !== measured) continue;
        incumbents.set(measured, [
          ...(incumbents.get(measured) ?? []),
          result.entityRef,
        ]);
      }
    }
    const contestedKeys = new Set(contested.map(([key]) => key));
    return {
      problem(target: CheckTarget): string | undefined {
        const trustProblem = trustProblems.get(target.entityRef);
        if (trustProblem) return trustProblem;
        const key = keyOf.get(target.entityRef);
        if (!key || !contestedKeys.has(key)) return undefined;
        const tags = target.config
          .costTags!.map(t => `${t.key}=${t.value}`)
          .join(',');
        const holders = incumbents.get(key) ?? [];
        if (holders.length === 1) {
          return holders[0] === target.entityRef
            ? undefined
            : `the cost tags ${tags} are already measured for ${holders[0]}: one entity's cost may not be another's; remove ops-health/cost-tags or name tags that select only this entity's resources`;
        }
        return `the cost tags ${tags} are claimed by ${[...claimants.get(key)!]
          .sort()
          .join(
            ' and ',
          )}: one entity's cost may not be another's, so none is measured until only one claims them`;
      },
    };
  }

  async run(
    targets: CheckTarget[],
    context: CheckRunContext,
  ): Promise<CheckRunOutput> {
    const startedAt = Date.now();
    const { signal } = context;
    signal.throwIfAborted();

    const calls = { GetCostAndUsage: 0 };
    const onCall = () => {
      calls.GetCostAndUsage += 1;
    };
    const config = this.config;
    const today = utcDay(context.now);
    const end = addDays(today, 1);
    // The days the evaluation reads: the baseline before the last complete
    // day (yesterday), and the month so far.
    const firstOfMonth = monthStart(today);
    const baselineStart = addDays(today, -1 - config.baselineDays);
    const evaluationStart =
      baselineStart < firstOfMonth ? baselineStart : firstOfMonth;
    // The history kept for the chart; a query any of whose entities lacks a
    // day of it is asked for all of it (the backfill of a first run or of a
    // new tag value), else only for the days that can still change.
    const historyStart = addDays(today, -config.historyDays);
    const windowStart =
      historyStart < evaluationStart ? historyStart : evaluationStart;
    const refetchStart = addDays(today, -config.refetchDays);

    // An entity may read cost only in an account it is allowed to use, and
    // a tag set of an account is measured for one entity only.
    const results: CheckResult[] = [];
    const applicable: CheckTarget[] = [];
    const claims = await this.claimsOf(targets, context);
    for (const target of targets.filter(t => this.appliesTo(t))) {
      const problem = claims.problem(target);
      if (problem) {
        results.push(
          notProven({
            entityRef: target.entityRef,
            checkId: this.id,
            subject: '',
            problem,
            now: context.now,
          }),
        );
      } else {
        applicable.push(target);
      }
    }
    const queries = planQueries(applicable);

    const failures: CheckFailure[] = [];
    // The fetched days of each query's members, kept as their compact
    // series and turned into DailyCost objects only as the engine stores
    // them (see the generator returned below).
    const fetchedSeries: Array<{ entityRef: string; series: Series }> = [];
    const evaluated: Evaluated[] = [];

    // Every day of the window, by index: each entity's series is kept in
    // typed arrays over it rather than a map of objects per day, so that
    // 10,000 entities over 90 days stay a few megabytes.
    const windowDays = daysFrom(windowStart, end);
    const dayIndex = new Map(windowDays.map((day, i) => [day, i]));
    const olderDayCount = Math.max(
      0,
      daysFrom(windowStart, refetchStart).length,
    );
    // The stored values read: those the evaluation and the refetch window
    // need. Of the older days, only whether each is stored (a count): the
    // chart reads them, this run does not.
    const readStart =
      evaluationStart < refetchStart ? evaluationStart : refetchStart;
    const readIndex = Math.min(
      olderDayCount,
      Math.max(0, daysFrom(windowStart, readStart).length),
    );

    for (const query of queries) {
      signal.throwIfAborted();
      const entityRefs = query.members.map(m => m.target.entityRef);
      const memberOf = new Map(entityRefs.map((ref, i) => [ref, i]));
      const series = query.members.map(() => newSeries(windowDays.length));
      // Whether every day before readStart is stored, per member.
      const olderStored = new Uint8Array(query.members.length);

      // What the history holds, so that settled days are not asked again;
      // read in chunks of entities, each dropped once copied.
      try {
        for (let i = 0; i < entityRefs.length; i += HISTORY_CHUNK) {
          const chunk = entityRefs.slice(i, i + HISTORY_CHUNK);
          const [costs, olderCounts] = await Promise.all([
            context.history.getDailyCosts(chunk, windowDays[readIndex]),
            readIndex > 0
              ? context.history.countDailyCosts(
                  chunk,
                  windowStart,
                  windowDays[readIndex],
                )
              : new Map<string, number>(),
          ]);
          for (const cost of costs) {
            const d = dayIndex.get(cost.day);
            const m = memberOf.get(cost.entityRef);
            if (d === undefined || m === undefined) continue;
            setDay(series[m], d, cost, STORED);
          }
          for (const ref of chunk) {
            const m = memberOf.get(ref)!;
            olderStored[m] =
              readIndex === 0 || olderCounts.get(ref) === readIndex ? 1 : 0;
          }
        }
      } catch (error) {
        context.logger.warn(
          `Could not read the stored daily costs, asking Cost Explorer for every day: ${describeErrorForLog(
            error,
          )}`,
        );
        for (const s of series) s.state.fill(UNKNOWN);
        olderStored.fill(0);
      }
      const incremental =
        olderDayCount > 0 &&
        series.every(
          (s, m) =>
            olderStored[m] === 1 &&
            s.state
              .subarray(readIndex, olderDayCount)
              .every(v => v !== UNKNOWN),
        );
      const fetchStart = incremental ? refetchStart : windowStart;

      const input: Omit<GetCostAndUsageCommandInput, 'NextPageToken'> = {
        TimePeriod: { Start: fetchStart, End: end },
        Granularity: 'DAILY',
        Metrics: [config.metric],
        ...(query.kind === 'grouped'
          ? { GroupBy: [{ Type: 'TAG', Key: query.tagKey! }] }
          : { Filter: tagFilter(query.tags!) }),
      };

      // Each page is read into the series and dropped. A day's groups may
      // be split over several pages (Cost Explorer pages groups, not days):
      // a member without a group on a reported day counts as zero only once
      // every page is in.
      const memberOfGroup = new Map(
        query.members.map((m, i) => [m.groupKey ?? '', i]),
      );
      const reported = new Map<number, { estimated: boolean; unit?: string }>();
      try {
        const client = await this.clients.costExplorer(query.accountId);
        await forEachCostAndUsagePage(
          client,
          input,
          { signal, onCall },
          days => {
            for (const day of days) {
              const dayStart = day.TimePeriod?.Start;
              // Cost Explorer answers for the asked period only; an emulator
              // may not, and days outside it are not this query's to store.
              if (!dayStart || dayStart < fetchStart || dayStart >= end) {
                continue;
              }
              const d = dayIndex.get(dayStart)!;
              const seen = reported.get(d) ?? { estimated: false };
              seen.estimated ||= Boolean(day.Estimated);
              reported.set(d, seen);
              if (query.kind === 'grouped') {
                for (const group of day.Groups ?? []) {
                  const m = memberOfGroup.get(group.Keys?.[0] ?? '');
                  const amount = readMetric(group.Metrics, config.metric);
                  if (!amount) continue;
                  seen.unit ??= amount.unit;
                  if (m === undefined) continue;
                  setDay(
                    series[m],
                    d,
                    { ...amount, estimated: seen.estimated },
                    FETCHED,
                  );
                }
              } else {
                const total = readTotal(day, config.metric);
                if (!total) continue;
                seen.unit ??= total.unit;
                for (const s of series) {
                  const before = s.state[d] === FETCHED ? s.amounts[d] : 0;
                  setDay(
                    s,
                    d,
                    {
                      amount: before + total.amount,
                      unit: total.unit,
                      estimated: seen.estimated,
                    },
                    FETCHED,
                  );
                }
              }
            }
          },
        );
      } catch (error) {
        if (signal.aborted) throw error;
        const message = `${describeQuery(query)} failed: ${describeError(
          error,
        )}`;
        for (const ref of entityRefs) {
          failures.push({ entityRef: ref, checkId: this.id, error: message });
        }
        continue;
      }
      // Reported days without the member's group: no cost that day.
      for (const [d, seen] of reported) {
        for (const s of series) {
          if (s.state[d] === FETCHED) {
            s.estimated[d] = seen.estimated ? 1 : 0;
            continue;
          }
          setDay(
            s,
            d,
            {
              amount: 0,
              unit: seen.unit ?? s.unit ?? 'USD',
              estimated: seen.estimated,
            },
            FETCHED,
          );
        }
      }

      query.members.forEach((member, m) => {
        const ref = member.target.entityRef;
        const s = series[m];
        // Fetched days replace stored ones; days Cost Explorer did not
        // return at all keep their stored value rather than counting as
        // zero.
        const known = new Map<string, number>();
        for (let d = 0; d < windowDays.length; d++) {
          if (s.state[d] === UNKNOWN) continue;
          known.set(windowDays[d], s.amounts[d]);
        }
        fetchedSeries.push({ entityRef: ref, series: s });
        const dailyThreshold =
          member.target.config.costDailyThreshold ?? config.dailyThreshold;
        const monthlyThreshold =
          member.target.config.costMonthlyThreshold ?? config.monthlyThreshold;
        evaluated.push({
          target: member.target,
          tags: member.tags,
          query,
          unit: s.unit ?? 'USD',
          dailyThreshold,
          monthlyThreshold,
          fetchedPeriod: { start: fetchStart, end },
          backfilled: !incremental,
          evaluation: evaluateCost({
            series: known,
            today,
            dailyThreshold,
            monthlyThreshold,
            spikeFactor: config.spikeFactor,
            baselineDays: config.baselineDays,
          }),
        });
      });
    }

    // Drill-down for entities over a threshold or spiking: what services the
    // month's cost comes from. GetCostAndUsage has no resource-level data
    // (that needs GetCostAndUsageWithResources, opt-in and limited to 14
    // days), so the drivers are services.
    // The month so far and always the last complete day, whose cost is the
    // one judged: on the 1st that day belongs to the month before.
    const yesterday = addDays(today, -1);
    const driversStart = yesterday < firstOfMonth ? yesterday : firstOfMonth;
    // One drill-down per (account, tag key) for all the single-tag entities
    // over a threshold, grouped by the tag and SERVICE (Cost Explorer's two
    // GroupBy keys), filtered to their tag values: the calls do not grow with
    // the entities that fire, only the pages do. An entity selected by
    // several tags (an AND no grouping can express) gets its own, filtered
    // by its tags and grouped by SERVICE.
    const firing = evaluated.filter(
      item =>
        item.evaluation.status === 'critical' ||
        item.evaluation.status === 'warning',
    );
    const drillDownPlans = new Map<string, DrillDownPlan>();
    for (const item of firing) {
      const { accountId } = item.query;
      if (item.query.kind === 'grouped') {
        const key = JSON.stringify([
          'grouped',
          accountId ?? '',
          item.query.tagKey,
        ]);
        const plan = drillDownPlans.get(key) ?? {
          kind: 'grouped' as const,
          accountId,
          tagKey: item.query.tagKey!,
          values: new Set<string>(),
        };
        if (plan.kind === 'grouped') plan.values.add(item.tags[0].value);
        drillDownPlans.set(key, plan);
      } else {
        drillDownPlans.set(tagSetKey(accountId, item.tags), {
          kind: 'filtered',
          accountId,
          tags: item.tags,
        });
      }
    }
    const drilled = new Map<
      string,
      { drivers?: CostDriver[]; error?: string }
    >();
    // One at a time, so that the calls keep a predictable order.
    for (const plan of drillDownPlans.values()) {
      signal.throwIfAborted();
      const grouped = plan.kind === 'grouped';
      const tagKey = grouped ? plan.tagKey : '';
      const keyOf = (value: string) =>
        tagSetKey(plan.accountId, [{ key: tagKey, value }]);
      try {
        const client = await this.clients.costExplorer(plan.accountId);
        const days = await getCostAndUsagePages(
          client,
          {
            TimePeriod: { Start: driversStart, End: end },
            // Daily rather than monthly, to tell what yesterday's cost is made of.
            Granularity: 'DAILY',
            Metrics: [config.metric],
            ...(plan.kind === 'grouped'
              ? {
                  Filter: {
                    Tags: { Key: plan.tagKey, Values: [...plan.values].sort() },
                  },
                  GroupBy: [
                    { Type: 'TAG', Key: plan.tagKey },
                    { Type: 'DIMENSION', Key: 'SERVICE' },
                  ],
                }
              : {
                  Filter: tagFilter(plan.tags),
                  GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
                }),
          },
          { signal, onCall },
        );
        // Per tag set, per service: the period's cost and yesterday's.
        const byTagSet = new Map<string, ServiceCosts>();
        const prefix = `${tagKey}$`;
        for (const day of days) {
          const dayStart = day.TimePeriod?.Start;
          if (!dayStart || dayStart < driversStart || dayStart >= end) continue;
          for (const group of day.Groups ?? []) {
            const keys = group.Keys ?? [];
            const service = grouped ? keys[1] : keys[0];
            const amount = readMetric(group.Metrics, config.metric);
            if (service === undefined || !amount) continue;
            let setKey: string;
            if (plan.kind === 'grouped') {
              const tag = keys[0];
              if (!tag?.startsWith(prefix)) continue;
              setKey = keyOf(tag.slice(prefix.length));
            } else {
              setKey = tagSetKey(plan.accountId, plan.tags);
            }
            const services = byTagSet.get(setKey) ?? new Map();
            const entry = services.get(service) ?? { amount: 0, yesterday: 0 };
            entry.amount += amount.amount;
            if (dayStart === yesterday) entry.yesterday += amount.amount;
            services.set(service, entry);
            byTagSet.set(setKey, services);
          }
        }
        const setKeys =
          plan.kind === 'grouped'
            ? [...plan.values].map(keyOf)
            : [tagSetKey(plan.accountId, plan.tags)];
        for (const setKey of setKeys) {
          drilled.set(setKey, {
            drivers: topDrivers(byTagSet.get(setKey) ?? new Map()),
          });
        }
      } catch (error) {
        if (signal.aborted) throw error;
        const failed = {
          error: `GetCostAndUsage by service failed: ${describeError(error)}`,
        };
        if (plan.kind === 'grouped') {
          for (const value of plan.values) drilled.set(keyOf(value), failed);
        } else {
          drilled.set(tagSetKey(plan.accountId, plan.tags), failed);
        }
      }
    }

    for (const item of evaluated) {
      const e = item.evaluation;
      const drill =
        e.status === 'critical' || e.status === 'warning'
          ? drilled.get(tagSetKey(item.query.accountId, item.tags)) ?? {}
          : {};

      const limits = {
        dailyThreshold: item.dailyThreshold,
        monthlyThreshold: item.monthlyThreshold,
        spikeFactor: config.spikeFactor,
        baselineDays: config.baselineDays,
      };
      const details: CostCheckDetails = {
        metric: config.metric,
        tags: item.tags,
        ...(item.query.accountId ? { accountId: item.query.accountId } : {}),
        lastCompleteDay: e.lastCompleteDay,
        lastCompleteDayCost: e.lastCompleteDayCost,
        today: e.today,
        todaySoFar: e.todaySoFar,
        monthToDate: e.monthToDate,
        settledMonthToDate: e.settledMonthToDate,
        projectedMonthEnd: e.projectedMonthEnd,
        remainingDays: e.remainingDays,
        dailyThreshold: item.dailyThreshold,
        monthlyThreshold: item.monthlyThreshold,
        baseline: e.baseline,
        baselineDays: config.baselineDays,
        spike: e.spike,
        spikeFactor: config.spikeFactor,
        over: {
          lastCompleteDay: e.overDaily,
          today: e.overDailyToday,
          monthToDate: e.overMonthly,
          projection: e.projectedOverMonthly,
        },
        drivers: drill.drivers,
        ...(drill.drivers
          ? { driversPeriod: { start: driversStart, end } }
          : {}),
        ...(drill.error ? { driversError: drill.error } : {}),
        period: { start: windowStart, end },
        fetchedPeriod: item.fetchedPeriod,
        backfilled: item.backfilled,
        query: item.query.kind,
      };
      results.push({
        entityRef: item.target.entityRef,
        checkId: this.id,
        subject: '',
        status: e.status,
        value: e.overDailyToday ? e.todaySoFar : e.lastCompleteDayCost,
        threshold: item.dailyThreshold,
        unit: 'USD',
        headline: costHeadline(e, limits, item.unit),
        message: costMessage(e, limits, {
          unit: item.unit,
          topDriver: drill.drivers?.[0],
          ...(driversStart !== firstOfMonth
            ? { driversSince: driversStart }
            : {}),
        }),
        details,
        measuredAt: context.now,
        runbookSection: 'cost-overrun-alert',
      });
    }

    const durationMs = Date.now() - startedAt;
    context.logger.info(
      `Cost check of ${applicable.length} entities: ${calls.GetCostAndUsage} GetCostAndUsage calls, ${failures.length} failures, ${durationMs} ms`,
      {
        entities: applicable.length,
        calls: calls.GetCostAndUsage,
        failures: failures.length,
        durationMs,
      },
    );
    return {
      results,
      failures,
      dailyCosts: { [Symbol.iterator]: fetchedDays },
      calls,
    };

    function* fetchedDays(): Generator<DailyCost> {
      for (const { entityRef, series: s } of fetchedSeries) {
        for (let d = 0; d < windowDays.length; d++) {
          if (s.state[d] !== FETCHED) continue;
          yield {
            entityRef,
            day: windowDays[d],
            amount: s.amounts[d],
            unit: s.units[d] ?? s.unit ?? 'USD',
            estimated: s.estimated[d] === 1,
          };
        }
      }
    }
  }
}

/**
 * Groups the targets into queries: one grouped query per (account, tag key)
 * for the single-tag entities, then one filtered query per (account, tag
 * set) for the entities with several tags.
 */
function planQueries(targets: CheckTarget[]): CostQuery[] {
  const grouped = new Map<string, CostQuery>();
  const filtered = new Map<string, CostQuery>();
  for (const target of targets) {
    const tags = target.config.costTags!;
    const accountId = target.config.accountId;
    if (tags.length === 1) {
      const [tag] = tags;
      const key = JSON.stringify([accountId ?? '', tag.key]);
      let query = grouped.get(key);
      if (!query) {
        query = { kind: 'grouped', accountId, tagKey: tag.key, members: [] };
        grouped.set(key, query);
      }
      query.members.push({
        target,
        tags,
        groupKey: `${tag.key}$${tag.value}`,
      });
    } else {
      const key = tagSetKey(accountId, tags);
      let query = filtered.get(key);
      if (!query) {
        query = { kind: 'filtered', accountId, tags, members: [] };
        filtered.set(key, query);
      }
      query.members.push({ target, tags });
    }
  }
  return [...grouped.values(), ...filtered.values()];
}
