import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  CustomErrorBase,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  OpsHealthCheckProvider,
  OpsHealthClock,
} from '@ops-health/backstage-plugin-ops-health-node';
import {
  CheckResultStore,
  StoredCheckResult,
} from '../database/CheckResultStore';
import { CollectionEngine } from './CollectionEngine';

/**
 * Asked again too soon: 429, with when to ask again.
 *
 * @internal
 */
export class TooManyRequestsError extends CustomErrorBase {
  readonly statusCode = 429;
  constructor(
    message: string,
    /** Seconds until it may be asked again (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * "Check now": one check of one entity measured on request, e.g. after a
 * fix, instead of at the check's next scheduled run. Each (entity, check)
 * at most once per `minIntervalMs` on this replica: every measurement asks
 * AWS with the platform's credentials, some of it charged per request.
 *
 * @internal
 */
export class CheckNowService {
  private readonly lastAsked = new Map<string, number>();
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
      /** How long the measurement may take. Default: 2 minutes. */
      runMs?: number;
    },
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 60_000;
    this.waitMs = options.waitMs ?? 30_000;
    this.runMs = options.runMs ?? 120_000;
  }

  /** Measures the installed check `checkId` of the entity; its results now. */
  async measure(
    entityRef: string,
    checkId: string,
  ): Promise<StoredCheckResult[]> {
    const provider = this.options.providers().find(p => p.id === checkId);
    if (!provider) throw new Error(`No installed check '${checkId}'`);
    const key = `${entityRef}\u0000${checkId}`;
    const now = this.options.clock.now().getTime();
    for (const [k, at] of this.lastAsked) {
      if (now - at >= this.minIntervalMs) this.lastAsked.delete(k);
    }
    const last = this.lastAsked.get(key);
    if (last !== undefined) {
      const wait = Math.max(
        1,
        Math.ceil((last + this.minIntervalMs - now) / 1000),
      );
      throw new TooManyRequestsError(
        `The ${checkId} check of ${entityRef} was measured on request less than ${Math.round(
          this.minIntervalMs / 1000,
        )} s ago; try again in ${wait} s`,
        wait,
      );
    }
    this.lastAsked.set(key, now);

    const waitSignal = AbortSignal.timeout(this.waitMs);
    let started = false;
    let summary;
    try {
      summary = await this.options.engine.measureEntity(provider, entityRef, {
        signal: AbortSignal.timeout(this.runMs),
        waitSignal,
        onStart: () => {
          started = true;
        },
        logger: this.options.logger,
      });
    } catch (error) {
      if (!started && waitSignal.aborted) {
        this.lastAsked.delete(key);
        throw new ConflictError(
          `A collection of the ${checkId} check is running and did not finish within ${Math.round(
            this.waitMs / 1000,
          )} s; try again when it has (the Ops Health page's Collection table shows it)`,
        );
      }
      throw error;
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
