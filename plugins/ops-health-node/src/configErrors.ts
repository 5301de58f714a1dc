import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';

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
 * A task schedule from config, where `timeout` and `initialDelay` may be left
 * out (the defaults'); `frequency` is required. Errors name `<prefix>.<key>`.
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
  return wrap(fullKey, () =>
    readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({
        timeout: defaults.timeout as JsonObject,
        initialDelay: defaults.initialDelay as JsonObject,
        ...config.getConfig(key).get<JsonObject>(),
      }),
    ),
  );
}
