import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchClient,
  DescribeAlarmsForMetricCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DescribeMetricFiltersCommand,
  MetricFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  GetAccessKeyLastUsedCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  User,
} from '@aws-sdk/client-iam';
import {
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  PostureAccessKey,
  PostureFinding,
} from '@ops-health/backstage-plugin-ops-health-common';
import { CallCounter, errorName, mapWithConcurrency } from '../awsCalls';

/** What a part of a run needs. */
export interface PartContext {
  signal: AbortSignal;
  counter: CallCounter;
}

const DAY_MS = 86_400_000;

/**
 * The IAM policy changes the CIS AWS Foundations Benchmark metric filter
 * watches (CloudWatch control 4.4 / CIS 3.4).
 */
export const IAM_POLICY_EVENTS = [
  'DeleteGroupPolicy',
  'DeleteRolePolicy',
  'DeleteUserPolicy',
  'PutGroupPolicy',
  'PutRolePolicy',
  'PutUserPolicy',
  'CreatePolicy',
  'DeletePolicy',
  'CreatePolicyVersion',
  'DeletePolicyVersion',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

/** The account and identity the credentials reach. */
export async function readCallerIdentity(
  sts: STSClient,
  { signal, counter }: PartContext,
): Promise<{ accountId: string; arn: string }> {
  counter.add('GetCallerIdentity');
  const identity = await sts.send(new GetCallerIdentityCommand({}), {
    abortSignal: signal,
  });
  return { accountId: identity.Account ?? '', arn: identity.Arn ?? '' };
}

/** The account's trails with whether each is logging. */
export async function readTrails(
  cloudTrail: CloudTrailClient,
  { signal, counter }: PartContext,
): Promise<Array<{ trail: Trail; logging: boolean; error?: string }>> {
  counter.add('DescribeTrails');
  // With shadow trails: a multi-region trail made in another region (or an
  // organization trail) is listed here too.
  const { trailList = [] } = await cloudTrail.send(
    new DescribeTrailsCommand({ includeShadowTrails: true }),
    { abortSignal: signal },
  );
  return Promise.all(
    trailList.map(async trail => {
      counter.add('GetTrailStatus');
      try {
        const status = await cloudTrail.send(
          new GetTrailStatusCommand({ Name: trail.TrailARN ?? trail.Name }),
          { abortSignal: signal },
        );
        return { trail, logging: Boolean(status.IsLogging) };
      } catch (error) {
        if (signal.aborted) throw error;
        // One trail's status unreadable does not hide the others.
        return { trail, logging: false, error: errorName(error) ?? 'Error' };
      }
    }),
  );
}

/** Calls an S3 API whose "not configured" answer is an error. */
async function unlessAbsent<T>(
  counter: CallCounter,
  api: string,
  notFound: string[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  counter.add(api);
  try {
    return await call();
  } catch (error) {
    if (notFound.includes(errorName(error) ?? '')) return undefined;
    throw error;
  }
}

/**
 * Whether a bucket has default encryption and blocks public access (all
 * four Block Public Access settings).
 *
 * @internal
 */
export async function readBucketSafeguards(
  s3: S3Client,
  bucket: string,
  { signal, counter }: PartContext,
): Promise<{ encrypted: boolean; publicAccessBlocked: boolean }> {
  const [encryption, block] = await Promise.all([
    unlessAbsent(
      counter,
      'GetBucketEncryption',
      ['ServerSideEncryptionConfigurationNotFoundError'],
      () =>
        s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }), {
          abortSignal: signal,
        }),
    ),
    unlessAbsent(
      counter,
      'GetPublicAccessBlock',
      ['NoSuchPublicAccessBlockConfiguration'],
      () =>
        s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), {
          abortSignal: signal,
        }),
    ),
  ]);
  const b = block?.PublicAccessBlockConfiguration;
  return {
    encrypted:
      (encryption?.ServerSideEncryptionConfiguration?.Rules ?? []).length > 0,
    publicAccessBlocked: Boolean(
      b?.BlockPublicAcls &&
        b.IgnorePublicAcls &&
        b.BlockPublicPolicy &&
        b.RestrictPublicBuckets,
    ),
  };
}

