import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  MotoClientConfig,
  seedBucket,
  seedReplication,
  SeedReplicationRule,
  seedRole,
} from '@internal/aws-emulator';
import { parseOpsHealthAnnotations } from '@ops-health/backstage-plugin-ops-health-common';
import {
  CheckRunContext,
  CheckTarget,
} from '@ops-health/backstage-plugin-ops-health-node';
import { AwsChecksConfig, readAwsChecksConfig } from '../../config';
import { emptyHistory } from '../../__testUtils__/emptyHistory';

/** The replication config with its defaults, and overrides. */
export function replicationConfig(
  overrides: Partial<AwsChecksConfig['replication']> = {},
): AwsChecksConfig['replication'] {
  return {
    ...readAwsChecksConfig(new ConfigReader({})).replication,
    ...overrides,
  };
}

/** A component annotated with the source buckets to watch. */
export function replicationTarget(
  name: string,
  buckets: string[],
  accountId?: string,
): CheckTarget {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'ops-health/s3-replication': buckets.join(','),
        ...(accountId ? { 'ops-health/aws-account-id': accountId } : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
  return {
    entityRef: `component:default/${name}`,
    entity,
    config: parseOpsHealthAnnotations(entity),
  };
}

export function runContext(
  options: { now?: Date; signal?: AbortSignal } = {},
): CheckRunContext & {
  logger: ReturnType<typeof mockServices.logger.mock>;
} {
  return {
    signal: options.signal ?? new AbortController().signal,
    logger: mockServices.logger.mock(),
    now: options.now ?? new Date(),
    history: emptyHistory,
  };
}

/**
 * A source bucket replicating to destination buckets (all versioned), with a
 * role S3 may assume. Returns the role ARN.
 */
export async function seedReplicatedBucket(
  config: MotoClientConfig,
  options: {
    source: string;
    rules: SeedReplicationRule[];
    roleName?: string;
    trustedService?: string;
    destinationVersioning?: boolean;
  },
): Promise<string> {
  await seedBucket(config, { name: options.source, versioning: true });
  for (const destination of new Set(
    options.rules.map(r => r.destinationBucket),
  )) {
    await seedBucket(config, {
      name: destination,
      versioning: options.destinationVersioning ?? true,
    });
  }
  const role = await seedRole(config, {
    name: options.roleName ?? 'replication',
    trustedService: options.trustedService,
  });
  await seedReplication(config, {
    source: options.source,
    role,
    rules: options.rules,
  });
  return role;
}

/** An AWS SDK error as the SDK would throw it for an error response. */
export function awsError(name: string, message: string, status: number) {
  return Object.assign(new Error(message), {
    name,
    Code: name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}
