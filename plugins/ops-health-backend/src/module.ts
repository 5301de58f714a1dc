import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { opsHealthChecksExtensionPoint } from '@ops-health/backstage-plugin-ops-health-node';
import { DefaultAwsClientFactory } from './aws/AwsClientFactory';
import { BackupCheckProvider } from './collectors/backup/BackupCheckProvider';
import { CostCheckProvider } from './collectors/cost/CostCheckProvider';
import { ReplicationCheckProvider } from './collectors/replication/ReplicationCheckProvider';
import { readOpsHealthConfig } from './config/OpsHealthConfig';

/**
 * The built-in AWS checks (cost, S3 replication, backup), added through the
 * same extension point a third-party module uses.
 *
 * @public
 */
export const opsHealthModuleAwsChecks = createBackendModule({
  pluginId: 'ops-health',
  moduleId: 'aws-checks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        checks: opsHealthChecksExtensionPoint,
      },
      async init({ config: rootConfig, checks }) {
        const config = readOpsHealthConfig(rootConfig);
        const clients = DefaultAwsClientFactory.fromConfig(
          rootConfig,
          config.aws,
        );
        checks.addCheckProvider(
          CostCheckProvider.create({ clients, config: config.cost }),
          ReplicationCheckProvider.create({
            clients,
            config: config.replication,
          }),
          BackupCheckProvider.create({ clients, config: config.backup }),
        );
      },
    });
  },
});
