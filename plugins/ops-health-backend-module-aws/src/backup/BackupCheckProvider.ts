import { OPS_HEALTH_ANNOTATIONS } from '@ops-health/backstage-plugin-ops-health-common';
import {
  BackupCheckDetails,
  BackupCheckError,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckFailure,
  CheckResult,
  CheckRunContext,
  CheckRunOutput,
  CheckTarget,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import { AwsClientFactory } from '../AwsClientFactory';
import { AwsChecksConfig } from '../config';
import { notProven } from '../trust/notProven';
import { ResourceOwnership } from '../trust/OwnershipVerifier';
import { CallCounter, describeError, isAbort } from '../awsCalls';
import { evaluateBackup, findRestorePoint } from './evaluate';
import {
  lambdaFunctionName,
  readAwsBackup,
  readLambdaLogErrors,
  readS3Location,
} from './parts';
import { bucketSafeguardProblem } from '../posture/readPosture';
import {
  combineTuning,
  FunctionConfiguration,
  LambdaMetricFigures,
  readFunctionConfiguration,
  isServerError,
  readLambdaMetrics,
  readTuningLogs,
  TuningLogFigures,
} from './tuning';

/** An entity whose parts were read, before its CloudWatch figures. */
interface MeasuredEntity {
  target: CheckTarget;
  details: BackupCheckDetails;
  /** Parts read (each failed one is in `details.errors`). */
  attempted: number;
  configured: { s3: boolean; awsBackup: boolean };
  /** The backup function's configuration and log figures, when read. */
  tuning?: {
    configuration: FunctionConfiguration;
    logFigures: TuningLogFigures;
  };
}

export { BACKUP_RUNBOOK_SECTION } from './evaluate';

/** Entities checked at the same time. */
const CONCURRENCY = 8;

type BackupPart = BackupCheckError['part'];

/** Options for {@link BackupCheckProvider.create}. @internal */
export interface BackupCheckProviderOptions {
  clients: AwsClientFactory;
  config: AwsChecksConfig['backup'];
  /** Proves the bucket, function (and account) are the entity's before reading them. */
  ownership: ResourceOwnership;
}

/**
 * Disaster-recovery backup check: how old the newest backup of an entity is
 * (S3 objects under a prefix and/or AWS Backup of a resource), whether AWS
 * Backup jobs failed since the last good one, and what the backup function
 * logged as errors.
 *
 * @internal
 */
export class BackupCheckProvider implements OpsHealthCheckProvider {
  readonly id = 'backup';
  readonly annotations = [
    OPS_HEALTH_ANNOTATIONS.backupS3,
    OPS_HEALTH_ANNOTATIONS.backupResourceArn,
    OPS_HEALTH_ANNOTATIONS.backupLambda,
  ];
  readonly settingAnnotations = [
    OPS_HEALTH_ANNOTATIONS.backupMaxAge,
    OPS_HEALTH_ANNOTATIONS.awsAccountId,
  ];
  // Its calls are per bucket and function: batches of entities are stored as
  // they finish, so a run that hits its timeout keeps its work.
  readonly batchSize = 200;
  /** Whether CloudWatch answers percentile statistics (until it fails to). */
  private percentiles = true;

  static create(options: BackupCheckProviderOptions): BackupCheckProvider {
    return new BackupCheckProvider(
      options.clients,
      options.config,
      options.ownership,
    );
  }

  private constructor(
    private readonly clients: AwsClientFactory,
    private readonly config: AwsChecksConfig['backup'],
    private readonly ownership: ResourceOwnership,
  ) {}

  get schedule() {
    return this.config.schedule;
  }

  appliesTo(target: CheckTarget): boolean {
    const c = target.config;
    return Boolean(c.backupS3 || c.backupResourceArn || c.backupLambda);
  }

  async run(
    targets: CheckTarget[],
    context: CheckRunContext,
  ): Promise<CheckRunOutput> {
    const started = Date.now();
    const counter = new CallCounter();
    const ownership = this.ownership.forRun(counter);
    const results: CheckResult[] = [];
    const failures: CheckFailure[] = [];
    const applicable = targets.filter(t => this.appliesTo(t));

    try {
      const measured: MeasuredEntity[] = [];
      let next = 0;
      const worker = async () => {
        while (next < applicable.length) {
          context.signal.throwIfAborted();
          const target = applicable[next++];
          let outcome: MeasuredEntity | CheckResult | CheckFailure;
          try {
            const problem = await this.ownershipProblem(target, ownership);
            outcome = problem
              ? notProven({
                  entityRef: target.entityRef,
                  checkId: this.id,
                  subject: '',
                  problem,
                  now: context.now,
                })
              : await this.measureEntity(target, context, counter);
          } catch (error) {
            if (isAbort(error, context.signal)) throw error;
            outcome = {
              entityRef: target.entityRef,
              checkId: this.id,
              subject: '',
              error: describeError(error),
            };
          }
          if ('error' in outcome) failures.push(outcome);
          else if ('target' in outcome) measured.push(outcome);
          else results.push(outcome);
        }
      };
      await Promise.all(
        Array.from(
          { length: Math.min(CONCURRENCY, applicable.length) },
          worker,
        ),
      );
      // Parts cut short by an abort are not failures of the entities.
      context.signal.throwIfAborted();
      await this.addLambdaMetrics(measured, context, counter);
      for (const entity of measured) {
        const outcome = this.finish(entity, context.now);
        if ('error' in outcome) failures.push(outcome);
        else results.push(outcome);
      }
    } finally {
      context.logger.info('Backup check run', {
        entities: applicable.length,
        results: results.length,
        failures: failures.length,
        calls: counter.toRecord(),
        durationMs: Date.now() - started,
        ...(context.signal.aborted ? { aborted: true } : {}),
      });
    }

    return { results, failures, calls: counter.toRecord() };
  }

  /** Why what the entity names is not proven to be its own, if it is not. */
  private async ownershipProblem(
    target: CheckTarget,
    ownership: ResourceOwnership,
  ): Promise<string | undefined> {
    const { accountId, backupS3, backupResourceArn, backupLambda } =
      target.config;
    const account = ownership.accountProblem(target);
    if (account) return account;
    if (backupResourceArn) {
      const resource = await ownership.resourceProblem(
        accountId,
        backupResourceArn,
        target.entityRef,
      );
      if (resource) return resource;
    }
    if (backupS3) {
      const bucket = await ownership.bucketProblem(
        accountId,
        backupS3.bucket,
        target.entityRef,
      );
      if (bucket) return bucket;
    }
    if (backupLambda) {
      // The function the check reads: by its name, in the entity's account
      // (its logs, metrics and configuration). An ARN's account is not the
      // one read, so it is not the one proven either.
      return ownership.functionProblem(
        accountId,
        lambdaFunctionName(backupLambda),
        target.entityRef,
      );
    }
    return undefined;
  }

  private async measureEntity(
    target: CheckTarget,
    context: CheckRunContext,
    counter: CallCounter,
  ): Promise<MeasuredEntity> {
    const { config: entity } = target;
    const { signal, now } = context;
    const part = { signal, counter };
    const accountId = entity.accountId;
    const maxAgeMs = entity.backupMaxAgeMs ?? this.config.defaultMaxAgeMs;

    const details: BackupCheckDetails = {
      maxAgeSeconds: Math.round(maxAgeMs / 1000),
      restorePoint: null,
      logErrors: [],
      errors: [],
    };
    let attempted = 0;
    let tuning: MeasuredEntity['tuning'];
    const measure = async (
      name: BackupPart,
      describe: string,
      read: () => Promise<void>,
    ) => {
      attempted++;
      try {
        await read();
      } catch (error) {
        if (isAbort(error, signal)) throw error;
        details.errors.push({
          part: name,
          message: `cannot ${describe}: ${describeError(error)}`,
        });
      }
    };

    const s3Location = entity.backupS3;
    const resourceArn = entity.backupResourceArn;
    const lambda = entity.backupLambda;
    await Promise.all([
      s3Location &&
        measure(
          's3',
          `list s3://${s3Location.bucket}/${s3Location.prefix}`,
          async () => {
            const s3 = await this.clients.s3(accountId);
            details.s3 = await readS3Location(s3, s3Location, part);
            if (details.s3.exists) {
              details.s3.unprotected = await bucketSafeguardProblem(
                s3,
                s3Location.bucket,
                'backup bucket',
                part,
              );
            }
          },
        ),
      resourceArn &&
        measure('awsBackup', `read AWS Backup of ${resourceArn}`, async () => {
          const backup = await this.clients.backup(accountId);
          details.awsBackup = await readAwsBackup(backup, resourceArn, part);
        }),
      lambda &&
        measure('logs', `read the logs of ${lambda}`, async () => {
          const logs = await this.clients.cloudWatchLogs(accountId);
          const { summary, lines } = await readLambdaLogErrors(
            logs,
            {
              functionNameOrArn: lambda,
              filterPattern: this.config.logsFilterPattern,
              windowMs: this.config.logsWindowMs,
              now,
            },
            part,
          );
          details.logs = summary;
          details.logErrors = lines;
        }),
      lambda &&
        measure(
          'tuning',
          `read how the backup function ${lambda} runs`,
          async () => {
            const lambdaClient = await this.clients.lambda(accountId);
            const configuration = await readFunctionConfiguration(
              lambdaClient,
              lambdaFunctionName(lambda),
              part,
            );
            const logs = await this.clients.cloudWatchLogs(accountId);
            const logFigures = await readTuningLogs(
              logs,
              {
                functionName: configuration.functionName,
                windowMs: this.config.logsWindowMs,
                now,
              },
              part,
            );
            tuning = { configuration, logFigures };
          },
        ),
    ]);

    return {
      target,
      details,
      attempted,
      configured: { s3: Boolean(s3Location), awsBackup: Boolean(resourceArn) },
      tuning,
    };
  }

  /**
   * The CloudWatch figures of every measured backup function: one batch of
   * `GetMetricData` calls per account, not one per function.
   */
  private async addLambdaMetrics(
    measured: MeasuredEntity[],
    context: CheckRunContext,
    counter: CallCounter,
  ) {
    const byAccount = new Map<string, MeasuredEntity[]>();
    for (const entity of measured) {
      if (!entity.tuning) continue;
      const key = entity.target.config.accountId ?? '';
      byAccount.set(key, [...(byAccount.get(key) ?? []), entity]);
    }
    const windowMs = this.config.logsWindowMs;
    for (const [accountId, entities] of byAccount) {
      let metrics: Map<string, LambdaMetricFigures> | undefined;
      try {
        const cloudWatch = await this.clients.cloudWatch(
          accountId || undefined,
        );
        const read = () =>
          readLambdaMetrics(
            cloudWatch,
            entities.map(e => e.tuning!.configuration.functionName),
            { windowMs, now: context.now, percentiles: this.percentiles },
            { signal: context.signal, counter },
          );
        try {
          metrics = await read();
        } catch (error) {
          // CloudWatch computes p95; an emulator may fail on it. Without
          // it from now on (the REPORT lines give the p95 then).
          if (!this.percentiles || !isServerError(error)) throw error;
          this.percentiles = false;
          context.logger.warn(
            `GetMetricData failed with percentile statistics, reading without them from now on: ${describeError(
              error,
            )}`,
          );
          metrics = await read();
        }
      } catch (error) {
        if (isAbort(error, context.signal)) throw error;
        for (const entity of entities) {
          entity.details.errors.push({
            part: 'tuning',
            message: `cannot read the CloudWatch metrics of ${
              entity.tuning!.configuration.functionName
            }: ${describeError(error)}`,
          });
        }
      }
      for (const entity of entities) {
        const { configuration, logFigures } = entity.tuning!;
        entity.details.tuning = combineTuning(
          configuration,
          logFigures,
          metrics?.get(configuration.functionName),
          windowMs,
        );
      }
    }
  }

  /** The result of a measured entity. */
  private finish(
    entity: MeasuredEntity,
    now: Date,
  ): CheckResult | CheckFailure {
    const { details, attempted, configured } = entity;
    const { entityRef } = entity.target;
    // Keep the error order stable whichever part finished first.
    const order: BackupPart[] = ['s3', 'awsBackup', 'logs', 'tuning'];
    details.errors.sort(
      (a, b) => order.indexOf(a.part) - order.indexOf(b.part),
    );

    if (attempted > 0 && details.errors.length >= attempted) {
      return {
        entityRef,
        checkId: this.id,
        subject: '',
        error: details.errors.map(e => e.message).join('; '),
      };
    }

    details.restorePoint = findRestorePoint(details, now);
    const evaluation = evaluateBackup(details, configured);
    return {
      entityRef,
      checkId: this.id,
      subject: '',
      status: evaluation.status,
      value: evaluation.value,
      threshold: details.maxAgeSeconds,
      unit: 's',
      message: evaluation.message,
      details,
      measuredAt: now,
      runbookSection: evaluation.runbookSection,
    };
  }
}
