import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
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
  /**
   * What is wrong (or right) in at most `CHECK_HEADLINE_MAX_LENGTH` (90)
   * characters, e.g. `USD 420 yesterday, over USD 150/day`: the line shown in
   * alert rows, lists and notification titles. Derived from `message` when
   * omitted; a longer one is shortened.
   */
  headline?: string;
  /** Plain-language explanation shown to the user, as long as it needs. */
  message: string;
  /** Check-specific detail served by the read API. */
  details?: Record<string, unknown>;
  measuredAt: Date;
  /** Runbook section (anchor) the result maps to. */
  runbookSection?: string;
}

/**
 * A check that could not be measured for an entity (or one subject of it):
 * the last good result is kept and marked stale with this error.
 *
 * @public
 */
export interface CheckFailure {
  entityRef: string;
  checkId: string;
  /** The subject that failed; all subjects of the check when omitted. */
  subject?: string;
  error: string;
}

/**
 * The cost of one entity on one day (UTC), as Cost Explorer reports it.
 *
 * @public
 */
export interface DailyCost {
  entityRef: string;
  /** YYYY-MM-DD */
  day: string;
  amount: number;
  unit: string;
  /** Whether AWS still marks the day as estimated (it may change). */
  estimated: boolean;
}

/**
 * One sample of a metric, kept as bounded history.
 *
 * @public
 */
export interface MetricSample {
  entityRef: string;
  checkId: string;
  subject: string;
  metric: string;
  timestamp: Date;
  value: number;
}

/**
 * Read access to the stored history, so a provider can ask AWS only for what
 * can still change.
 *
 * @public
 */
export interface CheckHistoryReader {
  /** Stored daily costs of these entities from `fromDay` (inclusive) on. */
  getDailyCosts(entityRefs: string[], fromDay: string): Promise<DailyCost[]>;
  /**
   * How many days from `fromDay` (inclusive) to `toDay` (exclusive) are
   * stored for each of these entities (absent: none): whether a series is
   * complete, without reading its values.
   */
  countDailyCosts(
    entityRefs: string[],
    fromDay: string,
    toDay: string,
  ): Promise<Map<string, number>>;
  /**
   * The stored results of a check for these entities, with their details:
   * what earlier runs measured, e.g. which entity already measures a cost
   * tag set that another entity now claims too.
   */
  getResults(entityRefs: string[], checkId: string): Promise<CheckResult[]>;
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
  history: CheckHistoryReader;
  /**
   * Every entity of the catalog this check applies to, of which the run's
   * targets are a part: a catch-up run measures only new and changed
   * entities, a provider with a batch size a batch at a time, and entities
   * whose annotations for the check are malformed are marked misconfigured
   * instead. For verdicts that depend on the other entities, e.g. two
   * entities claiming the same cost tags. Absent: the run's targets are all
   * there are.
   */
  catalogTargets?: CheckTarget[];
}

/**
 * What one run of a provider produced.
 *
 * @public
 */
export interface CheckRunOutput {
  results: CheckResult[];
  failures: CheckFailure[];
  /**
   * The days of cost measured. May be lazy (a generator over the provider's
   * own compact series): the engine stores them in batches as it iterates,
   * so that a backfill of 10,000 entities over 90 days is never held as
   * 900,000 objects at once.
   */
  dailyCosts?: Iterable<DailyCost>;
  metricSamples?: MetricSample[];
  /** AWS (or other outside) calls made, by API name, for the run's log line. */
  calls?: Record<string, number>;
}

/**
 * A check provider: runs one kind of check for all the entities it applies to
 * at once, so that it can batch its calls to the outside world.
 *
 * @public
 */
export interface OpsHealthCheckProvider {
  /** Stable id, e.g. `cost`. */
  readonly id: string;
  /**
   * Annotations that select the entities of this check. The engine lists
   * the catalog entities that carry any annotation of any provider, and
   * offers each provider those its `appliesTo` accepts. A provider that
   * declares none is offered every entity of the catalog.
   */
  readonly annotations?: readonly string[];
  /**
   * Further annotations the check reads (thresholds, the AWS account): on
   * an entity the check selects, a malformed one (as
   * `@ops-health/backstage-plugin-ops-health-common`'s parser reports it)
   * marks the entity misconfigured for this check instead of measuring it.
   */
  readonly settingAnnotations?: readonly string[];
  /** When to run the check. Default: every 15 minutes, first after 5 seconds. */
  readonly schedule?: SchedulerServiceTaskScheduleDefinition;
  /**
   * Targets per `run` call. The engine stores each batch's results as it
   * finishes, so a run cut off by its timeout (the signal aborts) keeps and
   * evaluates what it measured; the rest keep their last result. Default:
   * every target in one call (for checks whose calls are per account, not per
   * entity, such as one Cost Explorer query for all).
   */
  readonly batchSize?: number;
  /** Whether `run` reports `dailyCosts`, served with the check's detail. */
  readonly reportsDailyCosts?: boolean;
  /**
   * Consecutive failing evaluations before this check's alerts fire, where
   * `opsHealth.alerting.checks.<id>.firingAfter` does not say. For a check
   * whose figure does not flap, e.g. yesterday's settled cost, waiting for
   * a second run only delays the alert by the check's interval. Default:
   * `opsHealth.alerting.firingAfter`.
   */
  readonly firingAfter?: number;
  /** Whether the entity has what this check needs. */
  appliesTo(target: CheckTarget): boolean;
  /**
   * Whether the entity is one this check is for at all, whatever its
   * annotations say, e.g. only AWS account resources. An entity it is not
   * for is neither measured nor marked misconfigured by this check when its
   * annotations are malformed. Default: every entity with one of
   * `annotations`.
   */
  isCandidate?(target: CheckTarget): boolean;
  /**
   * The entities `isCandidate` accepts, for people, e.g. "AWS account
   * resources (kind Resource, spec.type aws-account)": said when the check
   * is asked for another one.
   */
  readonly candidates?: string;
  /**
   * Runs the check for all targets at once. Must not throw for the failure of
   * one target or subject: report it in `failures` and go on with the others.
   */
  run(
    targets: CheckTarget[],
    context: CheckRunContext,
  ): Promise<CheckRunOutput>;
}
