import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { DefaultAwsClientFactory } from '../AwsClientFactory';

/**
 * Clients for a moto server: the real factory with static dummy credentials
 * (moto accepts any) for every account.
 */
export function createMotoClientFactory(endpoint: string) {
  const credentialsManager: AwsCredentialsManager = {
    async getCredentialProvider(opts) {
      return {
        accountId: opts?.accountId ?? '123456789012',
        sdkCredentialProvider: async () => ({
          accessKeyId: 'testing',
          secretAccessKey: 'testing',
        }),
      };
    },
  };
  return new DefaultAwsClientFactory({
    credentialsManager,
    region: 'us-east-1',
    maxAttempts: 2,
    endpoint,
  });
}
