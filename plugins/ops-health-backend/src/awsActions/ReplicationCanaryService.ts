import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, stringifyError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import {
  AwsClientFactory,
  AwsChecksConfig,
  runReplicationCanary,
} from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { CanaryRun, CanaryRunStore } from '../database/CanaryRunStore';
import { CheckResultStore } from '../database/CheckResultStore';

/** Thrown when a test of the bucket is already running. @internal */
export class CanaryRunningError extends ConflictError {
  constructor(readonly running: CanaryRun) {
    super(
      `A replication test of bucket ${running.bucket} is already running: started ` +
        `${running.startedAt.toISOString()} by ${running.createdBy}` +
        `${running.progress ? `, ${running.progress}` : ''}`,
    );
  }
}

/**
 * Starts replication tests (canaries) and records their outcome as a check
 * result (`replication-canary`, subject = bucket). One run per bucket at a
 * time, across replicas (the run store holds the lock).
 *
 * @internal
 */
export class ReplicationCanaryService {
  private readonly inFlight = new Set<Promise<void>>();

  static create(options: {
    logger: LoggerService;
    clients: AwsClientFactory;
    config: AwsChecksConfig['replication']['canary'];
    runs: CanaryRunStore;
    results: CheckResultStore;
    clock: OpsHealthClock;
  }) {
    return new ReplicationCanaryService(options);
  }

  private constructor(
    private readonly options: {
      logger: LoggerService;
      clients: AwsClientFactory;
      config: AwsChecksConfig['replication']['canary'];
      runs: CanaryRunStore;
      results: CheckResultStore;
      clock: OpsHealthClock;
    },
  ) {}

  /**
   * Starts a run for each bucket; throws CanaryRunningError (409) when one of
   * them is busy, after starting none.
   */
  async start(request: {
    entityRef: string;
    accountId?: string;
    buckets: string[];
    bucket?: string;
    createdBy: string;
  }): Promise<CanaryRun[]> {
    const buckets = request.bucket ? [request.bucket] : request.buckets;
    if (buckets.length === 0) {
      throw new InputError(
        `${request.entityRef} has no source buckets: add the ops-health/s3-replication annotation`,
      );
    }
    if (request.bucket && !request.buckets.includes(request.bucket)) {
      throw new InputError(
        `${request.bucket} is not a source bucket of ${
          request.entityRef
        } (its buckets: ${request.buckets.join(', ')})`,
      );
    }

    const { runs } = this.options;
    const abandonAfterMs = this.abandonAfterMs();
    const started: CanaryRun[] = [];
    for (const bucket of buckets) {
      const run = {
        id: randomUUID(),
        bucket,
        entityRef: request.entityRef,
        createdBy: request.createdBy,
        startedAt: this.options.clock.now(),
      };
      const attempt = await runs.tryStart(run, abandonAfterMs);
      if (!attempt.started) {
        await Promise.all(started.map(r => this.finishAsCancelled(r)));
        throw new CanaryRunningError(attempt.running);
      }
      started.push({ ...run, status: 'running' });
    }
    for (const run of started) {
      const done = this.execute(run, request.accountId).finally(() =>
        this.inFlight.delete(done),
      );
      this.inFlight.add(done);
    }
    return started;
  }

  /**
   * The latest run per bucket of the entity. A run still running well past
   * its timeout was abandoned (the process running it stopped, e.g. a
   * restart): it is closed as such, so that the page stops waiting for it
   * and the bucket can be tested again.
   */
  async latestForEntity(entityRef: string): Promise<CanaryRun[]> {
    const now = this.options.clock.now();
    const latest = await this.options.runs.latestForEntity(entityRef);
    return Promise.all(
      latest.map(async run =>
        run.status === 'running' &&
        now.getTime() - run.startedAt.getTime() > this.abandonAfterMs()
          ? (await this.options.runs.abandon(
              run,
              // Given up when it should have finished, not when read.
              new Date(run.startedAt.getTime() + this.abandonAfterMs()),
            )) ?? run
          : run,
      ),
    );
  }

  /**
   * A run cannot outlive its timeout by much (it gives up at the timeout,
   * then deletes its test object); one that did was abandoned.
   */
  private abandonAfterMs() {
    return this.options.config.timeoutMs + 60_000;
  }

  /** Waits for the runs in flight in this process (tests, shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  private async finishAsCancelled(run: CanaryRun) {
    await this.options.runs.finish(run.id, {
      status: 'error',
      result: {
        error: 'not run: another bucket of the request was busy',
        reason: 'busy',
      },
      finishedAt: this.options.clock.now(),
    });
  }

  private async execute(run: CanaryRun, accountId?: string): Promise<void> {
    const { logger, clients, config, runs, results, clock } = this.options;
    try {
      const outcome = await runReplicationCanary({
        clients,
        accountId,
        bucket: run.bucket,
        keyPrefix: config.keyPrefix,
        timeoutMs: config.timeoutMs,
        pollIntervalMs: config.pollIntervalMs,
        signal: AbortSignal.timeout(config.timeoutMs + 60_000),
        onProgress: progress => {
          runs.setProgress(run.id, progress).catch(() => {});
        },
        now: () => clock.now(),
      });
      const replicated = outcome.destinations
        .map(d => d.replicatedAfterMs)
        .filter((ms): ms is number => ms !== undefined);
      await results.upsertResults([
        {
          entityRef: run.entityRef,
          checkId: 'replication-canary',
          subject: run.bucket,
          status: outcome.status,
          ...(replicated.length
            ? { value: Math.max(...replicated) / 1000 }
            : {}),
          threshold: config.timeoutMs / 1000,
          unit: 's',
          message: outcome.message,
          details: { ...outcome, runId: run.id, createdBy: run.createdBy },
          measuredAt: new Date(outcome.finishedAt),
          runbookSection: 's3-replication-failure',
        },
      ]);
      await runs.finish(run.id, {
        status: outcome.status,
        result: JSON.parse(JSON.stringify(outcome)),
        finishedAt: new Date(outcome.finishedAt),
      });
      logger.info('Replication test finished', {
        entityRef: run.entityRef,
        bucket: run.bucket,
        status: outcome.status,
      });
    } catch (error) {
      logger.warn('Replication test failed', {
        entityRef: run.entityRef,
        bucket: run.bucket,
        error: stringifyError(error),
      });
      await runs.finish(run.id, {
        status: 'error',
        result: { error: stringifyError(error) },
        finishedAt: clock.now(),
      });
    }
  }
}
