import { channelAccepts, NotificationChannel } from '../notifications/types';
import {
  configErrors,
  readScheduleConfig,
  readUserOrGroupRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { readSchedulesConfig, SchedulesConfig } from '../schedules/config';
import { scheduleTarget } from '@ops-health/backstage-plugin-ops-health-common';

/**
 * One level of an escalation policy: who is notified, and when.
 *
 * @internal
 */
export interface EscalationLevel {
  /** What the level is (`On-call engineer`), when config names it. */
  name?: string;
  /**
   * Full, normalized refs of catalog users and groups, e.g.
   * `user:default/alice-oncall`, and on-call schedules as `schedule:<name>`
   * (whoever is on call when the level is reached).
   */
  targets: string[];
  /** Time after detection before this level is notified. */
  delayMs: number;
}

/** @internal */
export interface EscalationPolicy {
  name: string;
  /** At least one level, delays non-decreasing. */
  levels: EscalationLevel[];
  /**
   * Full refs of the owners whose entities may name the policy in the
   * `ops-health/escalation-policy` annotation; absent: any entity may.
   */
  owners?: string[];
}

/**
 * `opsHealth.escalation`, read and validated, with every default filled in.
 *
 * @internal
 */
export interface EscalationConfig {
  /** Policies by name, in config order. */
  policies: Map<string, EscalationPolicy>;
  /** Policy of entities without the annotation: the configured one, else the first, else none. */
  defaultPolicy?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/**
 * `opsHealth.incidents`, read and validated, with every default filled in.
 *
 * @internal
 */
export interface IncidentsConfig {
  /** Alerts of an entity within this time of its open incident attach to it. */
  attachWindowMs: number;
  /** Whether critical alerts open incidents by themselves. */
  autoOpen: boolean;
  /** Only these checks' critical alerts open incidents; every check's when unset. */
  autoOpenChecks?: string[];
}

/** @internal */
export const DEFAULT_ESCALATION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 1 },
    timeout: { seconds: 50 },
    initialDelay: { seconds: 30 },
  };

/** @internal */
export const DEFAULT_INCIDENTS_CONFIG: IncidentsConfig = {
  attachWindowMs: 3_600_000,
  autoOpen: true,
};

const errors = configErrors('opsHealth');
// Declared functions: TypeScript narrows after a call that returns never.
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}
const wrap = errors.wrap;

/** A duration in ms, or undefined when the key is not set. */
function optionalDuration(
  config: Config,
  key: string,
  fullKey: string,
): number | undefined {
  if (!config.has(key)) return undefined;
  const ms = wrap(fullKey, () =>
    durationToMilliseconds(readDurationFromConfig(config, { key })),
  );
  if (!Number.isFinite(ms) || ms < 0) {
    fail(
      fullKey,
      'expected a non-negative duration such as 0s, 15m or { minutes: 15 }',
    );
  }
  return ms;
}

function readTarget(
  value: string,
  key: string,
  schedules: SchedulesConfig,
): string {
  const schedule = /^schedule:(.*)$/i.exec(value.trim());
  if (schedule) {
    const name = schedule[1].trim();
    if (!schedules.has(name)) {
      fail(
        key,
        `no on-call schedule named '${name}'${
          schedules.size
            ? `; configured: ${[...schedules.keys()].join(', ')}`
            : '; configure it under opsHealth.schedules'
        }`,
      );
    }
    return scheduleTarget(name);
  }
  // No default kind: a bare name could be a user or a group, and guessing
  // wrong would page nobody.
  return wrap(key, () =>
    readUserOrGroupRef(value, {
      hint: 'or name an on-call schedule as schedule:<name>',
    }),
  );
}

