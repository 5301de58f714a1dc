import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { useMotoServer } from '../useMotoServer';
import { seedBucket } from './seedBucket';

describe('seedBucket', () => {
  const moto = useMotoServer();

  it('creates a versioned bucket with objects', async () => {
    await seedBucket(moto.clientConfig(), {
      name: 'versioned',
      versioning: true,
      objects: [
        { key: 'daily/2026-11-26.tar.gz', body: 'backup' },
        { key: 'readme.txt', body: new Uint8Array([104, 105]) },
      ],
    });

    const s3 = new S3Client(moto.clientConfig());
    try {
      const versioning = await s3.send(
        new GetBucketVersioningCommand({ Bucket: 'versioned' }),
      );
      expect(versioning.Status).toBe('Enabled');

      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: 'versioned' }),
      );
      expect(listed.Contents?.map(object => object.Key)).toEqual([
        'daily/2026-11-26.tar.gz',
        'readme.txt',
      ]);
      const object = await s3.send(
        new GetObjectCommand({ Bucket: 'versioned', Key: 'readme.txt' }),
      );
      expect(await object.Body!.transformToString()).toBe('hi');
    } finally {
      s3.destroy();
    }
  });

  it('leaves versioning off unless asked and can be run twice', async () => {
    await seedBucket(moto.clientConfig(), { name: 'plain' });
    await seedBucket(moto.clientConfig(), {
      name: 'plain',
      objects: [{ key: 'a', body: '1' }],
    });

    const s3 = new S3Client(moto.clientConfig());
    try {
      const versioning = await s3.send(
        new GetBucketVersioningCommand({ Bucket: 'plain' }),
      );
      expect(versioning.Status).toBeUndefined();
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: 'plain' }),
      );
      expect(listed.KeyCount).toBe(1);
    } finally {
      s3.destroy();
    }
  });

  it('creates buckets outside us-east-1', async () => {
    await seedBucket(moto.clientConfig('eu-west-1'), { name: 'in-ireland' });
    const s3 = new S3Client(moto.clientConfig('eu-west-1'));
    try {
      const listed = await s3.send(
        new ListObjectsV2Command({ Bucket: 'in-ireland' }),
      );
      expect(listed.KeyCount).toBe(0);
    } finally {
      s3.destroy();
    }
  });
});
