import { trustEverything } from '../__testUtils__/trust';
import { GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import {
  seedBucket,
  seedReplication,
  seedReplicationMetrics,
  seedRole,
  useMotoServer,
} from '@internal/aws-emulator';
import { createMotoClientFactory } from '../__testUtils__/awsClients';
import { mapWithConcurrency } from '../awsCalls';
import {
  replicationConfig,
  replicationTarget,
  runContext,
} from './__testUtils__/replicationTestUtils';
import { ReplicationCheckProvider } from './ReplicationCheckProvider';

jest.setTimeout(120_000);

describe('ReplicationCheckProvider call budget', () => {
  const moto = useMotoServer();

  it.each([
    [1, 1],
    [10, 1],
    [200, 2],
  ])(
    'makes ceil(4·N/500) GetMetricData calls for %i entities: %i',
    async (entities, expectedCalls) => {
      expect(expectedCalls).toBe(Math.ceil((4 * entities) / 500));
      const config = moto.clientConfig();
      const role = await seedRole(config, { name: 'replication' });
      await seedBucket(config, { name: 'shared-replica', versioning: true });
      const names = Array.from(
        { length: entities },
        (_, i) => `service-${String(i).padStart(3, '0')}`,
      );
      await mapWithConcurrency(names, 8, async name => {
        await seedBucket(config, { name: `${name}-data`, versioning: true });
        await seedReplication(config, {
          source: `${name}-data`,
          role,
          rules: [{ id: `${name}-all`, destinationBucket: 'shared-replica' }],
        });
      });
      // The last rule's queries are in the last batch: its metrics must be
      // mapped back to it.
      const now = new Date();
      const last = names[names.length - 1];
      await seedReplicationMetrics(config, {
        sourceBucket: `${last}-data`,
        destinationBucket: 'shared-replica',
        ruleId: `${last}-all`,
        latencySeconds: [4000],
        pendingOperations: 0,
        failedOperations: 0,
        bytesPending: 0,
        at: now,
      });

      const clients = createMotoClientFactory(moto.endpoint);
      const queriesPerCall: number[] = [];
      const cloudWatch = await clients.cloudWatch();
      cloudWatch.middlewareStack.add(
        (next, context) => async args => {
          if (context.commandName === 'GetMetricDataCommand') {
            const input = args.input as GetMetricDataCommandInput;
            queriesPerCall.push(input.MetricDataQueries?.length ?? 0);
          }
          return next(args);
        },
        { step: 'initialize', name: 'countGetMetricData' },
      );
      const provider = ReplicationCheckProvider.create({
        ownership: trustEverything,
        clients,
        config: replicationConfig(),
      });

      const output = await provider.run(
        names.map(name => replicationTarget(name, [`${name}-data`])),
        runContext({ now }),
      );

      expect(queriesPerCall).toHaveLength(expectedCalls);
      expect(queriesPerCall.every(n => n <= 500)).toBe(true);
      expect(queriesPerCall.reduce((a, b) => a + b, 0)).toBe(4 * entities);
      expect(output.calls?.GetMetricData).toBe(expectedCalls);
      // S3 and IAM: one read per bucket, the shared replica and role once.
      expect(output.calls).toMatchObject({
        GetBucketReplication: entities,
        GetBucketVersioning: entities + 1,
        GetRole: 1,
      });
      expect(output.failures).toEqual([]);
      expect(output.results).toHaveLength(entities);
      const critical = output.results.filter(r => r.status === 'critical');
      expect(critical.map(r => [r.subject, r.value])).toEqual([
        [`${last}-data`, 4000],
      ]);
      expect(output.results.filter(r => r.status === 'ok').length).toBe(
        entities - 1,
      );
    },
  );
});
