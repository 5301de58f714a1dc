import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { OpsHealthEntityConfig } from '@ops-health/backstage-plugin-ops-health-common';

/**
 * Status of one check result.
 *
 * @public
 */
export type CheckStatus =
  | 'ok'
  | 'warning'
  | 'critical'
  | 'unknown'
  | 'misconfigured';

/**
 * An entity a check provider is asked to check, with its parsed annotations.
 *
 * @public
 */
export interface CheckTarget {
  entityRef: string;
  entity: Entity;
  config: OpsHealthEntityConfig;
}

/**
 * One measurement of one check for one subject (a bucket, a tag, a backup
 * location) of an entity.
 *
 * @public
 */
export interface CheckResult {
  entityRef: string;
  checkId: string;
  /** What was measured, e.g. the bucket name; '' when the check has one subject. */
  subject: string;
  status: CheckStatus;
  value?: number;
  threshold?: number;
  unit?: string;
  /** Plain-language explanation shown to the user. */
  message: string;
  /** Check-specific detail served by the read API. */
  details?: Record<string, unknown>;
  measuredAt: Date;
  /** Runbook section (anchor) the result maps to. */
  runbookSection?: string;
}

/**
 * What a provider gets for one run.
 *
 * @public
 */
export interface CheckRunContext {
  signal: AbortSignal;
  logger: LoggerService;
  now: Date;
}

/**
 * A check provider: runs one kind of check for all the entities it applies to
 * at once, so that it can batch its calls to the outside world.
 *
 * @public
 */
export interface OpsHealthCheckProvider {
  /** Stable id, e.g. `cost`; also the key of its schedule in config. */
  readonly id: string;
  /** Whether the entity has what this check needs. */
  appliesTo(target: CheckTarget): boolean;
  run(targets: CheckTarget[], context: CheckRunContext): Promise<CheckResult[]>;
}
