import {
  configErrors,
  readScheduleConfig,
  readUserOrGroupRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

/** Cost metrics Cost Explorer can report. @public */
export const COST_METRICS = [
  'UnblendedCost',
  'AmortizedCost',
  'NetUnblendedCost',
] as const;

/** The catalog's own rules for names and namespaces. */
const NAMES = makeValidator();

/**
 * The most days of daily cost asked from Cost Explorer, which serves the
 * last 13 months at daily granularity.
 *
 * @public
 */
export const MAX_COST_HISTORY_DAYS = 390;

/** @public */
export type CostMetric = (typeof COST_METRICS)[number];

/**
 * The config of the AWS checks (`opsHealth.aws`, `.cost`, `.replication`
 * and `.backup`), read, validated and with every default filled in. See
 * config.d.ts for what each field means.
 *
 * @public
 */
export interface AwsChecksConfig {
  aws: { region: string; maxAttempts: number };
  cost: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    metric: CostMetric;
    dailyThreshold: number;
    monthlyThreshold: number;
    spikeFactor: number;
    baselineDays: number;
    refetchDays: number;
    historyDays: number;
  };
  replication: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    latencyWarningSeconds: number;
    latencyCriticalSeconds: number;
    failedOperationsThreshold: number;
    pendingOperationsThreshold: number;
    metricsWindowMs: number;
    canary: { timeoutMs: number; pollIntervalMs: number; keyPrefix: string };
  };
  backup: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    defaultMaxAgeMs: number;
    logsWindowMs: number;
    logsFilterPattern: string;
    /** Shortest time between two manual triggers of one backup function. */
    triggerIntervalMs: number;
  };
  posture: PostureConfig;
  trust: TrustConfig;
}

/**
 * The compliance and access posture check of AWS account entities
 * (`opsHealth.posture`).
 *
 * @public
 */
export type PostureConfig = {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Oldest an active IAM access key may be, and longest it may go unused. */
  maxAccessKeyAgeMs: number;
  /**
   * Which catalog entity shows the posture of which account. The entity's
   * `ops-health/aws-account-id` must agree; an account entity not listed
   * here is not checked (the annotation alone proves nothing).
   */
  accounts: Array<{ accountId: string; entityRef: string }>;
};

/**
 * What proves that an AWS resource belongs to an entity (`opsHealth.trust`).
 *
 * @public
 */
export type TrustConfig = {
  /** The tag on buckets and functions that names the entities they belong to. */
  resourceTagKey: string;
  /** Whether buckets and functions must carry it (else they are misconfigured). */
  requireResourceTag: boolean;
  /**
   * Who may use each account other than the main one (and the main one, when
   * listed as `main`); undefined: only the main account, open to every
   * entity.
   */
  accounts?: Array<TrustedEntities & { accountId: string }>;
  /**
   * Who may measure the cost of each cost allocation tag (`key=value`): an
   * entity whose `ops-health/cost-tags` name a listed tag must be among its
   * entities. Undefined: none listed.
   */
  costTags?: Array<TrustedEntities & { key: string; value: string }>;
  /**
   * Whether an entity's cost tags must name a tag listed in `costTags` (else
   * its cost check is misconfigured). Default: false.
   */
  requireCostTagMapping?: boolean;
};

/**
 * The entities a trust entry lets use something: by owner, namespace or
 * catalog location.
 *
 * @public
 */
export type TrustedEntities = {
  /** Full refs of the owners whose entities it admits. */
  owners: string[];
  /** Namespaces whose entities it admits. */
  namespaces: string[];
  /**
   * Catalog locations whose entities it admits: an entity's
   * `backstage.io/managed-by-location` (set by the catalog, not by the
   * author) equal to one, or under one that ends with `/`.
   */
  locations: string[];
};

const errors = configErrors('opsHealth');
// Declared functions: TypeScript narrows after a call that returns never.
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}
const wrap = errors.wrap;

function num(
  config: Config,
  key: string,
  defaultValue: number,
  rule: {
    min?: number;
    max?: number;
    integer?: boolean;
    exclusiveMin?: boolean;
  } = {},
): number {
  const value = wrap(key, () => config.getOptionalNumber(key));
  if (value === undefined) return defaultValue;
  if (!Number.isFinite(value)) fail(key, `expected a number, got ${value}`);
  if (rule.integer && !Number.isInteger(value)) {
    fail(key, `expected a whole number, got ${value}`);
  }
  if (rule.min !== undefined) {
    if (rule.exclusiveMin ? value <= rule.min : value < rule.min) {
      fail(
        key,
        `expected a number ${rule.exclusiveMin ? '>' : '>='} ${
          rule.min
        }, got ${value}`,
      );
    }
  }
  if (rule.max !== undefined && value > rule.max) {
    fail(key, `expected a number <= ${rule.max}, got ${value}`);
  }
  return value;
}

