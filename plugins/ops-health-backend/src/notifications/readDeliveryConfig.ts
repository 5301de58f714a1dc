import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { NotificationDispatcherConfig } from './outbox';

/**
 * Reads `opsHealth.notifications.delivery` (retries and backoff). Throws
 * naming the key on invalid values.
 *
 * @internal
 */
export function readDeliveryConfig(
  root: Config,
): Partial<NotificationDispatcherConfig> {
  const key = 'opsHealth.notifications.delivery';
  const config = root.getOptionalConfig(key);
  if (!config) return {};
  const result: Partial<NotificationDispatcherConfig> = {};
  const fail = (field: string, message: string): never => {
    throw new Error(`Invalid config at '${key}.${field}': ${message}`);
  };
  const duration = (field: string) => {
    if (!config.has(field)) return undefined;
    let ms: number;
    try {
      ms = durationToMilliseconds(
        readDurationFromConfig(config, { key: field }),
      );
    } catch (error) {
      return fail(field, (error as Error).message);
    }
    if (!(ms > 0))
      fail(field, 'expected a positive duration such as 30s or 1h');
    return ms;
  };
  if (config.has('maxAttempts')) {
    const n = config.getOptionalNumber('maxAttempts');
    if (n === undefined || !Number.isInteger(n) || n < 1) {
      fail('maxAttempts', 'expected a whole number >= 1');
    }
    result.maxAttempts = n;
  }
  const initial = duration('initialBackoff');
  const max = duration('maxBackoff');
  if (initial !== undefined) result.initialBackoffMs = initial;
  if (max !== undefined) result.maxBackoffMs = max;
  if (
    (result.initialBackoffMs ?? 30_000) > (result.maxBackoffMs ?? 3_600_000)
  ) {
    fail('maxBackoff', 'must not be below initialBackoff');
  }
  return result;
}
