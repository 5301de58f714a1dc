import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

/** Hysteresis of one check: consecutive evaluations to fire and to resolve. @internal */
export interface AlertRule {
  firingAfter: number;
  resolvingAfter: number;
}

/**
 * `opsHealth.alerting`, read and validated, with every default filled in.
 *
 * @internal
 */
export interface AlertingConfig {
  /** Defaults for checks without an override. */
  firingAfter: number;
  resolvingAfter: number;
  /** Per-check overrides, by check id, with the defaults filled in. */
  checks: Record<string, AlertRule>;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeat: { initialMs: number; multiplier: number; maxMs: number };
}

/** @internal */
export const DEFAULT_ALERTING_CONFIG: AlertingConfig = {
  firingAfter: 2,
  resolvingAfter: 2,
  checks: {},
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeat: { initialMs: 3_600_000, multiplier: 2, maxMs: 24 * 3_600_000 },
};

const errors = configErrors('opsHealth.alerting');
// Declared functions: TypeScript narrows after a call that returns never.
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}
const wrap = errors.wrap;

/** Consecutive evaluations at most: beyond, an alert would in effect never fire (or resolve). */
const MAX_COUNT = 100;

function count(config: Config, key: string, defaultValue: number): number {
  const value = wrap(key, () => config.getOptionalNumber(key));
  if (value === undefined) return defaultValue;
  if (!Number.isInteger(value) || value < 1 || value > MAX_COUNT) {
    fail(
      key,
      `expected a whole number of consecutive evaluations from 1 to ${MAX_COUNT}, got ${value} (100 evaluations of the cost check, every 6 hours by default, are 25 days)`,
    );
  }
  return value;
}

function duration(
  config: Config,
  key: string,
  defaultMs: number,
  rule: { allowZero?: boolean } = {},
): number {
  if (!config.has(key)) return defaultMs;
  const ms = wrap(key, () =>
    durationToMilliseconds(readDurationFromConfig(config, { key })),
  );
  if (!Number.isFinite(ms) || ms < 0 || (!rule.allowZero && ms === 0)) {
    fail(
      key,
      `expected a ${
        rule.allowZero ? 'non-negative' : 'positive'
      } duration such as 30s, 5m or { minutes: 5 }`,
    );
  }
  return ms;
}

/**
 * Reads `opsHealth.alerting` from the root config. Throws naming the key on
 * the first invalid value.
 *
 * @internal
 */
export function readAlertingConfig(
  root: Config,
  /**
   * The checks' own firingAfter (OpsHealthCheckProvider.firingAfter), in
   * force where `alerting.checks.<id>.firingAfter` is not set.
   */
  checkDefaults: Record<string, { firingAfter?: number }> = {},
): AlertingConfig {
  const c =
    wrap('', () => root.getOptionalConfig('opsHealth.alerting')) ??
    new ConfigReader({});
  const d = DEFAULT_ALERTING_CONFIG;

  const firingAfter = count(c, 'firingAfter', d.firingAfter);
  const resolvingAfter = count(c, 'resolvingAfter', d.resolvingAfter);

  const checks: Record<string, AlertRule> = {};
  for (const [checkId, defaults] of Object.entries(checkDefaults)) {
    const own = defaults.firingAfter;
    if (own === undefined) continue;
    if (!Number.isInteger(own) || own < 1 || own > 100) {
      throw new Error(
        `The ${checkId} check declares firingAfter ${own}; a check's firingAfter is a whole number from 1 to 100`,
      );
    }
    checks[checkId] = { firingAfter: own, resolvingAfter };
  }
  const checksConfig = wrap('checks', () => c.getOptionalConfig('checks'));
  for (const checkId of checksConfig?.keys() ?? []) {
    const key = `checks.${checkId}`;
    wrap(key, () => c.getConfig(key));
    checks[checkId] = {
      firingAfter: count(
        c,
        `${key}.firingAfter`,
        checkDefaults[checkId]?.firingAfter ?? firingAfter,
      ),
      resolvingAfter: count(c, `${key}.resolvingAfter`, resolvingAfter),
    };
  }

  const initialMs = duration(c, 'repeat.initial', d.repeat.initialMs);
  const maxMs = duration(c, 'repeat.max', d.repeat.maxMs);
  if (maxMs < initialMs) {
    fail('repeat.max', `must not be below repeat.initial (${initialMs} ms)`);
  }
  const multiplier =
    wrap('repeat.multiplier', () => c.getOptionalNumber('repeat.multiplier')) ??
    d.repeat.multiplier;
  if (!Number.isFinite(multiplier) || multiplier < 1) {
    fail('repeat.multiplier', `expected a number >= 1, got ${multiplier}`);
  }

  return {
    firingAfter,
    resolvingAfter,
    checks,
    groupWaitMs: duration(c, 'groupWait', d.groupWaitMs, { allowZero: true }),
    groupIntervalMs: duration(c, 'groupInterval', d.groupIntervalMs, {
      allowZero: true,
    }),
    repeat: { initialMs, multiplier, maxMs },
  };
}

/** The hysteresis of a check: its override, else the defaults. @internal */
export function alertRuleFor(
  config: AlertingConfig,
  checkId: string,
): AlertRule {
  return (
    config.checks[checkId] ?? {
      firingAfter: config.firingAfter,
      resolvingAfter: config.resolvingAfter,
    }
  );
}

/**
 * The wait before the next repeat of an alert notified `notifyCount` times:
 * initial × multiplier^(notifyCount - 1), capped at max.
 *
 * @internal
 */
export function repeatWaitMs(
  repeat: AlertingConfig['repeat'],
  notifyCount: number,
): number {
  const exponent = Math.max(0, notifyCount - 1);
  const wait = repeat.initialMs * Math.pow(repeat.multiplier, exponent);
  return Number.isFinite(wait) ? Math.min(wait, repeat.maxMs) : repeat.maxMs;
}

/** The root config (read for `opsHealth.alerting`), or that section already read. @internal */
export function toAlertingConfig(
  config: Config | AlertingConfig,
): AlertingConfig {
  return 'getOptionalConfig' in config ? readAlertingConfig(config) : config;
}
