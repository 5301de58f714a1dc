/*
 * A backend process for the crash test: the Ops Health plugin with a check
 * whose results come from a file the test writes, on the database and with
 * the channels of the config the test passes (--config).
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import fs from 'node:fs';
import { opsHealthPlugin } from '../plugin';
import { checksModule } from './checksModule';

const stateFile = process.env.CRASH_STATE_FILE!;
const entityCount = Number(process.env.CRASH_ENTITIES ?? '5');
const users = ['alice', 'bob'].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf: ['payments'] },
}));
const entities = Array.from({ length: entityCount }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `service-${i}`,
    annotations: { 'example.com/crash': 'yes' },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
}));

const crashCheck = checksModule('crash-check', {
  id: 'crash',
  annotations: ['example.com/crash'],
  schedule: {
    frequency: { seconds: 1 },
    timeout: { seconds: 5 },
    initialDelay: { seconds: 0 },
  },
  appliesTo: () => true,
  async run(targets, { now }) {
    const status = fs.readFileSync(stateFile, 'utf8').trim();
    return {
      results: targets.map(t => ({
        entityRef: t.entityRef,
        checkId: 'crash',
        subject: '',
        status: status as 'ok' | 'critical',
        message: `crash test says ${status}`,
        measuredAt: now,
      })),
      failures: [],
    };
  },
});

const backend = createBackend();
backend.add(opsHealthPlugin);
backend.add(crashCheck);
backend.add(catalogServiceMock.factory({ entities: [...entities, ...users] }));
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.start();
