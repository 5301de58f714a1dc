import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { opsHealthChecksExtensionPoint } from '@ops-health/backstage-plugin-ops-health-node';
import { DefaultAwsClientFactory } from './AwsClientFactory';
import { BackupCheckProvider } from './backup/BackupCheckProvider';
import { CostCheckProvider } from './cost/CostCheckProvider';
import { PostureCheckProvider } from './posture/PostureCheckProvider';
import { ReplicationCheckProvider } from './replication/ReplicationCheckProvider';
import { readAwsChecksConfig } from './config';
import { configKeys } from './configKeys.generated';
import { OwnershipVerifier } from './trust/OwnershipVerifier';

/**
 * The built-in AWS checks (cost, S3 replication, backup, and the posture of
 * AWS account entities), added through the
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
        // Optional call: a plugin from before addConfigKeys does not check
        // config keys, and must not make this module fail.
        checks.addConfigKeys?.(configKeys);
        const config = readAwsChecksConfig(rootConfig);
        const clients = DefaultAwsClientFactory.fromConfig(
          rootConfig,
          config.aws,
        );
        const ownership = OwnershipVerifier.create({
          clients,
          trust: config.trust,
        });
        checks.addCheckProvider(
          CostCheckProvider.create({ clients, config: config.cost, ownership }),
          ReplicationCheckProvider.create({
            clients,
            config: config.replication,
            ownership,
          }),
          BackupCheckProvider.create({
            clients,
            config: config.backup,
            ownership,
          }),
          PostureCheckProvider.create({ clients, config: config.posture }),
        );
      },
    });
  },
});