function duration(
  config: Config,
  key: string,
  defaultValue: HumanDuration,
): number {
  if (!config.has(key)) return durationToMilliseconds(defaultValue);
  const ms = wrap(key, () =>
    durationToMilliseconds(readDurationFromConfig(config, { key })),
  );
  if (!(ms > 0))
    fail(key, 'expected a positive duration such as 5m, 1h or { minutes: 5 }');
  return ms;
}

function atLeastAMinute(ms: number, key: string): number {
  if (ms < 60_000) {
    fail(key, 'expected at least a minute, e.g. 15m or { minutes: 15 }');
  }
  return ms;
}

function schedule(
  config: Config,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return readScheduleConfig(config, key, defaults, wrap);
}

/** `<key>.accountId`: a 12-digit account id, or `main`. */
function readAccountId(entry: Config, key: string): string {
  const accountId = wrap(`${key}.accountId`, () =>
    entry.getString('accountId'),
  );
  if (accountId !== 'main' && !/^\d{12}$/.test(accountId)) {
    fail(
      `${key}.accountId`,
      `expected a 12-digit AWS account id or main, got '${accountId}'`,
    );
  }
  return accountId;
}

function readPosture(c: Config): PostureConfig {
  const entries =
    wrap('posture.accounts', () =>
      c.getOptionalConfigArray('posture.accounts'),
    ) ?? [];
  const accounts = entries.map((entry, index) => {
    const key = `posture.accounts[${index}]`;
    const accountId = readAccountId(entry, key);
    const entity = wrap(`${key}.entity`, () => entry.getString('entity'));
    let entityRef: string;
    try {
      entityRef = stringifyEntityRef(
        parseEntityRef(entity, { defaultKind: 'resource' }),
      );
    } catch (error) {
      return fail(`${key}.entity`, (error as Error).message);
    }
    return { accountId, entityRef };
  });
  firstDuplicate(
    accounts.map(a => a.accountId),
    (i, first) =>
      fail(
        `posture.accounts[${i}].accountId`,
        `account ${accounts[i].accountId} is already at posture.accounts[${first}]: list each account once`,
      ),
  );
  return {
    schedule: schedule(c, 'posture.schedule', {
      frequency: { hours: 6 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 20 },
    }),
    maxAccessKeyAgeMs: duration(c, 'posture.maxAccessKeyAge', { days: 90 }),
    accounts,
  };
}

function readTrust(c: Config): TrustConfig {
  const resourceTagKey =
    wrap('trust.resourceTagKey', () =>
      c.getOptionalString('trust.resourceTagKey'),
    ) ?? 'ops-health:entity';
  if (!/^[\w.:/=+@ -]{1,128}$/.test(resourceTagKey)) {
    fail(
      'trust.resourceTagKey',
      `expected an AWS tag key (at most 128 letters, digits, spaces and _.:/=+-@), got '${resourceTagKey}'`,
    );
  }
  const requireResourceTag =
    wrap('trust.requireResourceTag', () =>
      c.getOptionalBoolean('trust.requireResourceTag'),
    ) ?? true;
  const entries = wrap('trust.accounts', () =>
    c.getOptionalConfigArray('trust.accounts'),
  );
  const accounts = entries?.map((entry, index) => {
    const key = `trust.accounts[${index}]`;
    const accountId = readAccountId(entry, key);
    return {
      accountId,
      ...readTrustedEntities(entry, key, 'use it'),
    };
  });
  firstDuplicate(accounts?.map(a => a.accountId) ?? [], (i, first) =>
    fail(
      `trust.accounts[${i}].accountId`,
      `account ${
        accounts![i].accountId
      } is already at trust.accounts[${first}]: list each account once, with all its owners and namespaces (only the first entry would count)`,
    ),
  );
  const costTags = wrap('trust.costTags', () =>
    c.getOptionalConfigArray('trust.costTags'),
  )?.map((entry, index) => {
    const key = `trust.costTags[${index}]`;
    const tag = wrap(`${key}.tag`, () => entry.getString('tag'));
    const eq = tag.indexOf('=');
    const tagKey = tag.slice(0, Math.max(0, eq)).trim();
    if (eq <= 0 || !tagKey || tag.includes(',')) {
      fail(
        `${key}.tag`,
        `expected one cost allocation tag as key=value, such as team=payments, got '${tag}'`,
      );
    }
    return {
      key: tagKey,
      value: tag.slice(eq + 1).trim(),
      ...readTrustedEntities(entry, key, 'measure its cost'),
    };
  });
  firstDuplicate(costTags?.map(t => `${t.key}=${t.value}`) ?? [], (i, first) =>
    fail(
      `trust.costTags[${i}].tag`,
      `${costTags![i].key}=${
        costTags![i].value
      } is already at trust.costTags[${first}]: list each tag once, with all its owners, namespaces and locations (only the first entry would count)`,
    ),
  );
  const requireCostTagMapping =
    wrap('trust.requireCostTagMapping', () =>
      c.getOptionalBoolean('trust.requireCostTagMapping'),
    ) ?? false;
  if (requireCostTagMapping && !costTags?.length) {
    fail(
      'trust.requireCostTagMapping',
      'list the tags in opsHealth.trust.costTags, with the owners, namespaces or locations whose entities may measure each: with none listed, no entity could measure its cost',
    );
  }
  return {
    resourceTagKey,
    requireResourceTag,
    ...(accounts ? { accounts } : {}),
    ...(costTags ? { costTags } : {}),
    requireCostTagMapping,
  };
}

