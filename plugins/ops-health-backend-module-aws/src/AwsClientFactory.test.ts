import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { DefaultAwsClientFactory } from './AwsClientFactory';

const staticCredentials: AwsCredentialsManager = {
  getCredentialProvider: async () => ({
    sdkCredentialProvider: async () => ({
      accessKeyId: 'test',
      secretAccessKey: 'test',
    }),
  }),
};

describe('DefaultAwsClientFactory', () => {
  it('makes clients without the SDK logger middleware, which copies every answer for a logger they do not have', async () => {
    const factory = new DefaultAwsClientFactory({
      credentialsManager: staticCredentials,
      region: 'eu-west-1',
      maxAttempts: 3,
    });
    const clients = await Promise.all([
      factory.s3(),
      factory.costExplorer('111111111111'),
      factory.cloudWatch(),
      factory.cloudWatchLogs(),
      factory.iam(),
      factory.lambda(),
      factory.backup(),
      factory.cloudTrail(),
      factory.sts(),
    ]);
    for (const client of clients) {
      const names = client.middlewareStack.identify();
      expect(names.some(n => n.startsWith('retryMiddleware'))).toBe(true);
      expect(names.filter(n => n.startsWith('loggerMiddleware'))).toEqual([]);
    }
  });
});