function readPolicy(
  policy: Config,
  key: string,
  schedules: SchedulesConfig,
): EscalationPolicy {
  const name = wrap(`${key}.name`, () => policy.getString('name')).trim();
  if (!name) fail(`${key}.name`, 'must not be empty');

  const levelConfigs = wrap(`${key}.levels`, () =>
    policy.getConfigArray('levels'),
  );
  if (levelConfigs.length === 0) {
    fail(`${key}.levels`, `policy '${name}' needs at least one level`);
  }

  const levels: EscalationLevel[] = [];
  levelConfigs.forEach((level, i) => {
    const levelKey = `${key}.levels[${i}]`;
    const values = wrap(`${levelKey}.targets`, () =>
      level.getStringArray('targets'),
    );
    if (values.length === 0) {
      fail(
        `${levelKey}.targets`,
        'expected at least one user, group or schedule:<name>',
      );
    }
    const targets = [
      ...new Set(
        values.map((v, j) =>
          readTarget(v, `${levelKey}.targets[${j}]`, schedules),
        ),
      ),
    ];

    const delayMs = optionalDuration(level, 'delay', `${levelKey}.delay`);
    if (delayMs === undefined) {
      fail(`${levelKey}.delay`, 'missing; use 0s to notify on detection');
    }
    const previous = levels[levels.length - 1];
    if (previous && delayMs < previous.delayMs) {
      fail(
        `${levelKey}.delay`,
        `must not be shorter than the previous level's delay (${previous.delayMs} ms)`,
      );
    }
    const levelName = wrap(`${levelKey}.name`, () =>
      level.getOptionalString('name'),
    )?.trim();
    if (levelName !== undefined && (!levelName || levelName.length > 100)) {
      fail(
        `${levelKey}.name`,
        'expected what the level is in 1 to 100 characters, e.g. On-call engineer, or leave it out',
      );
    }
    levels.push({
      ...(levelName ? { name: levelName } : {}),
      targets,
      delayMs,
    });
  });

  const ownerValues = wrap(`${key}.owners`, () =>
    policy.getOptionalStringArray('owners'),
  );
  if (ownerValues === undefined) return { name, levels };
  if (ownerValues.length === 0) {
    fail(
      `${key}.owners`,
      'name at least one group or user, or leave owners out to let any entity name the policy',
    );
  }
  const owners = ownerValues.map((value, j) =>
    wrap(`${key}.owners[${j}]`, () =>
      readUserOrGroupRef(value, { defaultKind: 'group' }),
    ),
  );
  return { name, levels, owners: [...new Set(owners)] };
}

function readSchedule(
  config: Config,
  key: string,
  fullKey: string,
  defaults: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return readScheduleConfig(config, key, defaults, wrap, fullKey);
}

/**
 * Reads `opsHealth.escalation` from the root config. Throws naming the key on
 * the first invalid value: duplicate policy names, a policy without levels,
 * a target that is not a user or group ref, delays that go down, or a
 * default policy that does not exist.
 *
 * @internal
 */
export function readEscalationConfig(root: Config): EscalationConfig {
  const c = wrap('escalation', () =>
    root.getOptionalConfig('opsHealth.escalation'),
  );
  const policies = new Map<string, EscalationPolicy>();
  const schedules = readSchedulesConfig(root);
  if (!c) {
    return { policies, schedule: DEFAULT_ESCALATION_SCHEDULE };
  }

  const policyConfigs =
    wrap('escalation.policies', () => c.getOptionalConfigArray('policies')) ??
    [];
  policyConfigs.forEach((policyConfig, i) => {
    const key = `escalation.policies[${i}]`;
    const policy = readPolicy(policyConfig, key, schedules);
    if (policies.has(policy.name)) {
      fail(`${key}.name`, `duplicate policy name '${policy.name}'`);
    }
    policies.set(policy.name, policy);
  });

  let defaultPolicy = wrap('escalation.defaultPolicy', () =>
    c.getOptionalString('defaultPolicy'),
  )?.trim();
  if (defaultPolicy !== undefined && !policies.has(defaultPolicy)) {
    fail(
      'escalation.defaultPolicy',
      `no policy named '${defaultPolicy}'${knownPolicies(policies)}`,
    );
  }
  defaultPolicy ??= policies.keys().next().value;

  return {
    policies,
    ...(defaultPolicy !== undefined ? { defaultPolicy } : {}),
    schedule: readSchedule(
      c,
      'schedule',
      'escalation.schedule',
      DEFAULT_ESCALATION_SCHEDULE,
    ),
  };
}

function knownPolicies(policies: Map<string, EscalationPolicy>): string {
  return policies.size
    ? `; configured: ${[...policies.keys()].join(', ')}`
    : '; no policies are configured';
}

