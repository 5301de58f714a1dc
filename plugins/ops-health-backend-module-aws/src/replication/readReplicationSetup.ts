import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetBucketReplicationCommand,
  GetBucketVersioningCommand,
  ReplicationConfiguration,
  ReplicationRule,
  S3Client,
} from '@aws-sdk/client-s3';
import type {
  ReplicationCheckDetails,
  ReplicationRuleDetails,
  ReplicationVersioningStatus,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  bucketFromArn,
  CallCounter,
  errorName,
  roleNameFromArn,
} from '../awsCalls';
import { bucketSafeguardProblem } from '../posture/readPosture';

export type {
  ReplicationCheckDetails,
  ReplicationRuleDetails,
  ReplicationVersioningStatus,
};

/** A replication rule as read from S3, before metrics are added. */
export type ReplicationRuleSetup = Omit<ReplicationRuleDetails, 'metrics'>;

/** What S3 and IAM say about one source bucket. */
export type ReplicationSetup = Pick<
  ReplicationCheckDetails,
  | 'bucket'
  | 'exists'
  | 'configured'
  | 'sourceVersioning'
  | 'role'
  | 'unprotected'
> & { rules: ReplicationRuleSetup[] };

/** The service principal S3 uses to assume the replication role. */
export const S3_SERVICE_PRINCIPAL = 's3.amazonaws.com';

/**
 * Parses the rules of a replication configuration.
 */
export function parseReplicationRules(
  configuration: ReplicationConfiguration | undefined,
): Omit<ReplicationRuleSetup, 'destinationVersioning'>[] {
  return (configuration?.Rules ?? []).map((rule: ReplicationRule, index) => {
    const filter = rule.Filter;
    let tags = filter?.Tag ? [filter.Tag] : undefined;
    if (!tags && filter?.And?.Tags?.length) tags = filter.And.Tags;
    return {
      id: rule.ID ?? `rule-${index + 1}`,
      status: rule.Status === 'Enabled' ? 'Enabled' : 'Disabled',
      priority: rule.Priority,
      prefix: filter?.Prefix ?? filter?.And?.Prefix ?? rule.Prefix ?? '',
      ...(tags
        ? { tags: tags.map(t => ({ key: t.Key ?? '', value: t.Value ?? '' })) }
        : {}),
      destinationBucket: bucketFromArn(rule.Destination?.Bucket ?? ''),
      ...(rule.Destination?.Account
        ? { destinationAccount: rule.Destination.Account }
        : {}),
      ...(rule.Destination?.StorageClass
        ? { storageClass: rule.Destination.StorageClass }
        : {}),
      metricsEnabled: rule.Destination?.Metrics?.Status === 'Enabled',
    };
  });
}

type PolicyStatement = {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | { Service?: string | string[]; AWS?: string | string[] };
};

/**
 * Whether an IAM trust policy (`AssumeRolePolicyDocument`, URL-encoded JSON
 * as IAM returns it, or plain JSON) lets the service assume the role.
 * Conditions are not evaluated.
 */
export function trustPolicyAllowsService(
  document: string | undefined,
  service: string,
): boolean {
  if (!document) return false;
  let policy: { Statement?: PolicyStatement | PolicyStatement[] };
  try {
    const text = document.trim().startsWith('{')
      ? document
      : decodeURIComponent(document);
    policy = JSON.parse(text);
  } catch {
    return false;
  }
  const list = <T>(v: T | T[] | undefined): T[] => {
    if (v === undefined) return [];
    return Array.isArray(v) ? v : [v];
  };
  const statements = list(policy.Statement);
  const applies = (s: PolicyStatement) => {
    const actions = list(s.Action).map(a => a.toLowerCase());
    const actionMatches = actions.some(
      a => a === 'sts:assumerole' || a === 'sts:*' || a === '*',
    );
    const principal = s.Principal;
    const principalMatches =
      principal === '*' ||
      (typeof principal === 'object' &&
        principal !== null &&
        (list(principal.Service).includes(service) ||
          list(principal.AWS).includes('*')));
    return actionMatches && principalMatches;
  };
  if (statements.some(s => s.Effect === 'Deny' && applies(s))) return false;
  return statements.some(s => s.Effect === 'Allow' && applies(s));
}

function versioningStatus(
  status: string | undefined,
): ReplicationVersioningStatus {
  if (status === 'Enabled' || status === 'Suspended') return status;
  return 'Disabled';
}

