/**
 * AWS SDK v3 client configuration that points a client at a moto server.
 *
 * @remarks
 * Structurally compatible with the config of every `@aws-sdk/client-*`
 * client, so it can be passed straight to `new S3Client(config)` and friends.
 *
 * @public
 */
export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
  };
  /** moto serves S3 on a single host, so buckets must be addressed by path. */
  forcePathStyle: boolean;
  /**
   * moto's server gunzips a request body twice and fails on requests the SDK
   * compresses, which CloudWatch PutMetricData does above 10 KiB.
   */
  disableRequestCompression: boolean;
}

/**
 * Builds an AWS SDK v3 client config for a moto server.
 *
 * @param endpoint - The moto server endpoint, for example `http://127.0.0.1:5000`.
 * @param region - The AWS region to sign requests for.
 * @public
 */
export function motoClientConfig(
  endpoint: string,
  region: string = 'us-east-1',
): MotoClientConfig {
  return {
    endpoint,
    region,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
    disableRequestCompression: true,
  };
}
