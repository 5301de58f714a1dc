import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  configErrors,
  readScheduleConfig,
} from '@ops-health/backstage-plugin-ops-health-node';
import { CronTime } from 'cron';
import { RecordRetentionPolicy } from '../database/recordRetention';

/**
 * The plugin's own part of `opsHealth` (the checks' sections belong to the
 * modules that add them), read, validated and with every default filled in.
 *
 * @internal
 */
export interface OpsHealthConfig {
  catchUp: {
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
  retention: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    costDays: number;
    metricSampleDays: number;
    records: RecordRetentionPolicy;
  };
  actions: {
    /** Service principals (subjects) allowed the manual AWS actions and channel tests. */
    allowedServices: string[];
  };
  access: {
    /** How long the health reads keep what the catalog answered a caller. */
    cacheTtlMs: number;
    /** How long the index of annotated entities serves summaries; 0: none. */
    indexTtlMs: number;
  };
}

const DEFAULT_ACCESS_CACHE_TTL_MS = 10_000;
const MAX_ACCESS_CACHE_TTL_MS = 5 * 60_000;
const DEFAULT_ACCESS_INDEX_TTL_MS = 60_000;
const MAX_ACCESS_INDEX_TTL_MS = 60 * 60_000;

const { fail, wrap } = configErrors('opsHealth');

const MAX_RETENTION_DAYS = 36_500;

function days(config: Config, key: string, defaultValue: number): number {
  const value = wrap(key, () => config.getOptionalNumber(key));
  if (value === undefined) return defaultValue;
  // Past 100 years a cut-off is no longer a date (1e12 days: a RangeError
  // on every retention run).
  if (!Number.isInteger(value) || value < 1 || value > MAX_RETENTION_DAYS) {
    return fail(
      key,
      `expected a whole number of days from 1 to ${MAX_RETENTION_DAYS}, got ${value}`,
    );
  }
  return value;
}

/**
 * When the next pass of a task on `schedule` is due, seen at `now`, given
 * when its last pass started (`lastAt`, ms): for a frequency, one interval
 * after the last pass (or from now, when that has gone by); for a cron
 * expression, its next time as the scheduler reads it; for a manual
 * trigger, undefined: it runs only when someone triggers it.
 *
 * @internal
 */
export function nextPassOf(
  schedule: SchedulerServiceTaskScheduleDefinition,
  lastAt: number | undefined,
  now: number,
): number | undefined {
  const { frequency } = schedule;
  if ('trigger' in frequency) return undefined;
  if ('cron' in frequency) {
    return new CronTime(frequency.cron)
      .getNextDateFrom(new Date(now))
      .toMillis();
  }
  // Config schedules are read as HumanDuration objects, ISO strings too.
  const interval = durationToMilliseconds(frequency as HumanDuration);
  const next = lastAt !== undefined ? lastAt + interval : 0;
  return next > now ? next : now + interval;
}

/**
 * Reads the plugin's part of `opsHealth`. Throws, naming the key, on the
 * first invalid value: the backend refuses to start.
 *
 * @internal
 */
export function readOpsHealthConfig(root: Config): OpsHealthConfig {
  const c = root.getOptionalConfig('opsHealth') ?? new ConfigReader({});
  const catchUpSchedule = readScheduleConfig(
    c,
    'catchUp.schedule',
    {
      frequency: { minutes: 2 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
    },
    wrap,
  );
  const allowedServices =
    wrap('actions.allowedServices', () =>
      c.getOptionalStringArray('actions.allowedServices'),
    ) ?? [];
  // A duration under `key` from 0 to `maxMs`, `defaultMs` when unset.
  const ttl = (
    key: string,
    defaultMs: number,
    maxMs: number,
    range: string,
  ) => {
    if (!c.has(key)) return defaultMs;
    const ms = wrap(key, () =>
      durationToMilliseconds(readDurationFromConfig(c, { key })),
    );
    if (!(ms >= 0 && ms <= maxMs)) fail(key, `expected a duration ${range}`);
    return ms;
  };
  const cacheTtlMs = ttl(
    'access.cacheTtl',
    DEFAULT_ACCESS_CACHE_TTL_MS,
    MAX_ACCESS_CACHE_TTL_MS,
    'from 0 (ask the catalog on every read) to 5 minutes',
  );
  const indexTtlMs = ttl(
    'access.indexTtl',
    DEFAULT_ACCESS_INDEX_TTL_MS,
    MAX_ACCESS_INDEX_TTL_MS,
    'from 0 (read each entity from the catalog) to 1 hour',
  );
  return {
    actions: { allowedServices },
    access: { cacheTtlMs, indexTtlMs },
    catchUp: {
      schedule: catchUpSchedule,
    },
    retention: {
      schedule: readScheduleConfig(
        c,
        'retention.schedule',
        {
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
        },
        wrap,
      ),
      costDays: days(c, 'retention.costDays', 400),
      metricSampleDays: days(c, 'retention.metricSampleDays', 14),
      records: {
        resolvedAlertDays: days(c, 'retention.resolvedAlertDays', 90),
        silenceDays: days(c, 'retention.silenceDays', 90),
        canaryRunDays: days(c, 'retention.canaryRunDays', 90),
        closedIncidentDays: days(c, 'retention.closedIncidentDays', 730),
      },
    },
  };
}