/**
 * Reads the replication setup of source buckets in one account: each bucket,
 * destination and role is asked for once per reader, however many entities
 * or rules refer to it.
 */
export class ReplicationSetupReader {
  private readonly setups = new Map<string, Promise<ReplicationSetup>>();
  private readonly versionings = new Map<
    string,
    Promise<ReplicationVersioningStatus | 'BucketMissing'>
  >();
  private readonly roles = new Map<
    string,
    Promise<{ exists: boolean; trustsS3: boolean }>
  >();

  constructor(
    private readonly options: {
      s3: () => Promise<S3Client>;
      iam: () => Promise<IAMClient>;
      calls: CallCounter;
      signal: AbortSignal;
    },
  ) {}

  /** Reads one source bucket; throws on errors other than "not found". */
  read(bucket: string): Promise<ReplicationSetup> {
    let setup = this.setups.get(bucket);
    if (!setup) {
      setup = this.readSetup(bucket);
      this.setups.set(bucket, setup);
    }
    return setup;
  }

  private async readSetup(bucket: string): Promise<ReplicationSetup> {
    const { calls, signal } = this.options;
    const s3 = await this.options.s3();
    let configuration: ReplicationConfiguration | undefined;
    try {
      calls.add('GetBucketReplication');
      const output = await s3.send(
        new GetBucketReplicationCommand({ Bucket: bucket }),
        { abortSignal: signal },
      );
      configuration = output.ReplicationConfiguration;
    } catch (error) {
      const name = errorName(error);
      if (name === 'NoSuchBucket') {
        return { bucket, exists: false, configured: false, rules: [] };
      }
      if (name !== 'ReplicationConfigurationNotFoundError') throw error;
    }

    const parsedRules = parseReplicationRules(configuration);
    const roleArn = configuration?.Role;
    const [sourceVersioning, destinations, role, unprotected] =
      await Promise.all([
        this.versioning(bucket),
        Promise.all(parsedRules.map(r => this.versioning(r.destinationBucket))),
        roleArn ? this.role(roleArn) : undefined,
        bucketSafeguardProblem(s3, bucket, 'source bucket', {
          signal,
          counter: calls,
        }),
      ]);
    if (sourceVersioning === 'BucketMissing') {
      // Deleted between the two calls.
      return { bucket, exists: false, configured: false, rules: [] };
    }
    return {
      bucket,
      exists: true,
      configured: Boolean(configuration),
      sourceVersioning,
      ...(unprotected ? { unprotected } : {}),
      ...(roleArn && role
        ? { role: { arn: roleArn, name: roleNameFromArn(roleArn), ...role } }
        : {}),
      rules: parsedRules.map((rule, i) => ({
        ...rule,
        destinationVersioning: destinations[i],
      })),
    };
  }

  private versioning(
    bucket: string,
  ): Promise<ReplicationVersioningStatus | 'BucketMissing'> {
    let versioning = this.versionings.get(bucket);
    if (!versioning) {
      versioning = (async () => {
        const s3 = await this.options.s3();
        try {
          this.options.calls.add('GetBucketVersioning');
          const output = await s3.send(
            new GetBucketVersioningCommand({ Bucket: bucket }),
            { abortSignal: this.options.signal },
          );
          return versioningStatus(output.Status);
        } catch (error) {
          if (errorName(error) === 'NoSuchBucket') return 'BucketMissing';
          throw error;
        }
      })();
      this.versionings.set(bucket, versioning);
    }
    return versioning;
  }

  private role(arn: string): Promise<{ exists: boolean; trustsS3: boolean }> {
    const name = roleNameFromArn(arn);
    let role = this.roles.get(name);
    if (!role) {
      role = (async () => {
        const iam = await this.options.iam();
        try {
          this.options.calls.add('GetRole');
          const output = await iam.send(
            new GetRoleCommand({ RoleName: name }),
            {
              abortSignal: this.options.signal,
            },
          );
          return {
            exists: true,
            trustsS3: trustPolicyAllowsService(
              output.Role?.AssumeRolePolicyDocument,
              S3_SERVICE_PRINCIPAL,
            ),
          };
        } catch (error) {
          const code = errorName(error);
          if (code === 'NoSuchEntity' || code === 'NoSuchEntityException') {
            return { exists: false, trustsS3: false };
          }
          throw error;
        }
      })();
      this.roles.set(name, role);
    }
    return role;
  }
}
