import {
  CloudTrailClient,
  CreateTrailCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchClient,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  PutGroupPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  PutBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { seedBucket, useMotoServer } from '@internal/aws-emulator';
import {
  parseOpsHealthAnnotations,
  PostureCheckDetails,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckRunContext,
  CheckTarget,
} from '@ops-health/backstage-plugin-ops-health-node';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { readAwsChecksConfig } from '../config';
import {
  IAM_POLICY_EVENTS,
  watchesEvent,
  wildcardActions,
} from './readPosture';
import { PostureCheckProvider } from './PostureCheckProvider';
import { emptyHistory } from '../__testUtils__/emptyHistory';

const DAY = 86_400_000;
const ACCOUNT = '123456789012';
const CIS_PATTERN = `{${IAM_POLICY_EVENTS.map(e => `($.eventName=${e})`).join(
  '||',
)}}`;

function accountTarget(name: string, accountId?: string): CheckTarget {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: accountId ? { 'ops-health/aws-account-id': accountId } : {},
    },
    spec: { type: 'aws-account', owner: 'group:default/platform-team' },
  };
  return {
    entityRef: `resource:default/${name}`,
    entity,
    config: parseOpsHealthAnnotations(entity),
  };
}

function context(now: Date): CheckRunContext {
  return {
    signal: new AbortController().signal,
    logger: mockServices.logger.mock(),
    now,
    history: emptyHistory,
  };
}

function postureConfig(accounts: Array<{ accountId: string; entity: string }>) {
  return readAwsChecksConfig(
    new ConfigReader({ opsHealth: { posture: { accounts } } }),
  ).posture;
}

