import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseOutboxStore } from '../notifications/outbox';
import {
  at,
  createAlerting,
  ENTITY,
  SECOND,
} from './__testUtils__/alertingTestUtils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'AlertNotifier with the DatabaseOutboxStore on %p',
  databaseId => {
    it('writes the notification and one delivery per channel', async () => {
      let outbox!: DatabaseOutboxStore;
      const h = await createAlerting(
        databases,
        databaseId,
        { firingAfter: 1 },
        {
          outbox: async database =>
            (outbox = await DatabaseOutboxStore.create({ database })),
        },
      );
      await h.evaluator.evaluate(
        [
          {
            entityRef: ENTITY,
            checkId: 'replication',
            subject: 'media',
            status: 'critical',
            value: 3600,
            message: 'Latency 1 h',
            measuredAt: at(0),
          },
        ],
        at(0),
      );
      expect(await h.notifier.runOnce(at(30 * SECOND))).toMatchObject({
        notifications: 1,
      });
      const deliveries = await outbox.listDeliveries({ limit: 10 });
      expect(deliveries.map(d => d.channel).sort()).toEqual(['pager', 'slack']);
      const notification = await outbox.getNotification(
        deliveries[0].notificationId,
      );
      expect(notification).toMatchObject({
        kind: 'firing',
        entityRef: ENTITY,
        title: 'checkout-service · S3 replication (media): Latency 1 h',
      });
    });
  },
);
