import { GetBucketReplicationCommand, S3Client } from '@aws-sdk/client-s3';
import { useMotoServer } from '../useMotoServer';
import { seedBucket } from './seedBucket';
import { seedReplication } from './seedReplication';
import { seedRole } from './seedRole';

describe('seedReplication', () => {
  const moto = useMotoServer();

  it('puts a replication configuration with enabled and disabled rules', async () => {
    const config = moto.clientConfig();
    await seedBucket(config, { name: 'primary', versioning: true });
    await seedBucket(config, { name: 'replica', versioning: true });
    await seedBucket(config, { name: 'thumbs', versioning: true });
    const role = await seedRole(config, { name: 'replication' });

    await seedReplication(config, {
      source: 'primary',
      role,
      rules: [
        { id: 'all', destinationBucket: 'replica' },
        {
          id: 'thumbnails',
          destinationBucket: 'thumbs',
          status: 'Disabled',
          prefix: 'thumbnails/',
        },
      ],
    });

    const s3 = new S3Client(config);
    try {
      const { ReplicationConfiguration } = await s3.send(
        new GetBucketReplicationCommand({ Bucket: 'primary' }),
      );
      expect(ReplicationConfiguration?.Role).toBe(
        'arn:aws:iam::123456789012:role/replication',
      );
      expect(
        ReplicationConfiguration?.Rules?.map(rule => ({
          id: rule.ID,
          status: rule.Status,
          priority: rule.Priority,
          destination: rule.Destination?.Bucket,
        })),
      ).toEqual([
        {
          id: 'all',
          status: 'Enabled',
          priority: 1,
          destination: 'arn:aws:s3:::replica',
        },
        {
          id: 'thumbnails',
          status: 'Disabled',
          priority: 2,
          destination: 'arn:aws:s3:::thumbs',
        },
      ]);
    } finally {
      s3.destroy();
    }
  });

  it('fails when the source bucket is not versioned', async () => {
    const config = moto.clientConfig();
    await seedBucket(config, { name: 'unversioned' });
    await seedBucket(config, { name: 'target', versioning: true });
    const role = await seedRole(config, { name: 'replication' });

    await expect(
      seedReplication(config, {
        source: 'unversioned',
        role,
        rules: [{ id: 'all', destinationBucket: 'target' }],
      }),
    ).rejects.toThrow(/versioning/i);
  });
});