describe('PostureCheckProvider against moto', () => {
  const moto = useMotoServer();

  /** An account set up as the runbook asks. */
  async function seedGoodAccount() {
    const config = moto.clientConfig();
    await seedBucket(config, { name: 'org-trail-logs', versioning: true });
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'org-trail-logs',
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },
          ],
        },
      }),
    );
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'org-trail-logs',
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      }),
    );
    const logs = new CloudWatchLogsClient(config);
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'org-trail' }));
    const cloudTrail = new CloudTrailClient(config);
    await cloudTrail.send(
      new CreateTrailCommand({
        Name: 'org-trail',
        S3BucketName: 'org-trail-logs',
        IsMultiRegionTrail: true,
        CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:org-trail:*`,
        CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail-to-logs`,
      }),
    );
    await cloudTrail.send(new StartLoggingCommand({ Name: 'org-trail' }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: 'org-trail',
        filterName: 'iam-policy-changes',
        filterPattern: CIS_PATTERN,
        metricTransformations: [
          {
            metricName: 'IAMPolicyChanges',
            metricNamespace: 'CISBenchmark',
            metricValue: '1',
          },
        ],
      }),
    );
    await new CloudWatchClient(config).send(
      new PutMetricAlarmCommand({
        AlarmName: 'iam-policy-changes',
        MetricName: 'IAMPolicyChanges',
        Namespace: 'CISBenchmark',
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:security`],
      }),
    );
    // moto's credentials are user "moto": Ops Health reads as that user.
    const iam = new IAMClient(config);
    await iam.send(new CreateUserCommand({ UserName: 'moto' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'moto',
        PolicyName: 'ops-health-reader',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:ListBucket', 'cloudtrail:DescribeTrails'],
              Resource: '*',
            },
          ],
        }),
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'deploy-bot' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'deploy-bot' }));
    return { iam };
  }

  function provider(accounts = [{ accountId: ACCOUNT, entity: 'aws-main' }]) {
    return PostureCheckProvider.create({
      clients: createMotoClientFactory(moto.endpoint),
      config: postureConfig(accounts),
    });
  }

  it('applies to AWS account resources only', () => {
    const p = provider();
    expect(p.appliesTo(accountTarget('aws-main', ACCOUNT))).toBe(true);
    const component = accountTarget('svc', ACCOUNT);
    component.entity.kind = 'Component';
    expect(p.appliesTo(component)).toBe(false);
  });

  it('passes an account set up as the runbook asks', async () => {
    await seedGoodAccount();
    const output = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date()),
    );
    expect(output.failures).toEqual([]);
    const [result] = output.results;
    const details = result.details as PostureCheckDetails;
    expect(details.findings.map(f => [f.control, f.status])).toEqual([
      ['cloudtrail', 'ok'],
      ['trail-bucket', 'ok'],
      ['iam-change-alarm', 'ok'],
      ['access-keys', 'ok'],
      ['reader-permissions', 'ok'],
    ]);
    expect(result).toMatchObject({
      checkId: 'posture',
      status: 'ok',
      value: 0,
      runbookSection: 'access-control',
    });
    expect(details.trail).toEqual({
      name: 'org-trail',
      multiRegion: true,
      logging: true,
      bucket: 'org-trail-logs',
      logGroup: 'org-trail',
    });
    expect(details.accessKeysChecked).toBe(1);
  });

  it('finds old and unused keys and wildcard reader permissions, and judges the multi-region logging trail among others', async () => {
    const { iam } = await seedGoodAccount();
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'moto',
        PolicyName: 'too-broad',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      }),
    );
    // The bucket of a second, single-region trail: nothing protected.
    await seedBucket(moto.clientConfig(), {
      name: 'open-trail-logs',
      safeguards: false,
    });
    const cloudTrail = new CloudTrailClient(moto.clientConfig());
    await cloudTrail.send(
      new CreateTrailCommand({
        Name: 'local-trail',
        S3BucketName: 'open-trail-logs',
      }),
    );

    // 100 days on, the key made today is too old and was never used.
    const output = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date(Date.now() + 100 * DAY)),
    );
    const [result] = output.results;
    const details = result.details as PostureCheckDetails;
    expect(result.status).toBe('warning');
    expect(details.accessKeys).toEqual([
      {
        userName: 'deploy-bot',
        keyIdEnding: expect.stringMatching(/^.{4}$/),
        ageDays: 100,
        lastUsedDaysAgo: null,
        problem:
          '100 days old (max 90): rotate it; never used in 100 days: deactivate it',
      },
    ]);
    // Past the limit by hours: not "90 days old (max 90)".
    const justOver = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date(Date.now() + 90 * DAY + 5 * 3600_000)),
    );
    expect(
      (justOver.results[0].details as PostureCheckDetails).accessKeys[0]
        .problem,
    ).toBe(
      'more than 90 days old (max 90): rotate it; never used in more than 90 days: deactivate it',
    );
    const byControl = Object.fromEntries(
      details.findings.map(f => [f.control, f]),
    );
    expect(byControl['reader-permissions']).toEqual({
      control: 'reader-permissions',
      status: 'warning',
      message:
        "Ops Health's user moto is allowed wildcard actions (s3:*): grant only the actions the README lists",
    });
    // The multi-region, logging trail is the one judged.
    expect(byControl.cloudtrail.status).toBe('ok');
    expect(result.message).toMatch(/^Account 123456789012: /);
  });

  it('is critical without a logging multi-region trail, and says what is missing', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'open-trail-logs',
      safeguards: false,
    });
    const cloudTrail = new CloudTrailClient(moto.clientConfig());
    await cloudTrail.send(
      new CreateTrailCommand({
        Name: 'local-trail',
        S3BucketName: 'open-trail-logs',
      }),
    );
    const output = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date()),
    );
    const [result] = output.results;
    const details = result.details as PostureCheckDetails;
    expect(result.status).toBe('critical');
    expect(details.findings).toEqual(
      expect.arrayContaining([
        {
          control: 'cloudtrail',
          status: 'critical',
          message:
            'trail local-trail covers one region only: make it multi-region',
        },
        {
          control: 'trail-bucket',
          status: 'critical',
          message:
            'trail bucket open-trail-logs does not block public access: turn on all four Block Public Access settings',
        },
        {
          control: 'trail-bucket',
          status: 'warning',
          message:
            'trail bucket open-trail-logs lacks default encryption and versioning',
        },
        {
          control: 'iam-change-alarm',
          status: 'warning',
          message:
            'the trail does not send its events to CloudWatch Logs, so no alarm can watch IAM policy changes',
        },
      ]),
    );
    // moto's user has no IAM user record here: that control is unknown, not ok.
    expect(
      details.findings.find(f => f.control === 'reader-permissions')?.status,
    ).toBe('unknown');
  });

  it('reads no account for an entity the config does not list, or whose annotation disagrees', async () => {
    const p = provider([{ accountId: ACCOUNT, entity: 'aws-main' }]);
    const output = await p.run(
      [
        accountTarget('aws-impostor', ACCOUNT),
        accountTarget('aws-main', '210987654321'),
      ],
      context(new Date()),
    );
    expect(output.calls).toEqual({});
    expect(output.results.map(r => [r.entityRef, r.status])).toEqual([
      ['resource:default/aws-impostor', 'misconfigured'],
      ['resource:default/aws-main', 'misconfigured'],
    ]);
    expect(output.results[0].message).toContain(
      'not listed in opsHealth.posture.accounts',
    );
    expect(output.results[1].message).toContain('make them agree');
  });

  it("counts what the reading user's groups allow", async () => {
    const { iam } = await seedGoodAccount();
    await iam.send(new CreateGroupCommand({ GroupName: 'operators' }));
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'operators',
        PolicyName: 'broad',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' },
          ],
        }),
      }),
    );
    await iam.send(
      new AddUserToGroupCommand({ GroupName: 'operators', UserName: 'moto' }),
    );
    const output = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date()),
    );
    const details = output.results[0].details as PostureCheckDetails;
    expect(
      details.findings.find(f => f.control === 'reader-permissions'),
    ).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('(ec2:Describe*)'),
    });
  });

  it('finds a multi-region trail made in another region', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'west-trail-logs',
      versioning: true,
    });
    const west = new CloudTrailClient({
      ...moto.clientConfig(),
      region: 'us-west-2',
    });
    await west.send(
      new CreateTrailCommand({
        Name: 'org-trail-west',
        S3BucketName: 'west-trail-logs',
        IsMultiRegionTrail: true,
      }),
    );
    await west.send(new StartLoggingCommand({ Name: 'org-trail-west' }));
    const output = await provider().run(
      [accountTarget('aws-main', ACCOUNT)],
      context(new Date()),
    );
    const details = output.results[0].details as PostureCheckDetails;
    expect(details.findings.find(f => f.control === 'cloudtrail')).toEqual({
      control: 'cloudtrail',
      status: 'ok',
      message: 'multi-region trail org-trail-west is logging',
    });
  });

  it('names the key of a bad posture config', () => {
    expect(() =>
      postureConfig([{ accountId: '12345', entity: 'aws-main' }]),
    ).toThrow(/opsHealth\.posture\.accounts\[0\]\.accountId/);
  });
});

describe('posture rules', () => {
  it('counts an event only when a filter term names it exactly', () => {
    const cis = `{ ($.eventName = CreatePolicyVersion) || ($.eventName != PutRolePolicy) || ($.eventName=DeleteRolePolicy) }`;
    expect(watchesEvent(cis, 'CreatePolicyVersion')).toBe(true);
    expect(watchesEvent(cis, 'DeleteRolePolicy')).toBe(true);
    // A longer name is not the event; a negation does not watch it.
    expect(watchesEvent(cis, 'CreatePolicy')).toBe(false);
    expect(watchesEvent(cis, 'PutRolePolicy')).toBe(false);
  });

  it('flags every wildcard action, not only *', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:Get*'], Resource: '*' },
        { Effect: 'Allow', Action: 'iam:?etRole', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ],
    });
    expect(wildcardActions(encodeURIComponent(policy))).toEqual([
      's3:Get*',
      'iam:?etRole',
      'NotAction (allows all but a list)',
    ]);
    expect(
      wildcardActions(
        JSON.stringify({
          Statement: { Effect: 'Allow', Action: 's3:ListBucket' },
        }),
      ),
    ).toEqual([]);
  });
});