/** Default encryption, public access block and versioning of a bucket. */
export async function readBucketProtection(
  s3: S3Client,
  bucket: string,
  part: PartContext,
): Promise<{
  encrypted: boolean;
  publicAccessBlocked: boolean;
  versioned: boolean;
}> {
  part.counter.add('GetBucketVersioning');
  const [safeguards, versioning] = await Promise.all([
    readBucketSafeguards(s3, bucket, part),
    s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), {
      abortSignal: part.signal,
    }),
  ]);
  return { ...safeguards, versioned: versioning.Status === 'Enabled' };
}

/**
 * What a bucket lacks of encryption and public access block, as a sentence
 * for the checks of the entities whose data it holds (or why they cannot be
 * read); undefined when it has both.
 *
 * @internal
 */
export async function bucketSafeguardProblem(
  s3: S3Client,
  bucket: string,
  what: string,
  part: PartContext,
): Promise<string | undefined> {
  let safeguards;
  try {
    safeguards = await readBucketSafeguards(s3, bucket, part);
  } catch (error) {
    if (part.signal.aborted) throw error;
    // A bucket gone is the check's own finding; anything else is said.
    if (errorName(error) === 'NoSuchBucket') return undefined;
    return `cannot read the encryption and public access block of ${what} ${bucket} (${
      errorName(error) ?? 'Error'
    }): grant s3:GetEncryptionConfiguration and s3:GetBucketPublicAccessBlock`;
  }
  const missing: string[] = [];
  if (!safeguards.encrypted) missing.push('default encryption');
  if (!safeguards.publicAccessBlocked) missing.push('public access block');
  return missing.length
    ? `${what} ${bucket} has no ${missing.join(' and no ')}`
    : undefined;
}

/**
 * Whether a metric filter pattern matches the event by name: an
 * `$.eventName = Name` term (not `!=`, not a longer name such as
 * CreatePolicyVersion for CreatePolicy).
 *
 * @internal
 */
