import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  assertKnownConfigKeys,
  OpsHealthConfigKeys,
  opsHealthChecksExtensionPoint,
} from '@ops-health/backstage-plugin-ops-health-node';
import opsHealth from '..';
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

/**
 * A config that records every key asked of it (and of the configs it
 * hands out), as `opsHealth.schedules[].layers[].restrict.days`.
 */
function recording(config: Config, prefix: string, asked: Set<string>): Config {
  return new Proxy(config, {
    get(target, property) {
      const member = Reflect.get(target, property, target);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const result = member.apply(target, args);
        const key = typeof args[0] === 'string' ? args[0] : undefined;
        if (key === undefined) return result;
        const at = prefix ? `${prefix}.${key}` : key;
        asked.add(at);
        if (result instanceof ConfigReader) {
          return recording(result, at, asked);
        }
        if (Array.isArray(result) && result[0] instanceof ConfigReader) {
          return result.map(item => recording(item, `${at}[]`, asked));
        }
        return result;
      };
    },
  });
}

/** A config that holds each key path (`schedules[].restrict.days`). */
function configWith(keyPaths: string[]): JsonObject {
  const root: Record<string, any> = {};
  for (const keyPath of keyPaths) {
    let node = root;
    for (const part of keyPath.split('.')) {
      const [key, array] = part.split('[]');
      if (array !== undefined) {
        // Read as a list: `accounts[]` after `accounts`.
        if (!Array.isArray(node[key])) node[key] = [{}];
        node = node[key][0];
      } else {
        if (typeof node[key] !== 'object') node[key] = {};
        node = node[key];
      }
    }
  }
  return root;
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

  it('cover every key the readers ask for when the backend starts', async () => {
    // A config with every section, so that each reader asks for each of its
    // keys: a key read but not declared would stop the backend as unknown.
    const data = {
      opsHealth: {
        alerting: {
          firingAfter: 2,
          checks: { cost: { firingAfter: 1, resolvingAfter: 3 } },
          repeat: { initial: '1h' },
        },
        notifications: {
          channels: [
            { name: 'inbox', type: 'backstage', minSeverity: 'info' },
            { name: 'mail', type: 'email', recipients: ['group:default/ops'] },
            {
              name: 'hook',
              type: 'webhook',
              url: 'https://hooks.example.com/x',
              signingSecret: 'not-a-real-secret-0123456789',
              checks: ['cost'],
            },
          ],
          schedule: { frequency: { seconds: 15 } },
          delivery: { maxAttempts: 3, timeout: '5s' },
        },
        access: { cacheTtl: '10s', indexTtl: '1m' },
        actions: { allowedServices: ['plugin:scaffolder'] },
        catchUp: { schedule: { frequency: { minutes: 2 } } },
        retention: { costDays: 400, closedIncidentDays: 730 },
        contacts: { primary: { name: 'DevOps', email: 'd@example.com' } },
        schedules: [
          {
            name: 'single',
            team: 'group:default/ops',
            timeZone: 'Europe/Berlin',
            members: ['user:default/alice'],
            rotation: 'weekly',
            handoffDay: 'monday',
            handoffTime: '09:00',
            start: '2026-11-02',
            restrict: { days: ['mon'], from: '09:00', to: '17:00' },
            overrides: [
              {
                from: '2026-12-24T18:00',
                to: '2026-12-25T09:00',
                user: 'user:default/alice',
              },
            ],
          },
          {
            name: 'layered',
            title: 'Layered',
            team: 'group:default/ops',
            timeZone: 'UTC',
            layers: [
              {
                name: 'nights',
                members: ['user:default/alice'],
                rotation: 'daily',
                start: '2026-11-02',
                restrict: { from: '18:00', to: '08:00' },
              },
            ],
          },
        ],
        acknowledge: { ttl: '12h' },
        escalation: {
          defaultPolicy: 'p',
          policies: [
            {
              name: 'p',
              owners: ['group:default/ops'],
              levels: [{ targets: ['schedule:single'], delay: '5m' }],
            },
          ],
          schedule: { frequency: { minutes: 1 } },
        },
        runbook: { defaultUrl: '/docs/x', sections: { cost: 'costs' } },
        incidents: { attachWindow: '1h', autoOpen: true },
        aws: { region: 'eu-west-1', maxAttempts: 3 },
        cost: { dailyThreshold: 10, monthlyThreshold: 100, historyDays: 90 },
        replication: { canary: { timeout: '1m', keyPrefix: 'probe/' } },
        backup: { defaultMaxAge: '26h' },
        posture: {
          accounts: [{ accountId: 'main', entity: 'resource:default/aws' }],
        },
        trust: {
          accounts: [
            {
              accountId: '111122223333',
              owners: ['group:default/ops'],
              namespaces: ['default'],
              locations: ['url:https://github.com/acme/x/blob/main/'],
            },
          ],
        },
      },
    };
    const asked = new Set<string>();
    const backend = await startTestBackend({
      features: [
        opsHealth,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: coreServices.rootConfig,
          deps: {},
          factory: () => recording(new ConfigReader(data), '', asked),
        }),
      ],
    });
    await backend.stop();

    const read = [...asked]
      .filter(key => key.startsWith('opsHealth.'))
      .map(key => key.slice('opsHealth.'.length));
    // The readers did read the sections, down to the single rotation's hours.
    expect(read).toEqual(
      expect.arrayContaining([
        'schedules[].restrict',
        'schedules[].layers[].restrict',
        'notifications.delivery',
        'trust.accounts[].locations',
      ]),
    );
    // The check the plugin runs at start names any of them not declared.
    expect(() =>
      assertKnownConfigKeys(
        new ConfigReader({ opsHealth: configWith(read) }),
        'opsHealth',
        [configKeys, awsConfigKeys],
      ),
    ).not.toThrow();
  });
});
