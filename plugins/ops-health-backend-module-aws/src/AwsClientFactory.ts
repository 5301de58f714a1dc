import { BackupClient } from '@aws-sdk/client-backup';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/**
 * AWS SDK v3 clients per account, with credentials from the `aws`
 * integration config. Clients are created once per account and reused.
 *
 * @public
 */
export interface AwsClientFactory {
  s3(accountId?: string): Promise<S3Client>;
  costExplorer(accountId?: string): Promise<CostExplorerClient>;
  cloudWatch(accountId?: string): Promise<CloudWatchClient>;
  cloudWatchLogs(accountId?: string): Promise<CloudWatchLogsClient>;
  iam(accountId?: string): Promise<IAMClient>;
  lambda(accountId?: string): Promise<LambdaClient>;
  backup(accountId?: string): Promise<BackupClient>;
  cloudTrail(accountId?: string): Promise<CloudTrailClient>;
  sts(accountId?: string): Promise<STSClient>;
  /** The Resource Groups Tagging API: the tags of any resource by its ARN. */
  tagging(accountId?: string): Promise<ResourceGroupsTaggingAPIClient>;
}

type ClientClass<T> = new (config: any) => T;

interface SdkClient {
  middlewareStack: { remove(name: string): boolean };
}

/** @public */
export interface DefaultAwsClientFactoryOptions {
  credentialsManager: AwsCredentialsManager;
  region: string;
  maxAttempts: number;
  /**
   * Endpoint of an AWS API emulator. The SDK reads AWS_ENDPOINT_URL by
   * itself; this is for tests that run several emulators in one process.
   */
  endpoint?: string;
}

/** @public */
export class DefaultAwsClientFactory implements AwsClientFactory {
  /**
   * Credentials from the `aws` integration config. When that config changes
   * (a rotated access key written to the config file, which Backstage
   * watches), the next run uses the new credentials: no restart.
   */
  static fromConfig(
    config: Config,
    options: { region: string; maxAttempts: number; endpoint?: string },
  ): DefaultAwsClientFactory {
    const factory = new DefaultAwsClientFactory({
      credentialsManager: DefaultAwsCredentialsManager.fromConfig(config),
      ...options,
    });
    let current = JSON.stringify(config.getOptional('aws') ?? null);
    config.subscribe?.(() => {
      const next = JSON.stringify(config.getOptional('aws') ?? null);
      if (next === current) return;
      current = next;
      factory.useCredentials(DefaultAwsCredentialsManager.fromConfig(config));
    });
    return factory;
  }

  private readonly clients = new Map<string, Promise<unknown>>();
  private credentialsManager: AwsCredentialsManager;

  constructor(private readonly options: DefaultAwsClientFactoryOptions) {
    this.credentialsManager = options.credentialsManager;
  }

  /**
   * Takes new credentials: clients made from now on use them (calls already
   * under way finish with the old ones).
   */
  useCredentials(credentialsManager: AwsCredentialsManager) {
    this.credentialsManager = credentialsManager;
    this.clients.clear();
  }

  s3(accountId?: string) {
    // An emulator serves every bucket from one host: path-style addressing.
    const pathStyle = Boolean(
      this.options.endpoint ?? process.env.AWS_ENDPOINT_URL,
    );
    return this.client(S3Client, accountId, { forcePathStyle: pathStyle });
  }

  costExplorer(accountId?: string) {
    // Cost Explorer has a single endpoint, in us-east-1.
    return this.client(CostExplorerClient, accountId, { region: 'us-east-1' });
  }

  cloudWatch(accountId?: string) {
    return this.client(CloudWatchClient, accountId);
  }

  cloudWatchLogs(accountId?: string) {
    return this.client(CloudWatchLogsClient, accountId);
  }

  iam(accountId?: string) {
    return this.client(IAMClient, accountId, { region: 'us-east-1' });
  }

  lambda(accountId?: string) {
    return this.client(LambdaClient, accountId);
  }

  backup(accountId?: string) {
    return this.client(BackupClient, accountId);
  }

  cloudTrail(accountId?: string) {
    return this.client(CloudTrailClient, accountId);
  }

  sts(accountId?: string) {
    return this.client(STSClient, accountId);
  }

  tagging(accountId?: string) {
    return this.client(ResourceGroupsTaggingAPIClient, accountId);
  }

  private client<T extends SdkClient>(
    Client: ClientClass<T>,
    accountId: string | undefined,
    extra: Record<string, unknown> = {},
  ): Promise<T> {
    const key = `${Client.name}:${accountId ?? 'main'}`;
    let client = this.clients.get(key) as Promise<T> | undefined;
    if (!client) {
      client = this.credentialsManager
        .getCredentialProvider(accountId ? { accountId } : undefined)
        .then(provider => {
          const sdkClient = new Client({
            region: this.options.region,
            credentials: provider.sdkCredentialProvider,
            retryMode: 'adaptive',
            maxAttempts: this.options.maxAttempts,
            ...(this.options.endpoint
              ? { endpoint: this.options.endpoint }
              : {}),
            ...extra,
          });
          // These clients have no logger, yet the SDK's logger middleware
          // makes a redacted deep copy of every answer for it: a second
          // copy of each Cost Explorer page of 5,000 groups, for nothing.
          sdkClient.middlewareStack.remove('loggerMiddleware');
          return sdkClient;
        });
      // A failed credential look-up is retried on the next use.
      const made = client;
      made.catch(() => {
        if (this.clients.get(key) === made) this.clients.delete(key);
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
