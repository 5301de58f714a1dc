/*
 * The bench's world as the AWS checks meet it: its entities as catalog
 * targets, and the checks built as the module builds them on the in-process
 * AWS (bench/inProcessAws.ts). Shared by bench/awsCalls.ts and
 * bench/collector.ts.
 */
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OPS_HEALTH_ANNOTATIONS,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import type {
  CheckTarget,
  OpsHealthCheckProvider,
} from '@ops-health/backstage-plugin-ops-health-node';
import { readAwsChecksConfig } from '../plugins/ops-health-backend-module-aws/src/config';
import { BackupCheckProvider } from '../plugins/ops-health-backend-module-aws/src/backup/BackupCheckProvider';
import { CostCheckProvider } from '../plugins/ops-health-backend-module-aws/src/cost/CostCheckProvider';
import { ReplicationCheckProvider } from '../plugins/ops-health-backend-module-aws/src/replication/ReplicationCheckProvider';
import { OwnershipVerifier } from '../plugins/ops-health-backend-module-aws/src/trust/OwnershipVerifier';
import type { AwsClientFactory } from '../plugins/ops-health-backend-module-aws/src/AwsClientFactory';
import {
  DAILY_THRESHOLD,
  inProcessClients,
  RequestCounter,
  World,
} from './inProcessAws';

/** The catalog entities of a world, as the engine hands them to checks. */
export function worldTargets(world: World): CheckTarget[] {
  return world.entities.map(e => {
    const annotations: Record<string, string> = {
      [OPS_HEALTH_ANNOTATIONS.costTags]: `service=${e.costTag}`,
    };
    if (e.accountId !== world.accounts[0]) {
      annotations[OPS_HEALTH_ANNOTATIONS.awsAccountId] = e.accountId;
    }
    if (e.bucket) annotations[OPS_HEALTH_ANNOTATIONS.s3Replication] = e.bucket;
    if (e.backupLocation) {
      annotations[
        OPS_HEALTH_ANNOTATIONS.backupS3
      ] = `s3://${e.backupLocation.bucket}/${e.backupLocation.prefix}`;
      annotations[OPS_HEALTH_ANNOTATIONS.backupMaxAge] = '26h';
    }
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: e.name, namespace: 'default', annotations },
      spec: { type: 'service', owner: 'group:default/team-a' },
    };
    return {
      entityRef: stringifyEntityRef(entity),
      entity,
      config: parseOpsHealthAnnotations(entity),
    };
  });
}

/** The AWS checks as the module builds them, on the in-process clients. */
export function worldProviders(
  world: World,
  counter: RequestCounter,
  /** Other clients than the in-process ones (a moto server's). */
  awsClients?: AwsClientFactory,
) {
  const config = readAwsChecksConfig(
    new ConfigReader({
      opsHealth: {
        cost: { dailyThreshold: DAILY_THRESHOLD },
        trust: {
          resourceTagKey: world.resourceTagKey,
          requireResourceTag: true,
          accounts: world.accounts.slice(1).map(accountId => ({
            accountId,
            namespaces: ['default'],
          })),
        },
      },
    }),
  );
  const clients = awsClients ?? inProcessClients(world, counter);
  const ownership = OwnershipVerifier.create({ clients, trust: config.trust });
  return [
    CostCheckProvider.create({ clients, config: config.cost, ownership }),
    ReplicationCheckProvider.create({
      clients,
      config: config.replication,
      ownership,
    }),
    BackupCheckProvider.create({ clients, config: config.backup, ownership }),
  ] as OpsHealthCheckProvider[];
}
