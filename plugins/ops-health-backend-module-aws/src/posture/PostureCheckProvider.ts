import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ENTITY_TYPE,
  isAwsAccountEntity,
  OPS_HEALTH_ANNOTATIONS,
  PostureCheckDetails,
  PostureFinding,
  toHeadline,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckFailure,
  CheckResult,
  CheckRunContext,
  CheckRunOutput,
  CheckStatus,
  CheckTarget,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import { AwsClientFactory } from '../AwsClientFactory';
import { PostureConfig } from '../config';
import {
  CallCounter,
  describeError,
  isAbort,
  mapWithConcurrency,
} from '../awsCalls';
import { notProven } from '../trust/notProven';
import {
  CONTROL_ORDER,
  IAM_POLICY_EVENTS,
  logGroupNameFromArn,
  PartContext,
  readAccessKeys,
  readBucketProtection,
  readCallerIdentity,
  readIamChangeAlarm,
  readReaderWildcards,
  readTrails,
} from './readPosture';

/** How a control records its finding, and reads guarded against errors. */
type Recorder = {
  find(
    control: PostureFinding['control'],
    status: PostureFinding['status'],
    message: string,
  ): void;
  guard(
    control: PostureFinding['control'],
    what: string,
    read: () => Promise<void>,
  ): Promise<void>;
};

/** Runbook section every posture result links to. */
export const POSTURE_RUNBOOK_SECTION = 'access-control';

const RANK: Record<PostureFinding['status'], number> = {
  ok: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
};

/**
 * Compliance and access posture of an AWS account, modelled as a catalog
 * entity (kind Resource, spec.type aws-account, `ops-health/aws-account-id`),
 * following the runbook's "Audit logging" and "Access control":
 *
 * - a multi-region CloudTrail trail exists and is logging (critical if not);
 * - its bucket has default encryption, blocks public access (critical if
 *   not) and keeps versions;
 * - a CloudWatch Logs metric filter on the trail's log group watches every
 *   IAM policy change, with an alarm on its metric (the CIS pattern);
 * - no active access key is older than `opsHealth.posture.maxAccessKeyAge`
 *   or unused for as long;
 * - the identity Ops Health reads with is allowed no wildcard actions.
 *
 * Only accounts listed in `opsHealth.posture.accounts` with their entity are
 * read: the annotation alone proves nothing.
 *
 * @internal
 */
export class PostureCheckProvider implements OpsHealthCheckProvider {
  readonly id = 'posture';
  readonly annotations = [OPS_HEALTH_ANNOTATIONS.awsAccountId];

  static create(options: {
    clients: AwsClientFactory;
    config: PostureConfig;
  }): PostureCheckProvider {
    return new PostureCheckProvider(options.clients, options.config);
  }

  private constructor(
    private readonly clients: AwsClientFactory,
    private readonly config: PostureConfig,
  ) {}

  get schedule() {
    return this.config.schedule;
  }

  readonly candidates = `AWS account resources (kind Resource, spec.type ${AWS_ACCOUNT_ENTITY_TYPE})`;

  /** Only AWS account resources: a component's account annotation is not this check's. */
  isCandidate(target: CheckTarget): boolean {
    return this.appliesTo(target);
  }

  appliesTo(target: CheckTarget): boolean {
    return isAwsAccountEntity(target.entity);
  }

  async run(
    targets: CheckTarget[],
    context: CheckRunContext,
  ): Promise<CheckRunOutput> {
    const counter = new CallCounter();
    const results: CheckResult[] = [];
    const failures: CheckFailure[] = [];
    const applicable = targets.filter(t => this.appliesTo(t));
    await mapWithConcurrency(applicable, 2, async target => {
      context.signal.throwIfAborted();
      const entityRef = stringifyEntityRef(target.entity);
      const listed = this.config.accounts.find(a => a.entityRef === entityRef);
      const annotated = target.config.accountId;
      if (
        !listed ||
        (listed.accountId !== 'main' && listed.accountId !== annotated)
      ) {
        results.push(
          notProven({
            entityRef: target.entityRef,
            checkId: this.id,
            subject: '',
            problem: listed
              ? `opsHealth.posture.accounts lists this entity for account ${
                  listed.accountId
                }, but its ops-health/aws-account-id says ${
                  annotated ?? 'nothing'
                }: make them agree`
              : `this account entity is not listed in opsHealth.posture.accounts: ask the platform team to add { accountId, entity: ${entityRef} } there (ops-health/aws-account-id alone does not let an entity read an account's posture)`,
            now: context.now,
          }),
        );
        return;
      }
      try {
        results.push(
          await this.checkAccount(
            target,
            listed.accountId === 'main' ? undefined : listed.accountId,
            context,
            counter,
          ),
        );
      } catch (error) {
        if (isAbort(error, context.signal)) throw error;
        failures.push({
          entityRef: target.entityRef,
          checkId: this.id,
          subject: '',
          error: describeError(error),
        });
      }
    });
    context.logger.info('Posture check run', {
      accounts: applicable.length,
      results: results.length,
      failures: failures.length,
      calls: counter.toRecord(),
    });
    return { results, failures, calls: counter.toRecord() };
  }

