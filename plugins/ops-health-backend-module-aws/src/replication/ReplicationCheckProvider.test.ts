import { trustEverything } from '../__testUtils__/trust';
import { DeleteRoleCommand } from '@aws-sdk/client-iam';
import { PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import {
  seedBucket,
  seedReplicationMetrics,
  useMotoServer,
} from '@internal/aws-emulator';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import {
  awsError,
  replicationConfig,
  replicationTarget,
  runContext,
  seedReplicatedBucket,
} from './__testUtils__/replicationTestUtils';
import { ReplicationCheckDetails } from './readReplicationSetup';
import { ReplicationCheckProvider } from './ReplicationCheckProvider';
import { OwnershipVerifier } from '../trust/OwnershipVerifier';
import {
  DeleteBucketCommand,
  DeleteBucketEncryptionCommand,
  DeletePublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';

jest.setTimeout(60_000);

describe('ReplicationCheckProvider', () => {
  const moto = useMotoServer();

  function setUp(overrides: Parameters<typeof replicationConfig>[0] = {}) {
    const clients = createMotoClientFactory(moto.endpoint);
    const provider = ReplicationCheckProvider.create({
      ownership: trustEverything,
      clients,
      config: replicationConfig(overrides),
    });
    return { clients, provider };
  }

  const details = (result: { details?: Record<string, unknown> }) =>
    result.details as ReplicationCheckDetails;

  async function seedHealthy(
    source = 'media-primary',
    destination = 'media-replica',
  ) {
    await seedReplicatedBucket(moto.clientConfig(), {
      source,
      rules: [{ id: 'all', destinationBucket: destination }],
    });
  }

  it('applies to entities with replication buckets only', () => {
    const { provider } = setUp();
    expect(provider.id).toBe('replication');
    expect(provider.appliesTo(replicationTarget('a', ['media-primary']))).toBe(
      true,
    );
    const other = replicationTarget('b', ['x-bucket']);
    other.config = { ...other.config, replicationBuckets: undefined };
    expect(provider.appliesTo(other)).toBe(false);
  });

  it('warns when the source bucket has no default encryption or public access block', async () => {
    await seedHealthy();
    const s3 = new S3Client({ ...moto.clientConfig(), forcePathStyle: true });
    await s3.send(
      new DeleteBucketEncryptionCommand({ Bucket: 'media-primary' }),
    );
    await s3.send(
      new DeletePublicAccessBlockCommand({ Bucket: 'media-primary' }),
    );
    const { provider } = setUp();
    const output = await provider.run(
      [replicationTarget('media', ['media-primary'])],
      runContext(),
    );
    const [result] = output.results;
    expect(result.status).toBe('warning');
    expect(result.message).toContain(
      'Source bucket media-primary has no default encryption and no public access block',
    );
    expect(details(result).unprotected).toBe(
      'source bucket media-primary has no default encryption and no public access block',
    );
  });

  it('reports a healthy bucket as ok, with its metrics and history', async () => {
    await seedHealthy();
    const now = new Date();
    await seedReplicationMetrics(moto.clientConfig(), {
      sourceBucket: 'media-primary',
      destinationBucket: 'media-replica',
      ruleId: 'all',
      latencySeconds: [30, 95, 60],
      pendingOperations: 4,
      failedOperations: 0,
      bytesPending: 2048,
      at: now,
      intervalSeconds: 300,
    });
    const { provider } = setUp();
    const context = runContext({ now });

    const output = await provider.run(
      [replicationTarget('media', ['media-primary'])],
      context,
    );

    expect(output.failures).toEqual([]);
    expect(output.results).toHaveLength(1);
    const [result] = output.results;
    expect(result).toMatchObject({
      entityRef: 'component:default/media',
      checkId: 'replication',
      subject: 'media-primary',
      status: 'ok',
      value: 95,
      threshold: 3600,
      unit: 's',
      runbookSection: 's3-replication-failure',
      measuredAt: now,
    });
    expect(result.message).toBe(
      'Replicating to media-replica, latency up to 95 s, no failed operations in the last 60 min, 4 pending',
    );
    expect(details(result)).toEqual({
      bucket: 'media-primary',
      exists: true,
      configured: true,
      sourceVersioning: 'Enabled',
      role: {
        arn: 'arn:aws:iam::123456789012:role/replication',
        name: 'replication',
        exists: true,
        trustsS3: true,
      },
      rules: [
        {
          id: 'all',
          status: 'Enabled',
          priority: 1,
          prefix: '',
          destinationBucket: 'media-replica',
          destinationVersioning: 'Enabled',
          metricsEnabled: true,
          metrics: {
            latencySeconds: 95,
            pendingOperations: 4,
            failedOperations: 0,
            bytesPending: 2048,
          },
        },
      ],
      metricsAvailable: true,
      metricsWindowSeconds: 3600,
      thresholds: {
        latencyWarningSeconds: 900,
        latencyCriticalSeconds: 3600,
        failedOperations: 0,
        pendingOperations: 1000,
      },
      problems: [],
      notes: [],
    });

    const latency = output
      .metricSamples!.filter(s => s.metric === 'ReplicationLatency')
      .map(s => s.value);
    expect(latency).toEqual([30, 95, 60]);
    expect(output.metricSamples).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'component:default/media',
          checkId: 'replication',
          subject: 'media-primary',
          metric: 'OperationsPendingReplication',
          value: 4,
        }),
        expect.objectContaining({
          metric: 'BytesPendingReplication',
          value: 2048,
        }),
      ]),
    );
    expect(output.calls).toEqual({
      GetBucketReplication: 1,
      GetBucketVersioning: 2,
      GetRole: 1,
      GetMetricData: 1,
      GetBucketEncryption: 1,
      GetPublicAccessBlock: 1,
    });
    expect(context.logger.info).toHaveBeenCalledTimes(1);
    expect(context.logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Replication check: 1 entities, 1 buckets, 7 AWS calls/,
      ),
      expect.objectContaining({
        entities: 1,
        buckets: 1,
        calls: output.calls,
        durationMs: expect.any(Number),
      }),
    );
  });

  it('says so when there was no replication activity in the window', async () => {
    await seedHealthy();
    const { provider } = setUp();
    const { results } = await provider.run(
      [replicationTarget('media', ['media-primary'])],
      runContext(),
    );
    expect(results[0].status).toBe('ok');
    expect(results[0].value).toBeUndefined();
    expect(results[0].message).toBe(
      'Replicating to media-replica, no replication activity in the last 60 min',
    );
  });

  it('warns about a disabled rule (whose destination is not judged: gone here), and is critical when all rules are disabled', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [
        { id: 'all', destinationBucket: 'media-replica' },
        {
          id: 'thumbnails',
          destinationBucket: 'thumbs-replica',
          status: 'Disabled',
        },
      ],
    });
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'logs-primary',
      rules: [
        { id: 'a', destinationBucket: 'logs-replica', status: 'Disabled' },
        { id: 'b', destinationBucket: 'logs-replica', status: 'Disabled' },
      ],
    });
    // The disabled rule's destination is deleted: that rule replicates
    // nothing, so it is not a missing destination.
    await new S3Client(moto.clientConfig()).send(
      new DeleteBucketCommand({ Bucket: 'thumbs-replica' }),
    );
    const { provider } = setUp();
    const { results } = await provider.run(
      [replicationTarget('media', ['media-primary', 'logs-primary'])],
      runContext(),
    );

    const [media, logs] = results;
    expect(media.status).toBe('warning');
    expect(media.message).toBe('Rule thumbnails is disabled');
    expect(details(media).rules.map(r => [r.id, r.status])).toEqual([
      ['all', 'Enabled'],
      ['thumbnails', 'Disabled'],
    ]);
    expect(logs.status).toBe('critical');
    expect(logs.message).toBe('All 2 rules are disabled');
  });

  it('is critical when versioning is off on a destination or the source', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
      destinationVersioning: false,
    });
    await seedHealthy('docs-primary', 'docs-replica');
    const { clients, provider } = setUp();
    const s3 = await clients.s3();
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: 'docs-primary',
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );

    const { results } = await provider.run(
      [replicationTarget('media', ['media-primary', 'docs-primary'])],
      runContext(),
    );

    const [media, docs] = results;
    expect(media.status).toBe('critical');
    expect(media.message).toBe(
      'Versioning is not enabled on destination media-replica',
    );
    expect(details(media).rules[0].destinationVersioning).toBe('Disabled');
    expect(docs.status).toBe('critical');
    expect(docs.message).toBe('Versioning is suspended on the source bucket');
    expect(details(docs).sourceVersioning).toBe('Suspended');
  });

  it('is critical when the role is missing', async () => {
    await seedHealthy();
    const { clients, provider } = setUp();
    const iam = await clients.iam();
    await iam.send(new DeleteRoleCommand({ RoleName: 'replication' }));

    const { results, failures } = await provider.run(
      [replicationTarget('media', ['media-primary'])],
      runContext(),
    );

    expect(failures).toEqual([]);
    expect(results[0].status).toBe('critical');
    expect(results[0].message).toBe(
      'Replication role replication does not exist',
    );
    expect(details(results[0]).role).toEqual({
      arn: 'arn:aws:iam::123456789012:role/replication',
      name: 'replication',
      exists: false,
      trustsS3: false,
    });
  });

  it('is critical when the role does not trust s3.amazonaws.com', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [{ id: 'all', destinationBucket: 'media-replica' }],
      roleName: 'lambda-role',
      trustedService: 'lambda.amazonaws.com',
    });
    const { provider } = setUp();
    const { results } = await provider.run(
      [replicationTarget('media', ['media-primary'])],
      runContext(),
    );
    expect(results[0].status).toBe('critical');
    expect(results[0].message).toBe(
      'Replication role lambda-role does not trust s3.amazonaws.com',
    );
    expect(details(results[0]).role).toMatchObject({
      exists: true,
      trustsS3: false,
    });
  });

  it('judges the latency from CloudWatch against the warning and critical thresholds', async () => {
    await seedHealthy('media-primary', 'media-replica');
    await seedHealthy('docs-primary', 'docs-replica');
    const now = new Date();
    const metrics = {
      pendingOperations: 0,
      failedOperations: 0,
      bytesPending: 0,
      at: now,
      intervalSeconds: 300,
      ruleId: 'all',
    };
    await seedReplicationMetrics(moto.clientConfig(), {
      ...metrics,
      sourceBucket: 'media-primary',
      destinationBucket: 'media-replica',
      latencySeconds: [1800, 3000, 4500],
    });
    await seedReplicationMetrics(moto.clientConfig(), {
      ...metrics,
      sourceBucket: 'docs-primary',
      destinationBucket: 'docs-replica',
      latencySeconds: [600, 1200],
    });
    const { provider } = setUp();

    const { results } = await provider.run(
      [
        replicationTarget('media', ['media-primary']),
        replicationTarget('docs', ['docs-primary']),
      ],
      runContext({ now }),
    );

    const [media, docs] = results;
    expect(media).toMatchObject({
      status: 'critical',
      value: 4500,
      threshold: 3600,
      message: 'Replication latency 75 min (critical over 60 min)',
    });
    expect(docs).toMatchObject({
      status: 'warning',
      value: 1200,
      message: 'Replication latency 20 min (warning over 15 min)',
    });
  });

  it('is critical on failed operations and warns on pending ones over the thresholds', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [
        { id: 'all', destinationBucket: 'media-replica' },
        {
          id: 'thumbnails',
          destinationBucket: 'thumbs-replica',
          status: 'Disabled',
        },
      ],
    });
    await seedHealthy('docs-primary', 'docs-replica');
    const now = new Date();
    await seedReplicationMetrics(moto.clientConfig(), {
      sourceBucket: 'media-primary',
      destinationBucket: 'media-replica',
      ruleId: 'all',
      latencySeconds: [3480],
      pendingOperations: 10,
      failedOperations: 17,
      bytesPending: 0,
      at: now,
    });
    await seedReplicationMetrics(moto.clientConfig(), {
      sourceBucket: 'docs-primary',
      destinationBucket: 'docs-replica',
      ruleId: 'all',
      latencySeconds: [60],
      pendingOperations: 1240,
      failedOperations: 0,
      bytesPending: 5e9,
      at: now,
    });
    const { provider } = setUp();

    const { results } = await provider.run(
      [replicationTarget('media', ['media-primary', 'docs-primary'])],
      runContext({ now }),
    );

    const [media, docs] = results;
    expect(media.status).toBe('critical');
    expect(media.message).toBe(
      '17 failed operations in the last 60 min; replication latency 58 min (warning over 15 min); rule thumbnails is disabled',
    );
    expect(details(media).rules[0].metrics.failedOperations).toBe(17);
    expect(docs.status).toBe('warning');
    expect(docs.message).toBe('1,240 operations pending (5 GB), over 1,000');
  });

  it('is critical for a bucket that does not exist and still measures the other bucket of the entity', async () => {
    await seedHealthy();
    await seedBucket(moto.clientConfig(), { name: 'plain-bucket' });
    const { provider } = setUp();

    const output = await provider.run(
      [
        replicationTarget('media', [
          'gone-bucket',
          'media-primary',
          'plain-bucket',
        ]),
      ],
      runContext(),
    );

    expect(output.failures).toEqual([]);
    expect(output.results.map(r => [r.subject, r.status, r.message])).toEqual([
      ['gone-bucket', 'critical', 'Bucket gone-bucket does not exist'],
      [
        'media-primary',
        'ok',
        'Replicating to media-replica, no replication activity in the last 60 min',
      ],
      [
        'plain-bucket',
        'critical',
        'Bucket plain-bucket has no replication configuration; versioning is not enabled on the source bucket',
      ],
    ]);
    expect(details(output.results[0])).toMatchObject({
      exists: false,
      configured: false,
      rules: [],
    });
    // No versioning or role look-up for the missing bucket.
    expect(output.calls).toEqual({
      GetBucketReplication: 3,
      GetBucketVersioning: 3,
      GetRole: 1,
      GetMetricData: 1,
      GetBucketEncryption: 2,
      GetPublicAccessBlock: 2,
    });
  });

  it('reads a bucket shared by several entities once', async () => {
    await seedHealthy();
    const { provider } = setUp();
    const output = await provider.run(
      [
        replicationTarget('media', ['media-primary']),
        replicationTarget('media-worker', ['media-primary']),
      ],
      runContext(),
    );
    expect(output.results.map(r => [r.entityRef, r.status])).toEqual([
      ['component:default/media', 'ok'],
      ['component:default/media-worker', 'ok'],
    ]);
    expect(output.calls).toEqual({
      GetBucketReplication: 1,
      GetBucketVersioning: 2,
      GetRole: 1,
      GetMetricData: 1,
      GetBucketEncryption: 1,
      GetPublicAccessBlock: 1,
    });
  });

  it('reports an access error for one bucket as a failure and goes on with the others', async () => {
    await seedHealthy();
    await seedHealthy('locked-primary', 'locked-replica');
    const { clients, provider } = setUp();
    const s3 = await clients.s3();
    s3.middlewareStack.add(
      (next, context) => async args => {
        const input = args.input as { Bucket?: string };
        if (
          context.commandName === 'GetBucketReplicationCommand' &&
          input.Bucket === 'locked-primary'
        ) {
          throw awsError('AccessDenied', 'Access Denied', 403);
        }
        return next(args);
      },
      { step: 'initialize', name: 'denyLockedBucket' },
    );

    const output = await provider.run(
      [replicationTarget('media', ['locked-primary', 'media-primary'])],
      runContext(),
    );

    expect(output.failures).toEqual([
      {
        entityRef: 'component:default/media',
        checkId: 'replication',
        subject: 'locked-primary',
        error:
          'Could not read the replication of bucket locked-primary: AccessDenied: Access Denied',
      },
    ]);
    expect(output.results.map(r => [r.subject, r.status])).toEqual([
      ['media-primary', 'ok'],
    ]);
  });

  it('reports a bucket whose tags AWS did not answer as a failure (its last result stands), and one it refused as not proven', async () => {
    for (const [source, destination] of [
      ['throttled-primary', 'throttled-replica'],
      ['denied-primary', 'denied-replica'],
    ]) {
      await seedReplicatedBucket(moto.clientConfig(), {
        source,
        rules: [{ id: 'all', destinationBucket: destination }],
      });
    }
    const clients = createMotoClientFactory(moto.endpoint);
    const s3 = await clients.s3();
    s3.middlewareStack.add(
      (next, context) => async args => {
        const input = args.input as { Bucket?: string };
        const tagging = context.commandName === 'GetBucketTaggingCommand';
        if (input.Bucket === 'throttled-primary' && tagging) {
          throw awsError('SlowDown', 'Please reduce your request rate', 503);
        }
        if (input.Bucket === 'denied-primary' && tagging) {
          throw awsError('AccessDenied', 'Access Denied', 403);
        }
        return next(args);
      },
      { step: 'initialize', name: 'tagFaults' },
    );
    const provider = ReplicationCheckProvider.create({
      ownership: OwnershipVerifier.create({
        clients,
        trust: {
          resourceTagKey: 'ops-health:entity',
          requireResourceTag: true,
        },
      }),
      clients,
      config: replicationConfig(),
    });

    const output = await provider.run(
      [replicationTarget('media', ['throttled-primary', 'denied-primary'])],
      runContext(),
    );

    expect(output.failures).toEqual([
      {
        entityRef: 'component:default/media',
        checkId: 'replication',
        subject: 'throttled-primary',
        error:
          'Could not read the tags of bucket throttled-primary to prove it belongs to this entity: SlowDown: Please reduce your request rate; try again later',
      },
    ]);
    expect(output.results.map(r => [r.subject, r.status])).toEqual([
      ['denied-primary', 'misconfigured'],
    ]);
    expect(output.results[0].message).toContain(
      'could not read the tags of bucket denied-primary to prove it belongs to this entity: AccessDenied: Access Denied',
    );
  });

  it('keeps the configuration checks when CloudWatch fails, marking the metrics unavailable; a bucket whose setup is fine gets no verdict (its last result stands)', async () => {
    await seedReplicatedBucket(moto.clientConfig(), {
      source: 'media-primary',
      rules: [
        { id: 'all', destinationBucket: 'media-replica' },
        {
          id: 'thumbnails',
          destinationBucket: 'thumbs-replica',
          status: 'Disabled',
        },
      ],
    });
    await seedHealthy('docs-primary', 'docs-replica');
    const { clients, provider } = setUp();
    const cloudWatch = await clients.cloudWatch();
    cloudWatch.middlewareStack.add(
      () => async () => {
        throw awsError('Throttling', 'Rate exceeded', 400);
      },
      { step: 'initialize', name: 'throttle' },
    );
    const context = runContext();

    const output = await provider.run(
      [replicationTarget('media', ['media-primary', 'docs-primary'])],
      context,
    );

    // Not ok: an ok would resolve a latency alert that may still hold.
    expect(output.failures).toEqual([
      {
        entityRef: 'component:default/media',
        checkId: 'replication',
        subject: 'docs-primary',
        error:
          'Could not read the replication metrics of bucket docs-primary (its setup is fine): Throttling: Rate exceeded',
      },
    ]);
    expect(output.results).toHaveLength(1);
    const [media] = output.results;
    expect(media.status).toBe('warning');
    expect(media.message).toBe(
      'Rule thumbnails is disabled (replication metrics unavailable: Throttling: Rate exceeded)',
    );
    expect(details(media)).toMatchObject({
      metricsAvailable: false,
      metricsError: 'Throttling: Rate exceeded',
    });
    expect(details(media).rules[0].metrics).toEqual({});
    expect(output.metricSamples).toEqual([]);
    expect(context.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Throttling: Rate exceeded'),
    );
  });

  it('passes the abort signal to the AWS calls and stops when aborted', async () => {
    await seedHealthy();
    const { clients, provider } = setUp();
    const controller = new AbortController();
    const s3 = await clients.s3();
    s3.middlewareStack.add(
      next => async args => {
        // Aborted while the run is in flight: the SDK must see the signal.
        controller.abort(new Error('run timed out'));
        return next(args);
      },
      { step: 'initialize', name: 'abortDuringRun' },
    );

    const run = provider.run(
      [replicationTarget('media', ['media-primary'])],
      runContext({ signal: controller.signal }),
    );

    // The SDK's own abort error, not the provider's check afterwards.
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(run).rejects.not.toThrow('run timed out');
  });
});
