import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { configErrors } from '@ops-health/backstage-plugin-ops-health-node';

/** `opsHealth.acknowledge`, read and validated. @internal */
export interface AcknowledgeConfig {
  ttlMs: number;
  secret?: string;
}

const DEFAULT_TTL_MS = 12 * 3_600_000;
const MAX_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Reads `opsHealth.acknowledge`; throws naming the key on a bad value.
 *
 * @internal
 */
export function readAcknowledgeConfig(root: Config): AcknowledgeConfig {
  const { wrap, fail } = configErrors('opsHealth');
  const c = wrap('acknowledge', () =>
    root.getOptionalConfig('opsHealth.acknowledge'),
  );
  if (!c) return { ttlMs: DEFAULT_TTL_MS };
  let ttlMs = DEFAULT_TTL_MS;
  if (c.has('ttl')) {
    ttlMs = wrap('acknowledge.ttl', () =>
      durationToMilliseconds(readDurationFromConfig(c, { key: 'ttl' })),
    );
    if (!(ttlMs >= 60_000 && ttlMs <= MAX_TTL_MS)) {
      fail('acknowledge.ttl', 'expected a duration from 1 minute to 7 days');
    }
  }
  const secret = wrap('acknowledge.secret', () =>
    c.getOptionalString('secret'),
  );
  if (secret !== undefined && secret.length < 32) {
    fail(
      'acknowledge.secret',
      'expected at least 32 characters (e.g. the output of openssl rand -base64 32)',
    );
  }
  return { ttlMs, ...(secret ? { secret } : {}) };
}
