import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConflictError } from '@backstage/errors';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseOutboxStore } from '../notifications/outbox';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentService } from './IncidentService';
import { createCommanderNotifier } from './commanderNotification';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const user = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf: [] },
});
const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout' },
    spec: { type: 'service', owner: 'group:default/team', lifecycle: 'x' },
  },
  user('alice'),
  user('bob'),
];
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const now = new Date('2026-11-27T10:00:00Z');

describe.each(databases.eachSupportedId())(
  'handing over command on %p',
  databaseId => {
    async function setup(options: { failAfterEnqueue?: boolean } = {}) {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseIncidentStore.create({ database });
      const outbox = await DatabaseOutboxStore.create({ database });
      const service = new IncidentService({
        store,
        catalog: catalogServiceMock({ entities }),
        permissions: mockServices.permissions(),
        auditor: mockServices.auditor.mock(),
        now: () => now,
        notifyCommander: createCommanderNotifier({
          // Optionally an outbox that writes, then fails: the change and
          // the message must stand or fall together.
          outbox: options.failAfterEnqueue
            ? {
                enqueue: async (...args) => {
                  await outbox.enqueue(...args);
                  throw new Error('outbox failed after writing');
                },
              }
            : outbox,
          // A channel for urgent messages only.
          channelsFor: n => (n.severity === 'critical' ? ['team-inbox'] : []),
          now: () => now,
        }),
      });
      const as = (ref: string) => ({
        credentials: mockCredentials.user(ref),
      });
      const incident = await service.create(as(ALICE), {
        entityRef: 'component:default/checkout',
        title: 'Checkout down',
        severity: 'SEV1',
      });
      return { service, store, outbox, as, incident };
    }

    it('tells the new commander, in the transaction of the change', async () => {
      const { service, outbox, as, incident } = await setup();
      const handed = await service.update(as(ALICE), incident.id, {
        commander: BOB,
        note: 'Bob knows the payment provider',
        expectedVersion: 1,
      });
      const id = `command:${incident.id}:${handed.version}`;
      expect(await outbox.getNotification(id)).toMatchObject({
        kind: 'command',
        recipients: [BOB],
        severity: 'critical',
        title:
          'You lead the SEV1 incident on component:default/checkout: Checkout down',
        summary: `${ALICE} handed command of this incident to ${BOB}; it is in detection.\nBob knows the payment provider`,
        link: `/catalog/default/component/checkout/ops-health/incidents/${incident.id}`,
      });
      expect(
        await outbox.listDeliveries({ notificationId: id, limit: 10 }),
      ).toEqual([expect.objectContaining({ channel: 'team-inbox' })]);
    });

    it('tells nobody when you take command yourself, step down or only change severity', async () => {
      const { service, outbox, as, incident } = await setup();
      await service.update(as(ALICE), incident.id, {
        commander: ALICE,
        expectedVersion: 1,
      });
      await service.update(as(ALICE), incident.id, {
        severity: 'SEV2',
        expectedVersion: 2,
      });
      await service.update(as(ALICE), incident.id, {
        commander: null,
        expectedVersion: 3,
      });
      expect(await outbox.listDeliveries({ limit: 10 })).toEqual([]);
    });

    it('writes nothing when the change is refused or the message cannot be written', async () => {
      const stale = await setup();
      await expect(
        stale.service.update(stale.as(ALICE), stale.incident.id, {
          commander: BOB,
          expectedVersion: 7,
        }),
      ).rejects.toThrow(ConflictError);
      expect(await stale.outbox.listDeliveries({ limit: 10 })).toEqual([]);

      const failing = await setup({ failAfterEnqueue: true });
      await expect(
        failing.service.update(failing.as(ALICE), failing.incident.id, {
          commander: BOB,
          expectedVersion: 1,
        }),
      ).rejects.toThrow('outbox failed after writing');
      // Rolled back together: no message, no new commander, no event.
      expect(await failing.outbox.listDeliveries({ limit: 10 })).toEqual([]);
      const after = await failing.store.get(failing.incident.id);
      expect(after).toMatchObject({ version: 1 });
      expect(after!.commander).toBeUndefined();
      expect(after!.events.map(e => e.type)).toEqual(['created']);
    });

    it('sends a less urgent incident only to the channels that take it', async () => {
      const { service, outbox, as, incident } = await setup();
      await service.update(as(ALICE), incident.id, {
        severity: 'SEV4',
        expectedVersion: 1,
      });
      const handed = await service.update(as(ALICE), incident.id, {
        commander: BOB,
        expectedVersion: 2,
      });
      expect(
        await outbox.getNotification(
          `command:${incident.id}:${handed.version}`,
        ),
      ).toBeUndefined();
    });
  },
);