export function watchesEvent(pattern: string, eventName: string): boolean {
  return new RegExp(
    `\\$\\.eventName\\s*=\\s*"?${eventName}"?(?![A-Za-z0-9])`,
  ).test(pattern);
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]` → NAME */
export function logGroupNameFromArn(arn: string): string | undefined {
  const match = /:log-group:(.+?)(?::\*)?$/.exec(arn);
  return match?.[1];
}

/**
 * The metric filter on the trail's log group that watches every IAM policy
 * change, and whether an alarm watches its metric; otherwise what is missing.
 */
export async function readIamChangeAlarm(
  logs: CloudWatchLogsClient,
  cloudWatch: CloudWatchClient,
  logGroupName: string,
  { signal, counter }: PartContext,
): Promise<{ filter?: string; alarm?: string; missingEvents: string[] }> {
  const filters: MetricFilter[] = [];
  let token: string | undefined;
  do {
    counter.add('DescribeMetricFilters');
    const page = await logs.send(
      new DescribeMetricFiltersCommand({ logGroupName, nextToken: token }),
      { abortSignal: signal },
    );
    filters.push(...(page.metricFilters ?? []));
    token = page.nextToken;
  } while (token);

  let best: { filter: MetricFilter; missing: string[] } | undefined;
  for (const filter of filters) {
    const pattern = filter.filterPattern ?? '';
    const missing = IAM_POLICY_EVENTS.filter(e => !watchesEvent(pattern, e));
    if (!best || missing.length < best.missing.length) {
      best = { filter, missing };
    }
  }
  if (!best || best.missing.length > 0) {
    return {
      filter: best?.filter.filterName,
      missingEvents: best?.missing ?? [...IAM_POLICY_EVENTS],
    };
  }
  for (const transformation of best.filter.metricTransformations ?? []) {
    if (!transformation.metricName || !transformation.metricNamespace) continue;
    counter.add('DescribeAlarmsForMetric');
    const { MetricAlarms = [] } = await cloudWatch.send(
      new DescribeAlarmsForMetricCommand({
        MetricName: transformation.metricName,
        Namespace: transformation.metricNamespace,
      }),
      { abortSignal: signal },
    );
    // An alarm that tells nobody does not watch.
    const alarm = MetricAlarms.find(
      a => a.ActionsEnabled !== false && (a.AlarmActions ?? []).length > 0,
    );
    if (alarm) {
      return {
        filter: best.filter.filterName,
        alarm: alarm.AlarmName,
        missingEvents: [],
      };
    }
  }
  return { filter: best.filter.filterName, missingEvents: [] };
}

/**
 * Active access keys older than the maximum age, or unused for as long
 * (never used keys count from their creation).
 */
export async function readAccessKeys(
  iam: IAMClient,
  options: { maxAgeMs: number; now: Date },
  { signal, counter }: PartContext,
): Promise<{ checked: number; problems: PostureAccessKey[] }> {
  const users: User[] = [];
  let marker: string | undefined;
  do {
    counter.add('ListUsers');
    const page = await iam.send(new ListUsersCommand({ Marker: marker }), {
      abortSignal: signal,
    });
    users.push(...(page.Users ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  const now = options.now.getTime();
  const maxDays = Math.round(options.maxAgeMs / DAY_MS);
  let checked = 0;
  const perUser = await mapWithConcurrency(users, 4, async user => {
    const userName = user.UserName!;
    counter.add('ListAccessKeys');
    let AccessKeyMetadata;
    try {
      ({ AccessKeyMetadata = [] } = await iam.send(
        new ListAccessKeysCommand({ UserName: userName }),
        { abortSignal: signal },
      ));
    } catch (error) {
      // A user deleted since the listing has no keys to judge.
      if (errorName(error) === 'NoSuchEntity') return [];
      throw error;
    }
    const problems: PostureAccessKey[] = [];
    for (const key of AccessKeyMetadata) {
      if (key.Status !== 'Active' || !key.AccessKeyId) continue;
      checked++;
      counter.add('GetAccessKeyLastUsed');
      const used = await iam.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }),
        { abortSignal: signal },
      );
      const created = key.CreateDate?.getTime() ?? now;
      const lastUsed = used.AccessKeyLastUsed?.LastUsedDate?.getTime();
      const ageMs = now - created;
      const idleMs = now - (lastUsed ?? created);
      const ageDays = Math.floor(ageMs / DAY_MS);
      const lastUsedDaysAgo =
        lastUsed === undefined ? null : Math.floor((now - lastUsed) / DAY_MS);
      const reasons: string[] = [];
      // Whole days, rounded down: past the limit by less than a day, a key
      // of 90 days and some hours is "more than 90 days", not "90 (max 90)".
      const days = (n: number) =>
        n > maxDays ? `${n} days` : `more than ${maxDays} days`;
      if (ageMs > options.maxAgeMs) {
        reasons.push(`${days(ageDays)} old (max ${maxDays}): rotate it`);
      }
      if (idleMs > options.maxAgeMs) {
        reasons.push(
          lastUsedDaysAgo === null
            ? `never used in ${days(ageDays)}: deactivate it`
            : `unused for ${days(lastUsedDaysAgo)}: deactivate it`,
        );
      }
      if (reasons.length > 0) {
        problems.push({
          userName,
          keyIdEnding: key.AccessKeyId.slice(-4),
          ageDays,
          lastUsedDaysAgo,
          problem: reasons.join('; '),
        });
      }
    }
    return problems;
  });
  return {
    checked,
    problems: perUser.flat().sort((a, b) => b.ageDays - a.ageDays),
  };
}

type PolicyStatement = {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
};

/** Allowed actions of a policy document that are wildcards (`*`, `s3:*`, `s3:Get*`, NotAction). */
export function wildcardActions(document: string | undefined): string[] {
  if (!document) return [];
  let parsed: { Statement?: PolicyStatement | PolicyStatement[] };
  try {
    parsed = JSON.parse(decodeURIComponent(document));
  } catch {
    try {
      parsed = JSON.parse(document);
    } catch {
      return [];
    }
  }
  const statements = [parsed.Statement ?? []].flat();
  const found: string[] = [];
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    if (statement.NotAction) found.push('NotAction (allows all but a list)');
    const actions = [statement.Action ?? []].flat();
    for (const action of actions) {
      // `*`, `s3:*`, and patterns such as `s3:Get*` or `iam:?etRole`.
      if (/[*?]/.test(action)) found.push(action);
    }
  }
  return found;
}

/**
 * The wildcard actions allowed to the identity Ops Health reads with (its
 * inline and attached policies), for a role or a user.
 */
export async function readReaderWildcards(
  iam: IAMClient,
  callerArn: string,
  { signal, counter }: PartContext,
): Promise<{ principal: string; wildcards: string[] } | { root: true }> {
  if (/:root$/.test(callerArn)) return { root: true };
  const role = /:assumed-role\/([^/]+)\//.exec(callerArn)?.[1];
  const user = role
    ? undefined
    : /:user\/(?:.*\/)?([^/]+)$/.exec(callerArn)?.[1];
  if (!role && !user) {
    throw new Error(`cannot tell the role or user of ${callerArn}`);
  }
  const options = { abortSignal: signal };
  /** Every page of an IAM list call (Marker / IsTruncated). */
  const all = async <T>(
    api: string,
    page: (
      marker?: string,
    ) => Promise<{ items?: T[]; IsTruncated?: boolean; Marker?: string }>,
  ): Promise<T[]> => {
    const items: T[] = [];
    let marker: string | undefined;
    do {
      counter.add(api);
      const out = await page(marker);
      items.push(...(out.items ?? []));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return items;
  };
  const documents: Array<string | undefined> = [];
  const attachedArns: string[] = [];

  if (role) {
    for (const name of await all('ListRolePolicies', async Marker => {
      const o = await iam.send(
        new ListRolePoliciesCommand({ RoleName: role, Marker }),
        options,
      );
      return { ...o, items: o.PolicyNames };
    })) {
      counter.add('GetRolePolicy');
      const policy = await iam.send(
        new GetRolePolicyCommand({ RoleName: role, PolicyName: name }),
        options,
      );
      documents.push(policy.PolicyDocument);
    }
    const attached = await all('ListAttachedRolePolicies', async Marker => {
      const o = await iam.send(
        new ListAttachedRolePoliciesCommand({ RoleName: role, Marker }),
        options,
      );
      return { ...o, items: o.AttachedPolicies };
    });
    attachedArns.push(...attached.map(p => p.PolicyArn!).filter(Boolean));
  } else {
    for (const name of await all('ListUserPolicies', async Marker => {
      const o = await iam.send(
        new ListUserPoliciesCommand({ UserName: user, Marker }),
        options,
      );
      return { ...o, items: o.PolicyNames };
    })) {
      counter.add('GetUserPolicy');
      const policy = await iam.send(
        new GetUserPolicyCommand({ UserName: user, PolicyName: name }),
        options,
      );
      documents.push(policy.PolicyDocument);
    }
    const attached = await all('ListAttachedUserPolicies', async Marker => {
      const o = await iam.send(
        new ListAttachedUserPoliciesCommand({ UserName: user, Marker }),
        options,
      );
      return { ...o, items: o.AttachedPolicies };
    });
    attachedArns.push(...attached.map(p => p.PolicyArn!).filter(Boolean));
    // A user also has what its groups allow.
    const groups = await all('ListGroupsForUser', async Marker => {
      const o = await iam.send(
        new ListGroupsForUserCommand({ UserName: user, Marker }),
        options,
      );
      return { ...o, items: o.Groups };
    });
    for (const group of groups) {
      const GroupName = group.GroupName!;
      for (const name of await all('ListGroupPolicies', async Marker => {
        const o = await iam.send(
          new ListGroupPoliciesCommand({ GroupName, Marker }),
          options,
        );
        return { ...o, items: o.PolicyNames };
      })) {
        counter.add('GetGroupPolicy');
        const policy = await iam.send(
          new GetGroupPolicyCommand({ GroupName, PolicyName: name }),
          options,
        );
        documents.push(policy.PolicyDocument);
      }
      const groupAttached = await all(
        'ListAttachedGroupPolicies',
        async Marker => {
          const o = await iam.send(
            new ListAttachedGroupPoliciesCommand({ GroupName, Marker }),
            options,
          );
          return { ...o, items: o.AttachedPolicies };
        },
      );
      attachedArns.push(
        ...groupAttached.map(p => p.PolicyArn!).filter(Boolean),
      );
    }
  }

  for (const policyArn of new Set(attachedArns)) {
    counter.add('GetPolicy');
    const meta = await iam.send(
      new GetPolicyCommand({ PolicyArn: policyArn }),
      options,
    );
    counter.add('GetPolicyVersion');
    const version = await iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: policyArn,
        VersionId: meta.Policy?.DefaultVersionId,
      }),
      options,
    );
    documents.push(version.PolicyVersion?.Document);
  }
  return {
    principal: role ? `role ${role}` : `user ${user}`,
    wildcards: [...new Set(documents.flatMap(wildcardActions))],
  };
}

/** Findings in the order people read them. */
export const CONTROL_ORDER: PostureFinding['control'][] = [
  'account',
  'cloudtrail',
  'trail-bucket',
  'iam-change-alarm',
  'access-keys',
  'reader-permissions',
];
