import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startReceiver } from './channels/__testUtils__/receiver';
import { SlackChannel } from './channels/SlackChannel';
import { WebhookChannel } from './channels/WebhookChannel';
import { verifyWebhookSignature } from './channels/webhookSignature';
import { DatabaseOutboxStore, NotificationDispatcher } from './outbox';
import { makeNotification } from './outbox/__testUtils__/fakes';

jest.setTimeout(60_000);

const databases = createTestDatabases();

// The whole delivery path with real parts: the database outbox, the leased
// dispatcher and the HTTP channels, against a local receiver that fails once.
describe.each(databases.eachSupportedId())(
  'delivery through the outbox on %p',
  databaseId => {
    it('retries a webhook and a Slack message after a 500 with the same idempotency key', async () => {
      const knex = await databases.init(databaseId);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      const store = await DatabaseOutboxStore.create({ database });
      const receiver = await startReceiver();
      const failedOnce = new Set<string>();
      receiver.respondWith((req, res) => {
        if (!failedOnce.has(req.path)) {
          failedOnce.add(req.path);
          res.statusCode = 500;
          res.end('try again');
        } else {
          res.end('ok');
        }
      });
      const secret = 'integration-signing-secret-123';
      let clock = new Date('2026-11-26T10:00:00Z');
      try {
        const channels = [
          new WebhookChannel({
            name: 'hook',
            minSeverity: 'warning',
            url: `${receiver.url}/hook`,
            signingSecret: secret,
            timeoutMs: 5000,
          }),
          new SlackChannel({
            name: 'slack',
            minSeverity: 'warning',
            url: `${receiver.url}/slack`,
            timeoutMs: 5000,
          }),
        ];
        const dispatcher = NotificationDispatcher.create({
          store,
          channels,
          logger: mockServices.logger.mock(),
          config: { initialBackoffMs: 30_000 },
          now: () => clock,
        });
        const notification = makeNotification('n-1');
        await knex.transaction(tx =>
          store.enqueue(tx, notification, ['hook', 'slack'], clock),
        );

        expect(await dispatcher.runOnce()).toMatchObject({
          delivered: 0,
          retried: 2,
        });
        // Not due yet: nothing is sent again before the backoff.
        clock = new Date(clock.getTime() + 10_000);
        expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
        clock = new Date(clock.getTime() + 25_000);
        expect(await dispatcher.runOnce()).toMatchObject({ delivered: 2 });

        const hooks = receiver.requests.filter(r => r.path.endsWith('/hook'));
        const slacks = receiver.requests.filter(r => r.path.endsWith('/slack'));
        expect(hooks).toHaveLength(2);
        expect(slacks).toHaveLength(2);
        expect(hooks[0].headers['idempotency-key']).toBe('n-1:hook');
        expect(hooks[1].headers['idempotency-key']).toBe('n-1:hook');
        expect(slacks[1].headers['idempotency-key']).toBe('n-1:slack');
        for (const hook of hooks) {
          expect(
            verifyWebhookSignature({
              body: hook.body,
              timestamp: String(hook.headers['x-ops-health-timestamp']),
              signature: String(hook.headers['x-ops-health-signature']),
              secret,
            }),
          ).toBe(true);
        }
        expect(JSON.parse(hooks[1].body.toString())).toMatchObject({
          version: 1,
          id: 'n-1',
          kind: 'firing',
          entityRef: 'component:default/media',
        });
        expect(JSON.parse(slacks[1].body.toString()).text).toContain(
          'media: 1 alert firing',
        );

        const deliveries = await store.listDeliveries({
          notificationId: 'n-1',
          limit: 10,
        });
        expect(deliveries.map(d => [d.channel, d.status, d.attempts])).toEqual(
          expect.arrayContaining([
            ['hook', 'delivered', 2],
            ['slack', 'delivered', 2],
          ]),
        );
        expect(deliveries.every(d => d.lastError?.includes('HTTP 500'))).toBe(
          true,
        );
      } finally {
        await receiver.close();
      }
    });
  },
);
