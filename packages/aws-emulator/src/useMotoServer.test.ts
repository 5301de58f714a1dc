import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { seedBucket } from './seed/seedBucket';
import { useMotoServer } from './useMotoServer';

describe('useMotoServer', () => {
  const moto = useMotoServer();

  async function bucketNames(): Promise<string[]> {
    const s3 = new S3Client(moto.clientConfig());
    try {
      const { Buckets } = await s3.send(new ListBucketsCommand({}));
      return (Buckets ?? []).map(bucket => bucket.Name!);
    } finally {
      s3.destroy();
    }
  }

  it('exposes the endpoint and a client config for it', async () => {
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(moto.server.endpoint).toBe(moto.endpoint);
    expect(moto.clientConfig('eu-west-1')).toEqual({
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      forcePathStyle: true,
      disableRequestCompression: true,
    });
    await seedBucket(moto.clientConfig(), { name: 'left-behind' });
    expect(await bucketNames()).toEqual(['left-behind']);
  });

  it('resets the server before each test', async () => {
    expect(await bucketNames()).toEqual([]);
  });
});
