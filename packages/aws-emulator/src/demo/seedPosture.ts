import {
  CloudTrailClient,
  CreateTrailCommand,
  DescribeTrailsCommand,
  StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateUserCommand,
  EntityAlreadyExistsException,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { MotoClientConfig } from '../clientConfig';
import { seedBucket } from '../seed/seedBucket';
import { DEMO_ACCOUNT, DEMO_POSTURE } from './demoStory';

async function ignoreExists(request: Promise<unknown>) {
  try {
    await request;
  } catch (error) {
    if (
      error instanceof ResourceAlreadyExistsException ||
      error instanceof EntityAlreadyExistsException
    ) {
      return;
    }
    throw error;
  }
}

/**
 * The demo account's audit logging and access control, as the runbook asks
 * but for one thing: the metric filter on IAM policy changes has no alarm.
 *
 * @public
 */
export async function seedPosture(config: MotoClientConfig): Promise<void> {
  const p = DEMO_POSTURE;
  await seedBucket(config, { name: p.trailBucket, versioning: true });
  const logs = new CloudWatchLogsClient(config);
  const cloudTrail = new CloudTrailClient(config);
  const iam = new IAMClient({ ...config, region: 'us-east-1' });
  try {
    await ignoreExists(
      logs.send(new CreateLogGroupCommand({ logGroupName: p.logGroup })),
    );
    const { trailList = [] } = await cloudTrail.send(
      new DescribeTrailsCommand({}),
    );
    if (!trailList.some(t => t.Name === p.trailName)) {
      await cloudTrail.send(
        new CreateTrailCommand({
          Name: p.trailName,
          S3BucketName: p.trailBucket,
          IsMultiRegionTrail: true,
          CloudWatchLogsLogGroupArn: `arn:aws:logs:${DEMO_ACCOUNT.region}:${DEMO_ACCOUNT.accountId}:log-group:${p.logGroup}:*`,
          CloudWatchLogsRoleArn: `arn:aws:iam::${DEMO_ACCOUNT.accountId}:role/cloudtrail-to-logs`,
        }),
      );
    }
    await cloudTrail.send(new StartLoggingCommand({ Name: p.trailName }));
    await logs.send(
      new PutMetricFilterCommand({
        logGroupName: p.logGroup,
        filterName: p.metricFilter,
        filterPattern: `{${p.iamPolicyEvents
          .map(e => `($.eventName=${e})`)
          .join('||')}}`,
        metricTransformations: [
          {
            metricName: 'IAMPolicyChanges',
            metricNamespace: 'CISBenchmark',
            metricValue: '1',
          },
        ],
      }),
    );
    // The identity Ops Health reads with in the demo (moto's default user),
    // allowed what it reads and nothing more.
    await ignoreExists(
      iam.send(new CreateUserCommand({ UserName: p.readerUser })),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: p.readerUser,
        PolicyName: 'ops-health-reader',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: p.readerActions, Resource: '*' },
          ],
        }),
      }),
    );
  } finally {
    logs.destroy();
    cloudTrail.destroy();
    iam.destroy();
  }
}