/** The owners, namespaces and locations of a trust entry at `key`. */
function readTrustedEntities(
  entry: Config,
  key: string,
  what: string,
): TrustedEntities {
  const owners = (
    wrap(`${key}.owners`, () => entry.getOptionalStringArray('owners')) ?? []
  ).map((owner, j) =>
    wrap(`${key}.owners[${j}]`, () =>
      readUserOrGroupRef(owner, { defaultKind: 'group' }),
    ),
  );
  // As the catalog writes them: lower case (refs compare without case).
  const namespaces = (
    wrap(`${key}.namespaces`, () =>
      entry.getOptionalStringArray('namespaces'),
    ) ?? []
  ).map((namespace, j) => {
    const value = namespace.trim().toLocaleLowerCase('en-US');
    if (!NAMES.isValidNamespace(value)) {
      fail(
        `${key}.namespaces[${j}]`,
        `expected a catalog namespace such as payments, got '${namespace}'`,
      );
    }
    return value;
  });
  const locations = (
    wrap(`${key}.locations`, () => entry.getOptionalStringArray('locations')) ??
    []
  ).map((location, j) => {
    const value = location.trim();
    if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) {
      fail(
        `${key}.locations[${j}]`,
        `expected a catalog location as in backstage.io/managed-by-location, such as url:https://github.com/acme/payments/blob/main/, got '${location}'`,
      );
    }
    return value;
  });
  if (owners.length === 0 && namespaces.length === 0 && !locations.length) {
    fail(
      key,
      `name the locations, owners or namespaces whose entities may ${what}`,
    );
  }
  return { owners, namespaces, locations };
}

/**
 * Reads the AWS checks' part of `opsHealth`. Throws, naming the key, on the first invalid
 * value: the backend refuses to start rather than run on a half-read config.
 *
 * @public
 */