  private async checkAccount(
    target: CheckTarget,
    accountId: string | undefined,
    context: CheckRunContext,
    counter: CallCounter,
  ): Promise<CheckResult> {
    const part: PartContext = { signal: context.signal, counter };
    // The account the credentials reach; a failure here fails the run.
    const sts = await this.clients.sts(accountId);
    const caller = await readCallerIdentity(sts, part);
    const details: PostureCheckDetails = {
      accountId: caller.accountId,
      findings: [],
      accessKeys: [],
      accessKeysChecked: 0,
      maxAccessKeyAgeDays: Math.round(
        this.config.maxAccessKeyAgeMs / 86_400_000,
      ),
    };
    const find = (
      control: PostureFinding['control'],
      status: PostureFinding['status'],
      message: string,
    ) => details.findings.push({ control, status, message });
    const guard = async (
      control: PostureFinding['control'],
      what: string,
      read: () => Promise<void>,
    ) => {
      try {
        await read();
      } catch (error) {
        if (isAbort(error, context.signal)) throw error;
        find(control, 'unknown', `cannot ${what}: ${describeError(error)}`);
      }
    };

    const annotated = target.config.accountId;
    if (annotated && annotated !== caller.accountId) {
      find(
        'account',
        'critical',
        `the credentials reach account ${caller.accountId}, not ${annotated} as ops-health/aws-account-id says`,
      );
    }

    await Promise.all([
      guard('cloudtrail', 'read CloudTrail', async () => {
        const cloudTrail = await this.clients.cloudTrail(accountId);
        const trails = await readTrails(cloudTrail, part);
        const chosen =
          trails.find(t => t.trail.IsMultiRegionTrail && t.logging) ??
          trails.find(t => t.trail.IsMultiRegionTrail) ??
          trails[0];
        if (!chosen) {
          find(
            'cloudtrail',
            'critical',
            'no CloudTrail trail: create a multi-region trail and start logging',
          );
          return;
        }
        const { trail, logging, error } = chosen;
        details.trail = {
          name: trail.Name ?? '(unnamed)',
          multiRegion: Boolean(trail.IsMultiRegionTrail),
          logging,
          bucket: trail.S3BucketName,
          logGroup: trail.CloudWatchLogsLogGroupArn
            ? logGroupNameFromArn(trail.CloudWatchLogsLogGroupArn)
            : undefined,
        };
        if (error) {
          find(
            'cloudtrail',
            'unknown',
            `cannot read the status of trail ${trail.Name}: ${error}`,
          );
        } else if (!trail.IsMultiRegionTrail) {
          find(
            'cloudtrail',
            'critical',
            `trail ${trail.Name} covers one region only: make it multi-region`,
          );
        } else if (!logging) {
          find(
            'cloudtrail',
            'critical',
            `multi-region trail ${trail.Name} is not logging: start logging`,
          );
        } else {
          find(
            'cloudtrail',
            'ok',
            `multi-region trail ${trail.Name} is logging`,
          );
        }
        await Promise.all([
          this.trailBucket(details, accountId, part, { find, guard }),
          this.iamChangeAlarm(details, accountId, part, { find, guard }),
        ]);
      }),
      guard('access-keys', 'read the IAM access keys', async () => {
        const iam = await this.clients.iam(accountId);
        const keys = await readAccessKeys(
          iam,
          { maxAgeMs: this.config.maxAccessKeyAgeMs, now: context.now },
          part,
        );
        details.accessKeysChecked = keys.checked;
        details.accessKeys = keys.problems.slice(0, 50);
        if (keys.problems.length === 0) {
          find(
            'access-keys',
            'ok',
            `${keys.checked} active access keys, none older or unused for more than ${details.maxAccessKeyAgeDays} days`,
          );
        } else {
          const [first] = keys.problems;
          find(
            'access-keys',
            'warning',
            `${keys.problems.length} of ${keys.checked} active access keys need attention, e.g. ${first.userName}'s key …${first.keyIdEnding}: ${first.problem}`,
          );
        }
      }),
      guard(
        'reader-permissions',
        'read the permissions of the identity Ops Health reads with',
        async () => {
          const iam = await this.clients.iam(accountId);
          const reader = await readReaderWildcards(iam, caller.arn, part);
          if ('root' in reader) {
            find(
              'reader-permissions',
              'critical',
              "Ops Health reads with the account's root user: give it a least-privilege role",
            );
          } else if (reader.wildcards.length > 0) {
            find(
              'reader-permissions',
              'warning',
              `Ops Health's ${
                reader.principal
              } is allowed wildcard actions (${reader.wildcards.join(
                ', ',
              )}): grant only the actions the README lists`,
            );
          } else {
            find(
              'reader-permissions',
              'ok',
              `Ops Health's ${reader.principal} has no wildcard actions`,
            );
          }
        },
      ),
    ]);

    details.findings.sort(
      (a, b) =>
        CONTROL_ORDER.indexOf(a.control) - CONTROL_ORDER.indexOf(b.control) ||
        RANK[b.status] - RANK[a.status],
    );
    const worst = details.findings.reduce<PostureFinding['status']>(
      (w, f) => (RANK[f.status] > RANK[w] ? f.status : w),
      'ok',
    );
    const problems = details.findings.filter(f => f.status !== 'ok');
    const status: CheckStatus = worst;
    const message =
      problems.length === 0
        ? `Account ${caller.accountId}: CloudTrail, its bucket, the IAM change alarm, access keys and Ops Health's own permissions are as the runbook asks`
        : `Account ${caller.accountId}: ${problems
            .sort((a, b) => RANK[b.status] - RANK[a.status])
            .map(f => f.message)
            .join('; ')}`;
    return {
      entityRef: target.entityRef,
      checkId: this.id,
      subject: '',
      status,
      value: problems.length,
      unit: 'findings',
      headline: toHeadline(
        problems.length === 0
          ? 'Posture as the runbook asks'
          : `${problems.length} posture ${
              problems.length === 1 ? 'finding' : 'findings'
            }: ${problems[0].message}`,
      ),
      message,
      details,
      measuredAt: context.now,
      runbookSection: POSTURE_RUNBOOK_SECTION,
    };
  }

