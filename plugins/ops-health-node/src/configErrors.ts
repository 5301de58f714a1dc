import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config, ConfigReader } from '@backstage/config';
import {
  durationToMilliseconds,
  HumanDuration,
  JsonObject,
} from '@backstage/types';
import { CronTime } from 'cron';

const INVALID = 'Invalid config at ';

/**
 * The error helpers of one config section: `fail` throws an error naming
 * `<prefix>.<key>`; `wrap` runs a read and turns whatever it throws into such
 * an error (an error that already names a key is kept).
 *
 * @public
 */
export function configErrors(prefix: string) {
  function fail(key: string, message: string): never {
    throw new Error(
      `${INVALID}'${key ? `${prefix}.${key}` : prefix}': ${message}`,
    );
  }
  function wrap<T>(key: string, read: () => T): T {
    try {
      return read();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith(INVALID)) throw error;
      return fail(key, message);
    }
  }
  return { fail, wrap };
}

/**
 * A user or group entity ref from config, in full as the catalog writes it
 * (`group:default/payments`). A bare name takes `defaultKind`; without
 * one it is refused, as it could name either. Throws an error that says
 * what is wrong, `hint` appended, for `wrap` to name the key: an entity's
 * owner or a notification's recipient is a user or a group, and a ref of
 * another kind would never match one, silently.
 *
 * @public
 */
export function readUserOrGroupRef(
  value: string,
  options?: { defaultKind?: 'user' | 'group'; hint?: string },
): string {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: options?.defaultKind,
      defaultNamespace: 'default',
    });
  } catch {
    ref = undefined;
  }
  const kind = ref?.kind.toLocaleLowerCase('en-US');
  if (ref && (kind === 'user' || kind === 'group')) {
    return stringifyEntityRef({ ...ref, kind });
  }
  const examples =
    options?.defaultKind === 'user'
      ? 'user:default/alice or group:default/payments'
      : 'group:default/payments or user:default/alice';
  let why = '';
  if (ref) why = ` (a ${ref.kind})`;
  else if (
    !options?.defaultKind &&
    makeValidator().isValidEntityName(value.trim())
  ) {
    why = ` (a bare name could be either: write user:${value.trim()} or group:${value.trim()})`;
  }
  throw new Error(
    `expected a user or group entity ref such as ${examples}, got '${value}'${why}${
      options?.hint ? `; ${options.hint}` : ''
    }`,
  );
}

/**
 * A task schedule from config, where `timeout` and `initialDelay` may be left
 * out (the defaults'); `frequency` is required. Errors name `<prefix>.<key>`
 * and the field: a frequency or timeout of zero or less (a task run back to
 * back, or aborted as it starts), a negative initial delay, or a cron
 * expression the scheduler cannot read stop the backend at start.
 *
 * @public
 */
export function readScheduleConfig(
  config: Config,
  key: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
  wrap: <T>(key: string, read: () => T) => T,
  fullKey = key,
): SchedulerServiceTaskScheduleDefinition {
  if (!config.has(key)) return defaults;
  // The scheduler reads one kind of frequency and drops the others' keys
  // without a word: `{ cron, minutes }` would run on the cron alone.
  const raw = config.getOptional(`${key}.frequency`);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const keys = Object.keys(raw);
    const kind = ['cron', 'trigger'].find(k => keys.includes(k));
    const others = keys.filter(k => k !== kind);
    if (kind && others.length > 0) {
      wrap(`${fullKey}.frequency`, () => {
        throw new Error(
          `sets '${kind}' together with ${others
            .map(k => `'${k}'`)
            .join(
              ', ',
            )}, which the scheduler would ignore; a frequency is one of a cron expression ({ cron: '0 */6 * * *' }), a duration ({ hours: 6 }) or { trigger: manual }: keep one`,
        );
      });
    }
  }
  const schedule = wrap(fullKey, () =>
    readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({
        timeout: defaults.timeout as JsonObject,
        initialDelay: defaults.initialDelay as JsonObject,
        ...config.getConfig(key).get<JsonObject>(),
      }),
    ),
  );
  const { frequency, timeout, initialDelay } = schedule;
  if ('cron' in frequency) {
    wrap(`${fullKey}.frequency.cron`, () => {
      try {
        return new CronTime(frequency.cron);
      } catch (error) {
        throw new Error(
          `'${
            frequency.cron
          }' is not a cron expression the scheduler can read (${
            error instanceof Error ? error.message : String(error)
          }); use five fields, e.g. '0 */6 * * *' for every 6 hours`,
        );
      }
    });
  } else if (!('trigger' in frequency)) {
    requirePositive(frequency, `${fullKey}.frequency`, wrap);
  }
  requirePositive(timeout, `${fullKey}.timeout`, wrap);
  if (initialDelay && millisecondsOf(initialDelay) < 0) {
    wrap(`${fullKey}.initialDelay`, () => {
      throw new Error('must not be negative');
    });
  }
  return schedule;
}

/** A schedule duration (a luxon Duration or a HumanDuration) in ms. */
function millisecondsOf(duration: object): number {
  const luxon = duration as { toMillis?: () => number };
  if (typeof luxon.toMillis === 'function') return luxon.toMillis();
  return durationToMilliseconds(duration as HumanDuration);
}

function requirePositive(
  duration: object,
  key: string,
  wrap: <T>(key: string, read: () => T) => T,
) {
  const ms = millisecondsOf(duration);
  if (!(ms > 0)) {
    wrap(key, () => {
      throw new Error(
        `must be longer than zero (got ${JSON.stringify(
          duration,
        )}), e.g. { minutes: 30 }`,
      );
    });
  }
}