export function readAwsChecksConfig(root: Config): AwsChecksConfig {
  const c = root.getOptionalConfig('opsHealth') ?? new ConfigReader({});

  const metric =
    wrap('cost.metric', () => c.getOptionalString('cost.metric')) ??
    'UnblendedCost';
  if (!(COST_METRICS as readonly string[]).includes(metric)) {
    fail(
      'cost.metric',
      `expected one of ${COST_METRICS.join(', ')}, got '${metric}'`,
    );
  }

  const baselineDays = num(c, 'cost.baselineDays', 14, {
    min: 1,
    integer: true,
  });
  const historyDays = num(c, 'cost.historyDays', 90, {
    min: 1,
    integer: true,
  });
  if (historyDays > MAX_COST_HISTORY_DAYS) {
    fail(
      'cost.historyDays',
      `expected at most ${MAX_COST_HISTORY_DAYS} days (Cost Explorer serves daily cost for the last 13 months), got ${historyDays}`,
    );
  }
  // A run reads the baseline's days and the day before them.
  if (baselineDays + 1 > MAX_COST_HISTORY_DAYS) {
    fail(
      'cost.baselineDays',
      `expected at most ${
        MAX_COST_HISTORY_DAYS - 1
      } days (Cost Explorer serves daily cost for the last 13 months), got ${baselineDays}`,
    );
  }
  // The plugin keeps daily costs this long: history it deleted would be
  // asked for again on every run.
  const costDays = num(c, 'retention.costDays', 400, {
    min: 1,
    integer: true,
  });
  // A run reads back to the earliest of its history, the day before its
  // baseline and the 1st of the month (up to 30 days ago).
  const needed = Math.max(historyDays, baselineDays + 1, 31);
  if (costDays < needed) {
    fail(
      'retention.costDays',
      `must be at least ${needed} (the most of cost.historyDays ${historyDays}, cost.baselineDays + 1 = ${
        baselineDays + 1
      }, and the 31 days of a month), got ${costDays}: the days a cost run reads would be deleted and fetched again on every run`,
    );
  }

  const dailyThreshold = num(c, 'cost.dailyThreshold', 100, {
    min: 0,
    exclusiveMin: true,
  });
  const monthlyThreshold = num(c, 'cost.monthlyThreshold', 2500, {
    min: 0,
    exclusiveMin: true,
  });
  if (dailyThreshold > monthlyThreshold) {
    // Named by the key that was set (the other may be its default).
    if (c.has('cost.dailyThreshold')) {
      fail(
        'cost.dailyThreshold',
        `must not be above cost.monthlyThreshold (${monthlyThreshold}${
          c.has('cost.monthlyThreshold') ? '' : ', its default'
        }): a day over it would already be over the month's threshold. Are the two swapped?`,
      );
    }
    fail(
      'cost.monthlyThreshold',
      `must not be below cost.dailyThreshold (${dailyThreshold}, its default): a single day over that would already be over this. Set cost.dailyThreshold too.`,
    );
  }

  const latencyWarningSeconds = num(
    c,
    'replication.latencyWarningSeconds',
    900,
    { min: 0, exclusiveMin: true },
  );
  const latencyCriticalSeconds = num(
    c,
    'replication.latencyCriticalSeconds',
    3600,
    { min: 0, exclusiveMin: true },
  );
  if (latencyCriticalSeconds < latencyWarningSeconds) {
    fail(
      'replication.latencyCriticalSeconds',
      `must not be below replication.latencyWarningSeconds (${latencyWarningSeconds})`,
    );
  }

  const keyPrefix =
    wrap('replication.canary.keyPrefix', () =>
      c.getOptionalString('replication.canary.keyPrefix'),
    ) ?? 'ops-health-canary/';
  if (!keyPrefix || keyPrefix.startsWith('/')) {
    fail(
      'replication.canary.keyPrefix',
      `expected a key prefix such as ops-health-canary/, got '${keyPrefix}'`,
    );
  }

  const region =
    wrap('aws.region', () => c.getOptionalString('aws.region')) ??
    process.env.AWS_REGION ??
    'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    fail(
      'aws.region',
      `expected an AWS region such as us-east-1, got '${region}'`,
    );
  }

  return {
    trust: readTrust(c),
    posture: readPosture(c),
    aws: {
      region,
      // Each attempt waits longer (adaptive retries): beyond 10, a throttled
      // call would hold its check's run for minutes.
      maxAttempts: num(c, 'aws.maxAttempts', 5, {
        min: 1,
        max: 10,
        integer: true,
      }),
    },
    cost: {
      schedule: schedule(c, 'cost.schedule', {
        frequency: { hours: 6 },
        timeout: { minutes: 15 },
        initialDelay: { seconds: 10 },
      }),
      metric: metric as CostMetric,
      dailyThreshold,
      monthlyThreshold,
      spikeFactor: num(c, 'cost.spikeFactor', 2, {
        min: 1,
        exclusiveMin: true,
      }),
      baselineDays,
      refetchDays: num(c, 'cost.refetchDays', 3, { min: 1, integer: true }),
      historyDays,
    },
    replication: {
      schedule: schedule(c, 'replication.schedule', {
        frequency: { minutes: 5 },
        timeout: { minutes: 4 },
        initialDelay: { seconds: 5 },
      }),
      latencyWarningSeconds,
      latencyCriticalSeconds,
      failedOperationsThreshold: num(
        c,
        'replication.failedOperationsThreshold',
        0,
        { min: 0 },
      ),
      pendingOperationsThreshold: num(
        c,
        'replication.pendingOperationsThreshold',
        1000,
        { min: 0 },
      ),
      metricsWindowMs: duration(c, 'replication.metricsWindow', { hours: 1 }),
      canary: {
        timeoutMs: duration(c, 'replication.canary.timeout', { minutes: 5 }),
        pollIntervalMs: duration(c, 'replication.canary.pollInterval', {
          seconds: 5,
        }),
        keyPrefix,
      },
    },
    backup: {
      schedule: schedule(c, 'backup.schedule', {
        frequency: { minutes: 15 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 5 },
      }),
      defaultMaxAgeMs: duration(c, 'backup.defaultMaxAge', { hours: 26 }),
      logsWindowMs: duration(c, 'backup.logsWindow', { hours: 24 }),
      logsFilterPattern:
        wrap('backup.logsFilterPattern', () =>
          c.getOptionalString('backup.logsFilterPattern'),
        ) ?? 'ERROR',
      triggerIntervalMs: atLeastAMinute(
        duration(c, 'backup.triggerInterval', { minutes: 15 }),
        'backup.triggerInterval',
      ),
    },
  };
}

/** Calls `found` with the index of the first value seen before, if any. */
function firstDuplicate(
  values: string[],
  found: (index: number, first: number) => void,
) {
  const seen = new Map<string, number>();
  values.forEach((value, index) => {
    const first = seen.get(value);
    if (first !== undefined) found(index, first);
    seen.set(value, index);
  });
}
