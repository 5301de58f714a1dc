import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';
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
  const { fail, wrap } = configErrors('opsHealth.notifications.delivery');
  const config = wrap('', () =>
    root.getOptionalConfig('opsHealth.notifications.delivery'),
  );
  if (!config) return {};
  const result: Partial<NotificationDispatcherConfig> = {};
  const duration = (field: string) => {
    if (!config.has(field)) return undefined;
    const ms = wrap(field, () =>
      durationToMilliseconds(readDurationFromConfig(config, { key: field })),
    );
    if (!(ms > 0))
      fail(field, 'expected a positive duration such as 30s or 1h');
    return ms;
  };
  if (config.has('maxAttempts')) {
    const n = wrap('maxAttempts', () => config.getNumber('maxAttempts'));
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      fail('maxAttempts', `expected a whole number from 1 to 50, got ${n}`);
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
