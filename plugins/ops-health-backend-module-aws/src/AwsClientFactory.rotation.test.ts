import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { MotoServer, startMotoServer } from '@internal/aws-emulator';
import { DefaultAwsClientFactory } from './AwsClientFactory';

jest.setTimeout(120_000);

/** A root config whose contents change, telling subscribers, as Backstage's does when its file changes. */
function changingConfig(initial: JsonObject) {
  let current = new ConfigReader(initial);
  const listeners: Array<() => void> = [];
  const config = new Proxy({} as Config, {
    get(_, prop) {
      if (prop === 'subscribe') {
        return (listener: () => void) => {
          listeners.push(listener);
          return { unsubscribe: () => {} };
        };
      }
      const value = (current as any)[prop];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
  return {
    config,
    set(data: JsonObject) {
      current = new ConfigReader(data);
      listeners.forEach(l => l());
    },
  };
}

const awsConfig = (key: {
  AccessKeyId?: string;
  SecretAccessKey?: string;
}) => ({
  aws: {
    mainAccount: {
      accessKeyId: key.AccessKeyId!,
      secretAccessKey: key.SecretAccessKey!,
    },
  },
});

describe('DefaultAwsClientFactory credential rotation', () => {
  let moto: MotoServer;
  // moto answers the first 4 requests without credentials (to create the
  // user, its policy, its first key and a bucket), then checks every
  // request's access key and the user's IAM policy, as AWS does.
  beforeAll(async () => {
    moto = await startMotoServer({
      env: { INITIAL_NO_AUTH_ACTION_COUNT: '4' },
    });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('picks up a rotated access key without a restart; the old key stops working', async () => {
    const bootstrap = {
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    };
    const iam = new IAMClient(bootstrap);
    await iam.send(new CreateUserCommand({ UserName: 'ops-health' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ops-health',
        PolicyName: 'read-and-rotate',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['s3:*', 'iam:*'], Resource: '*' },
          ],
        }),
      }),
    );
    const { AccessKey: first } = await iam.send(
      new CreateAccessKeyCommand({ UserName: 'ops-health' }),
    );
    const s3 = new S3Client({ ...bootstrap, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'billing-ledger' }));
    iam.destroy();
    s3.destroy();

    const { config, set } = changingConfig(awsConfig(first!));
    const options = {
      region: 'us-east-1',
      maxAttempts: 1,
      endpoint: moto.endpoint,
    };
    const factory = DefaultAwsClientFactory.fromConfig(config, options);
    // Kept on the first key, as a factory without rotation would be.
    const stale = DefaultAwsClientFactory.fromConfig(
      new ConfigReader(awsConfig(first!)),
      options,
    );
    const listBuckets = async (f: DefaultAwsClientFactory) => {
      const client = await f.s3();
      const { Buckets = [] } = await client.send(new ListBucketsCommand({}));
      return Buckets.map(b => b.Name);
    };

    // Collect with the first key.
    expect(await listBuckets(factory)).toEqual(['billing-ledger']);
    expect(await listBuckets(stale)).toEqual(['billing-ledger']);

    // Rotate: a new key, into the config, then revoke the old one.
    const admin = await factory.iam();
    const { AccessKey: second } = await admin.send(
      new CreateAccessKeyCommand({ UserName: 'ops-health' }),
    );
    set(awsConfig(second!));
    const rotatedAdmin = await factory.iam();
    await rotatedAdmin.send(
      new DeleteAccessKeyCommand({
        UserName: 'ops-health',
        AccessKeyId: first!.AccessKeyId,
      }),
    );

    // The next collection works, on the new key; the old key is refused.
    expect(await listBuckets(factory)).toEqual(['billing-ledger']);
    await expect(listBuckets(stale)).rejects.toThrow(
      /InvalidAccessKeyId|not valid|security token|does not exist/i,
    );
  });
});