/**
 * The escalation policy of an entity, from the name in its
 * `ops-health/escalation-policy` annotation (undefined when unset) and its
 * owner's full ref.
 *
 * An unknown name, or a policy whose `owners` do not include the entity's
 * owner, is a mistake in the entity, not in config, so it does not throw:
 * the result carries an `error` for the caller to show, and still the
 * default policy, since paging the default path beats paging nobody. The
 * default policy may always be named: it is what the entity has anyway.
 *
 * @internal
 */
export function policyForEntity(
  config: EscalationConfig,
  policyName: string | undefined,
  ownerRef?: string,
): { policy?: EscalationPolicy; error?: string } {
  const fallback =
    config.defaultPolicy !== undefined
      ? config.policies.get(config.defaultPolicy)
      : undefined;
  if (policyName === undefined) {
    return fallback ? { policy: fallback } : {};
  }
  const policy = config.policies.get(policyName);
  const instead = fallback
    ? `; using the default policy '${fallback.name}'`
    : '';
  if (!policy) {
    return {
      ...(fallback ? { policy: fallback } : {}),
      error: `Unknown escalation policy '${policyName}'${knownPolicies(
        config.policies,
      )}${instead}`,
    };
  }
  if (
    policy === fallback ||
    !policy.owners ||
    (ownerRef !== undefined && policy.owners.includes(ownerRef))
  ) {
    return { policy };
  }
  return {
    ...(fallback ? { policy: fallback } : {}),
    error: `Escalation policy '${policyName}' is for entities owned by ${policy.owners.join(
      ', ',
    )} (opsHealth.escalation.policies[].owners), not by ${
      ownerRef ?? 'an entity without owner'
    }${instead}`,
  };
}

/**
 * Reads `opsHealth.incidents` from the root config. Throws naming the key on
 * the first invalid value.
 *
 * @internal
 */
export function readIncidentsConfig(root: Config): IncidentsConfig {
  const c = wrap('incidents', () =>
    root.getOptionalConfig('opsHealth.incidents'),
  );
  if (!c) return { ...DEFAULT_INCIDENTS_CONFIG };
  const autoOpenChecks = wrap('incidents.autoOpenChecks', () =>
    c.getOptionalStringArray('autoOpenChecks'),
  )?.map((id, i) => {
    if (!id.trim())
      fail(`incidents.autoOpenChecks[${i}]`, 'expected a check id');
    return id.trim();
  });
  if (autoOpenChecks?.length === 0) {
    fail(
      'incidents.autoOpenChecks',
      'name at least one check, or set incidents.autoOpen to false to open no incident automatically',
    );
  }
  return {
    attachWindowMs:
      optionalDuration(c, 'attachWindow', 'incidents.attachWindow') ??
      DEFAULT_INCIDENTS_CONFIG.attachWindowMs,
    autoOpen:
      wrap('incidents.autoOpen', () => c.getOptionalBoolean('autoOpen')) ??
      DEFAULT_INCIDENTS_CONFIG.autoOpen,
    ...(autoOpenChecks ? { autoOpenChecks: [...new Set(autoOpenChecks)] } : {}),
  };
}

/**
 * Escalation levels reach their targets through the notification channels
 * that take escalations (critical, and about no check: a channel limited to
 * some checks' alerts does not): policies with none would escalate
 * incidents without telling anyone. Throws naming the key, so the backend
 * stops at start.
 *
 * @internal
 */
export function assertEscalationCanNotify(
  escalation: Pick<EscalationConfig, 'policies'>,
  channels: Array<Pick<NotificationChannel, 'name' | 'minSeverity' | 'checks'>>,
) {
  const count = escalation.policies.size;
  if (count === 0) return;
  const taking = channels.filter(channel =>
    channelAccepts(channel, {
      kind: 'escalation',
      severity: 'critical',
      alerts: [],
    }),
  );
  if (taking.length > 0) return;
  fail(
    'escalation.policies',
    `${count} ${
      count === 1 ? 'policy escalates' : 'policies escalate'
    } incidents, but ${
      channels.length === 0
        ? 'opsHealth.notifications.channels has no channel'
        : `no channel of opsHealth.notifications.channels takes escalations (${channels
            .map(c => c.name)
            .join(
              ', ',
            )}: a channel with checks takes only those checks' alerts)`
    } to notify their targets through, so nobody would be told. Add one, e.g. { name: inbox, type: backstage } (Backstage notifications to the targets themselves).`,
  );
}
