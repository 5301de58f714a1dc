import {
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { useMotoServer } from '../useMotoServer';
import { seedBucket } from '../seed/seedBucket';
import { seedReplication } from '../seed/seedReplication';
import { seedRole } from '../seed/seedRole';
import { S3Replicator } from './S3Replicator';

const REPLICATION_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:ReplicateObject',
];

describe('S3Replicator', () => {
  const moto = useMotoServer();

  async function exists(s3: S3Client, bucket: string, key: string) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch {
      return false;
    }
  }

  it('copies new objects after the delay, only through rules that can work', async () => {
    const config = moto.clientConfig();
    for (const name of [
      'src',
      'dst',
      'thumbs',
      'broken-src',
      'suspended',
      'powerless-src',
    ]) {
      await seedBucket(config, { name, versioning: true });
    }
    await seedBucket(config, {
      name: 'src',
      objects: [{ key: 'old.txt', body: 'old' }],
    });
    const role = await seedRole(config, {
      name: 'replication',
      allow: REPLICATION_ACTIONS,
    });
    const powerless = await seedRole(config, { name: 'no-permissions' });
    const ec2Role = await seedRole(config, {
      name: 'not-for-s3',
      trustedService: 'ec2.amazonaws.com',
    });
    await seedReplication(config, {
      source: 'src',
      role,
      rules: [
        { id: 'all', destinationBucket: 'dst' },
        {
          id: 'thumbnails',
          destinationBucket: 'thumbs',
          status: 'Disabled',
          prefix: 'thumbnails/',
          priority: 5,
        },
      ],
    });
    await seedReplication(config, {
      source: 'broken-src',
      role: ec2Role,
      rules: [{ id: 'all', destinationBucket: 'dst' }],
    });
    await seedReplication(config, {
      source: 'powerless-src',
      role: powerless,
      rules: [{ id: 'all', destinationBucket: 'dst' }],
    });
    const s3 = new S3Client(config);
    // A destination whose versioning was suspended stops replication.
    await seedReplication(config, {
      source: 'suspended',
      role,
      rules: [{ id: 'to-thumbs', destinationBucket: 'thumbs' }],
    });
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'thumbs',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );

    const log: string[] = [];
    const replicator = new S3Replicator(config, {
      delayMs: 2000,
      log: m => log.push(m),
    });
    const t0 = 1_000_000;
    try {
      await replicator.scan(t0, { baseline: true });
      for (const [bucket, key] of [
        ['src', 'new.txt'],
        ['src', 'thumbnails/a.jpg'],
        ['broken-src', 'x.txt'],
        ['suspended', 'y.txt'],
        ['powerless-src', 'z.txt'],
      ]) {
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }),
        );
      }

      // Seen, not yet due.
      expect(await replicator.scan(t0 + 100)).toEqual([]);
      expect(await exists(s3, 'dst', 'new.txt')).toBe(false);

      // Due: the enabled rule copies both new keys (the disabled rule with
      // the higher priority does not count); the broken ones copy nothing.
      expect((await replicator.scan(t0 + 2200)).sort()).toEqual([
        'src/new.txt → dst',
        'src/thumbnails/a.jpg → dst',
      ]);
      expect(await exists(s3, 'dst', 'new.txt')).toBe(true);
      expect(await exists(s3, 'dst', 'thumbnails/a.jpg')).toBe(true);
      expect(await exists(s3, 'dst', 'old.txt')).toBe(false);
      expect(await exists(s3, 'dst', 'x.txt')).toBe(false);
      expect(await exists(s3, 'thumbs', 'y.txt')).toBe(false);
      expect(await exists(s3, 'dst', 'z.txt')).toBe(false);
      expect(log).toEqual(
        expect.arrayContaining([
          'rule all of broken-src does not replicate: role arn:aws:iam::123456789012:role/not-for-s3 is missing or S3 may not assume it',
          'rule to-thumbs of suspended does not replicate: versioning is not enabled on thumbs',
          'rule all of powerless-src does not replicate: role arn:aws:iam::123456789012:role/no-permissions may not s3:ReplicateObject',
        ]),
      );

      // Copied once.
      expect(await replicator.scan(t0 + 5000)).toEqual([]);
    } finally {
      s3.destroy();
      await replicator.stop();
    }
  });
});
