import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  assertKnownConfigKeys,
  OpsHealthConfigKeys,
  opsHealthChecksExtensionPoint,
} from '@ops-health/backstage-plugin-ops-health-node';
import { opsHealthModuleAwsChecks } from '@ops-health/backstage-plugin-ops-health-backend-module-aws';
import fs from 'fs';
import path from 'path';
import YAML from 'yaml';
import { configKeys } from './configKeys.generated';

const repo = path.resolve(__dirname, '../../../..');

/** The YAML blocks of a Markdown file that configure opsHealth. */
function yamlBlocks(file: string): object[] {
  const text = fs.readFileSync(path.join(repo, file), 'utf8');
  return [...text.matchAll(/^( *)```yaml\n([\s\S]*?)^ *```/gm)]
    .map(([, indent, body]) =>
      body
        .split('\n')
        .map(line => line.slice(indent.length))
        .join('\n'),
    )
    .filter(body => /^opsHealth:/m.test(body))
    .map(body => YAML.parse(body));
}

/** The keys the AWS module declares through the extension point. */
async function declaredByAwsModule(): Promise<OpsHealthConfigKeys> {
  const declared: OpsHealthConfigKeys[] = [];
  const plugin = createBackendPlugin({
    pluginId: 'ops-health',
    register(env) {
      env.registerExtensionPoint(opsHealthChecksExtensionPoint, {
        addCheckProvider() {},
        addConfigKeys: keys => declared.push(keys),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  const backend = await startTestBackend({
    features: [plugin, opsHealthModuleAwsChecks],
  });
  await backend.stop();
  expect(declared).toHaveLength(1);
  return declared[0];
}

describe('the config keys the plugin and the AWS module declare', () => {
  let awsConfigKeys: OpsHealthConfigKeys;
  beforeAll(async () => {
    awsConfigKeys = await declaredByAwsModule();
  });

  it.each(['app-config.yaml', 'app-config.production.yaml'])(
    'cover every key of %s',
    file => {
      const data = YAML.parse(fs.readFileSync(path.join(repo, file), 'utf8'));
      expect(() =>
        assertKnownConfigKeys(new ConfigReader(data), 'opsHealth', [
          configKeys,
          awsConfigKeys,
        ]),
      ).not.toThrow();
    },
  );

  it.each(['README.md', 'plugins/ops-health-backend/README.md'])(
    'cover every key of the examples in %s',
    file => {
      const blocks = yamlBlocks(file);
      expect(blocks.length).toBeGreaterThan(0);
      const declared = [configKeys, awsConfigKeys];
      for (const data of blocks) {
        expect(() =>
          assertKnownConfigKeys(new ConfigReader(data), 'opsHealth', declared),
        ).not.toThrow();
      }
    },
  );

  it('are what config.d.ts declares, schedules and durations included', () => {
    // A sample of the tree the generator made from config.d.ts (the full
    // tree is checked against config.d.ts by generate-config-keys --check).
    expect(Object.keys(configKeys.keys!).sort()).toEqual([
      'access',
      'acknowledge',
      'actions',
      'alerting',
      'catchUp',
      'contacts',
      'escalation',
      'incidents',
      'notifications',
      'retention',
      'runbook',
      'schedules',
    ]);
    expect(Object.keys(awsConfigKeys.keys!).sort()).toEqual([
      'aws',
      'backup',
      'cost',
      'posture',
      'replication',
      'trust',
    ]);
    const alerting = configKeys.keys!.alerting;
    expect(alerting.keys!.checks.anyKey).toEqual({
      keys: { firingAfter: {}, resolvingAfter: {} },
    });
    expect(
      Object.keys(
        configKeys.keys!.catchUp.keys!.schedule.keys!.frequency.keys!,
      ),
    ).toEqual(expect.arrayContaining(['cron', 'trigger', 'minutes']));
    expect(
      configKeys.keys!.escalation.keys!.policies.items!.keys!.levels.items!
        .keys!.targets,
    ).toEqual({ items: {} });
  });
});
