import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CheckTarget,
  OpsHealthCheckProvider,
  OpsHealthClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import {
  CheckResultStore,
  StoredCheckResult,
} from '../database/CheckResultStore';
import { RequestLimiter } from '../access/RequestLimiter';
import {
  CollectionEngine,
  measuresTarget,
  toCheckTarget,
} from './CollectionEngine';

/** Why a check does not measure an entity, for the one who asked. */
function whyNot(provider: OpsHealthCheckProvider, target: CheckTarget) {
  if (provider.isCandidate && !provider.isCandidate(target)) {
    return provider.candidates
      ? `it measures only ${provider.candidates}`
      : 'it is not for this kind of entity, whatever its annotations';
  }
  const annotations = provider.annotations ?? [];
  const present = annotations.filter(
    a => a in (target.entity.metadata.annotations ?? {}),
  );
  if (!annotations.length) return 'the check does not select it';
  return present.length
    ? `its annotations (${present.join(
        ', ',
      )}) do not give the check what it needs; see the check's annotations in the entity's Ops Health tab`
    : `it has none of the check's annotations (${annotations.join(', ')})`;
}

/**
 * "Check now": one check of one entity measured on request, e.g. after a
 * fix, instead of at the check's next scheduled run. Each (entity, check)
 * at most once per `minIntervalMs`, and each caller `perCallerPerMinute`
 * times a minute, counted across the replicas (in the database): every
 * measurement asks AWS with the
 * platform's credentials, some of it charged per request, and holds the
 * check's run lock while it runs.
 *
 * @internal
 */
export class CheckNowService {
  private readonly limiter: RequestLimiter;
  private readonly perCallerPerMinute: number;
  private readonly minIntervalMs: number;
  private readonly waitMs: number;
  private readonly runMs: number;

  constructor(
    private readonly options: {
      engine: CollectionEngine;
      providers: () => OpsHealthCheckProvider[];
      results: CheckResultStore;
      logger: LoggerService;
      clock: OpsHealthClock;
      /** Default: 1 minute. */
      minIntervalMs?: number;
      /** How long to wait for a running collection of the check. Default: 30 s. */
      waitMs?: number;
      /** How long the measurement may take once it runs. Default: 2 minutes. */
      runMs?: number;
      /** Measurements one caller may ask for a minute. Default: 10. */
      perCallerPerMinute?: number;
      /** Counts the measurements asked for, across the replicas. */
      limiter: RequestLimiter;
    },
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 60_000;
    this.waitMs = options.waitMs ?? 30_000;
    this.runMs = options.runMs ?? 120_000;
    this.perCallerPerMinute = options.perCallerPerMinute ?? 10;
    this.limiter = options.limiter;
  }

  /**
   * Measures the installed check `checkId` of the entity (as the caller
   * read it from the catalog); its results now. `caller` is held to
   * `perCallerPerMinute` measurements a minute, whatever their entities.
   */
  async measure(
    entity: Entity,
    checkId: string,
    caller: string,
  ): Promise<StoredCheckResult[]> {
    const provider = this.options.providers().find(p => p.id === checkId);
    if (!provider) throw new Error(`No installed check '${checkId}'`);
    const target = toCheckTarget(entity);
    const { entityRef } = target;
    if (!measuresTarget(provider, target)) {
      throw new InputError(
        `The ${checkId} check does not apply to ${entityRef}: ${whyNot(
          provider,
          target,
        )}`,
      );
    }

    const release = await this.limiter.take([
      {
        key: `entity\u0000${entityRef}\u0000${checkId}`,
        max: 1,
        windowMs: this.minIntervalMs,
        refused: () =>
          `The ${checkId} check of ${entityRef} was measured on request less than ${Math.round(
            this.minIntervalMs / 1000,
          )} s ago`,
      },
      {
        key: `caller\u0000${caller}`,
        max: this.perCallerPerMinute,
        windowMs: 60_000,
        refused: count =>
          `You asked for ${count} measurements on request in the last minute, the most one caller may`,
      },
    ]);

    const waitSignal = AbortSignal.timeout(this.waitMs);
    // The measurement's own time counts from when it holds the lock.
    const run = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let started = false;
    let summary;
    try {
      summary = await this.options.engine.measureEntity(provider, entityRef, {
        signal: run.signal,
        waitSignal,
        onStart: () => {
          started = true;
          timer = setTimeout(
            () => run.abort(new Error('check now timed out')),
            this.runMs,
          );
        },
        logger: this.options.logger,
      });
    } catch (error) {
      if (!started && waitSignal.aborted) {
        // Not measured, so not counted; if that fails, the 409 still says
        // why (the request counts until its window ends).
        await release().catch(releaseError =>
          this.options.logger.warn(
            `Could not take back the check-now request of ${caller}: ${releaseError}`,
          ),
        );
        throw new ConflictError(
          `A collection of the ${checkId} check is running and did not finish within ${Math.round(
            this.waitMs / 1000,
          )} s; try again when it has (the Ops Health page's Collection table shows it)`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (summary.unfinished) {
      throw new ServiceUnavailableError(
        `Measuring the ${checkId} check of ${entityRef} did not finish within ${Math.round(
          this.runMs / 1000,
        )} s; its last results stand, and its next scheduled run measures it again`,
      );
    }
    return this.options.results.listResults({
      entityRefs: [entityRef],
      checkIds: [checkId],
    });
  }
}
