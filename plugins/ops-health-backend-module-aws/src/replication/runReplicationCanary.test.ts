import {
  CopyObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { useMotoServer } from '@internal/aws-emulator';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { seedReplicatedBucket } from './__testUtils__/replicationTestUtils';
import { sleep } from '../awsCalls';
import { runReplicationCanary } from './runReplicationCanary';

jest.setTimeout(60_000);

const KEY_PREFIX = 'ops-health-canary/';

describe('runReplicationCanary', () => {
  const moto = useMotoServer();

  async function keys(s3: S3Client, bucket: string): Promise<string[]> {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: KEY_PREFIX }),
    );
    return (listed.Contents ?? []).map(o => o.Key!);
  }

  /**
   * Plays S3 replication, which moto does not do: waits for a probe in the
   * source and copies it to the destination `delayMs` after seeing it.
   */
  async function replicate(
    s3: S3Client,
    source: string,
    destination: string,
    delayMs: number,
    stop: AbortSignal,
  ) {
    while (!stop.aborted) {
      const [key] = await keys(s3, source);
      if (key) {
        const head = await s3.send(
          new HeadObjectCommand({ Bucket: source, Key: key }),
        );
        await sleep(delayMs);
        await s3.send(
          new CopyObjectCommand({
            Bucket: destination,
            Key: key,
            CopySource: `${source}/${key}`,
          }),
        );
        return { key, contentType: head.ContentType, size: head.ContentLength };
      }
      await sleep(20);
    }
    return undefined;
  }

  it('measures the time the probe takes to reach the destination, then removes it', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
    });
    const clients = createMotoClientFactory(moto.endpoint);
    const s3 = await clients.s3();
    const stop = new AbortController();
    const progress: string[] = [];

    const [result, copied] = await Promise.all([
      runReplicationCanary({
        clients,
        bucket: 'media-primary',
        keyPrefix: KEY_PREFIX,
        timeoutMs: 10_000,
        pollIntervalMs: 50,
        signal: new AbortController().signal,
        onProgress: status => progress.push(status),
      }).finally(() => stop.abort()),
      replicate(s3, 'media-primary', 'media-replica', 400, stop.signal),
    ]);

    expect(copied).toBeDefined();
    expect(copied!.key).toBe(result.probeKey);
    expect(copied!.contentType).toBe('text/plain');
    expect(copied!.size).toBeGreaterThan(0);
    expect(copied!.size).toBeLessThan(1024);
    expect(result.probeKey).toMatch(
      /^ops-health-canary\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(result).toMatchObject({
      bucket: 'media-primary',
      status: 'ok',
      destinations: [
        {
          bucket: 'media-replica',
          ruleId: 'all',
          timedOut: false,
          replicatedAfterMs: expect.any(Number),
        },
      ],
    });
    const measured = result.destinations[0].replicatedAfterMs!;
    expect(measured).toBeGreaterThanOrEqual(350);
    expect(measured).toBeLessThan(5_000);
    expect(result.message).toMatch(/^Replicated to media-replica in \d+ ms$/);
    expect(result.finishedAt.getTime()).toBeGreaterThanOrEqual(
      result.startedAt.getTime() + measured,
    );
    expect(result.cleanupErrors).toBeUndefined();
    expect(progress.some(p => p.startsWith('Waiting for media-replica'))).toBe(
      true,
    );

    // The probe is gone from the source and the destination.
    expect(await keys(s3, 'media-primary')).toEqual([]);
    expect(await keys(s3, 'media-replica')).toEqual([]);
  });

  it('is critical when the probe does not arrive in time, and removes it from the source', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [
        { id: 'all', destinationBucket: 'media-replica' },
        { id: 'dr', destinationBucket: 'media-dr' },
      ],
    });
    const clients = createMotoClientFactory(moto.endpoint);
    const s3 = await clients.s3();
    const stop = new AbortController();

    // Only media-replica gets the copy; nobody copies to media-dr.
    const started = Date.now();
    const [result] = await Promise.all([
      runReplicationCanary({
        clients,
        bucket: 'media-primary',
        keyPrefix: KEY_PREFIX,
        timeoutMs: 700,
        pollIntervalMs: 50,
      }).finally(() => stop.abort()),
      replicate(s3, 'media-primary', 'media-replica', 0, stop.signal),
    ]);

    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(result.status).toBe('critical');
    expect(
      result.destinations.map(d => [d.bucket, d.ruleId, d.timedOut]),
    ).toEqual([
      ['media-replica', 'all', false],
      ['media-dr', 'dr', true],
    ]);
    expect(result.destinations[1].replicatedAfterMs).toBeUndefined();
    expect(result.message).toMatch(
      /^Probe did not reach media-dr within 700 ms; replicated to media-replica in \d+ ms$/,
    );
    expect(await keys(s3, 'media-primary')).toEqual([]);
    expect(await keys(s3, 'media-replica')).toEqual([]);
  });

  it('times out when nobody replicates, and leaves nothing behind', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
    });
    const clients = createMotoClientFactory(moto.endpoint);

    const result = await runReplicationCanary({
      clients,
      bucket: 'media-primary',
      keyPrefix: KEY_PREFIX,
      timeoutMs: 300,
      pollIntervalMs: 100,
      signal: new AbortController().signal,
    });

    expect(result.status).toBe('critical');
    expect(result.destinations).toEqual([
      { bucket: 'media-replica', ruleId: 'all', timedOut: true },
    ]);
    expect(result.message).toBe(
      'Probe did not reach media-replica within 300 ms',
    );
    const s3 = await clients.s3();
    expect(await keys(s3, 'media-primary')).toEqual([]);
  });

  it('stamps start and finish with the given clock, and times with the monotonic one', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
    });
    // The injected clock, stepped back an hour between start and finish
    // (as a wall clock set back would be): the timeout still counts 300 ms.
    const instants = [
      new Date('2027-03-01T00:00:00.000Z'),
      new Date('2027-02-28T23:00:00.000Z'),
    ];
    let calls = 0;
    const began = performance.now();

    const result = await runReplicationCanary({
      clients: createMotoClientFactory(moto.endpoint),
      bucket: 'media-primary',
      keyPrefix: KEY_PREFIX,
      timeoutMs: 300,
      pollIntervalMs: 100,
      now: () => instants[Math.min(calls++, instants.length - 1)],
    });

    expect(performance.now() - began).toBeGreaterThanOrEqual(300);
    expect(calls).toBe(2);
    expect(result.startedAt).toEqual(instants[0]);
    expect(result.finishedAt).toEqual(instants[1]);
    expect(result.message).toBe(
      'Probe did not reach media-replica within 300 ms',
    );
  });

  it('refuses a bucket without enabled rules before writing anything', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [
        { id: 'all', destinationBucket: 'media-replica', status: 'Disabled' },
      ],
    });
    const clients = createMotoClientFactory(moto.endpoint);
    const options = {
      clients,
      keyPrefix: KEY_PREFIX,
      timeoutMs: 1000,
      pollIntervalMs: 100,
    };

    await expect(
      runReplicationCanary({ ...options, bucket: 'media-primary' }),
    ).rejects.toThrow(
      'Bucket media-primary has no enabled replication rule (rule all is disabled)',
    );
    await expect(
      runReplicationCanary({ ...options, bucket: 'gone-bucket' }),
    ).rejects.toThrow('Bucket gone-bucket does not exist');
    const s3 = await clients.s3();
    expect(await keys(s3, 'media-primary')).toEqual([]);
  });

  it('stops and cleans up when aborted', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
    });
    const clients = createMotoClientFactory(moto.endpoint);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 300);

    const started = Date.now();
    await expect(
      runReplicationCanary({
        clients,
        bucket: 'media-primary',
        keyPrefix: KEY_PREFIX,
        timeoutMs: 30_000,
        pollIntervalMs: 100,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    const s3 = await clients.s3();
    expect(await keys(s3, 'media-primary')).toEqual([]);
  });
});