  private async trailBucket(
    details: PostureCheckDetails,
    accountId: string | undefined,
    part: PartContext,
    { find, guard }: Recorder,
  ) {
    const bucket = details.trail?.bucket;
    if (!bucket) return;
    await guard('trail-bucket', `read the trail bucket ${bucket}`, async () => {
      const s3 = await this.clients.s3(accountId);
      const p = await readBucketProtection(s3, bucket, part);
      const missing: string[] = [];
      if (!p.encrypted) missing.push('default encryption');
      if (!p.versioned) missing.push('versioning');
      if (!p.publicAccessBlocked) {
        find(
          'trail-bucket',
          'critical',
          `trail bucket ${bucket} does not block public access: turn on all four Block Public Access settings`,
        );
      }
      if (missing.length > 0) {
        find(
          'trail-bucket',
          'warning',
          `trail bucket ${bucket} lacks ${missing.join(' and ')}`,
        );
      }
      if (p.publicAccessBlocked && missing.length === 0) {
        find(
          'trail-bucket',
          'ok',
          `trail bucket ${bucket} is encrypted, versioned and blocks public access`,
        );
      }
    });
  }

  private async iamChangeAlarm(
    details: PostureCheckDetails,
    accountId: string | undefined,
    part: PartContext,
    { find, guard }: Recorder,
  ) {
    const logGroup = details.trail?.logGroup;
    if (!logGroup) {
      find(
        'iam-change-alarm',
        'warning',
        'the trail does not send its events to CloudWatch Logs, so no alarm can watch IAM policy changes',
      );
      return;
    }
    await guard(
      'iam-change-alarm',
      `read the metric filters of ${logGroup}`,
      async () => {
        const logs = await this.clients.cloudWatchLogs(accountId);
        const cloudWatch = await this.clients.cloudWatch(accountId);
        const found = await readIamChangeAlarm(
          logs,
          cloudWatch,
          logGroup,
          part,
        );
        if (found.missingEvents.length > 0) {
          find(
            'iam-change-alarm',
            'warning',
            found.filter
              ? `metric filter ${
                  found.filter
                } on ${logGroup} misses IAM policy changes (${found.missingEvents.join(
                  ', ',
                )})`
              : `no metric filter on ${logGroup} watches IAM policy changes (the CIS pattern: ${IAM_POLICY_EVENTS.length} events)`,
          );
        } else if (!found.alarm) {
          find(
            'iam-change-alarm',
            'warning',
            `metric filter ${found.filter} watches IAM policy changes but no alarm watches its metric`,
          );
        } else {
          find(
            'iam-change-alarm',
            'ok',
            `alarm ${found.alarm} watches IAM policy changes (metric filter ${found.filter})`,
          );
        }
      },
    );
  }
}
