import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { createChannelsFromConfig } from './createChannelsFromConfig';
import { BackstageChannel } from './BackstageChannel';
import { EmailChannel } from './EmailChannel';
import { SlackChannel } from './SlackChannel';
import { WebhookChannel } from './WebhookChannel';
import {
  makeContext,
  makeNotification,
  Receiver,
  startReceiver,
} from './__testUtils__/receiver';

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n';
const SECRET = 'webhook-signing-secret-0123';

function deps() {
  return {
    notifications: { send: jest.fn(async () => {}) },
    logger: mockServices.logger.mock(),
  };
}

function root(notifications: JsonObject) {
  return new ConfigReader({
    app: { baseUrl: 'https://portal.example.com' },
    opsHealth: { notifications },
  });
}

function build(channels: JsonObject[], delivery?: JsonObject) {
  return createChannelsFromConfig(
    root(delivery ? { channels, delivery } : { channels }),
    deps(),
  );
}

describe('createChannelsFromConfig', () => {
  it('builds every channel type with defaults', () => {
    const channels = build([
      { name: 'inbox', type: 'backstage' },
      { name: 'slack', type: 'slack', url: SLACK_URL, minSeverity: 'critical' },
      {
        name: 'hook',
        type: 'webhook',
        url: 'http://receiver.internal:8080/ops',
        signingSecret: SECRET,
        checks: ['cost', 'backup'],
        minSeverity: 'info',
      },
      {
        name: 'mail',
        type: 'email',
        recipients: ['user:jane', 'group:default/sre'],
      },
    ]);

    expect(
      channels.map(c => [c.name, c.type, c.minSeverity, c.checks]),
    ).toEqual([
      ['inbox', 'backstage', 'warning', undefined],
      ['slack', 'slack', 'critical', undefined],
      ['hook', 'webhook', 'info', ['cost', 'backup']],
      ['mail', 'email', 'warning', undefined],
    ]);
    expect(channels[0]).toBeInstanceOf(BackstageChannel);
    expect(channels[1]).toBeInstanceOf(SlackChannel);
    expect(channels[2]).toBeInstanceOf(WebhookChannel);
    expect(channels[3]).toBeInstanceOf(EmailChannel);
    expect((channels[3] as EmailChannel).recipients).toEqual([
      'user:default/jane',
      'group:default/sre',
    ]);
  });

  it('accepts the root, the opsHealth section or the notifications section', () => {
    const notifications = { channels: [{ name: 'inbox', type: 'backstage' }] };
    for (const config of [
      new ConfigReader({ opsHealth: { notifications } }),
      new ConfigReader({ notifications }),
      new ConfigReader(notifications),
    ]) {
      expect(createChannelsFromConfig(config, deps()).map(c => c.name)).toEqual(
        ['inbox'],
      );
    }
  });

  it('returns no channels when none are configured', () => {
    expect(createChannelsFromConfig(new ConfigReader({}), deps())).toEqual([]);
    expect(
      createChannelsFromConfig(
        new ConfigReader({
          // Backstage's own notifications section is not ours.
          notifications: { processors: { email: { sender: 'a@b.c' } } },
        }),
        deps(),
      ),
    ).toEqual([]);
  });

  it.each<[string, JsonObject[], JsonObject | undefined, string]>([
    [
      'a duplicate name',
      [
        { name: 'ops', type: 'backstage' },
        { name: 'OPS', type: 'backstage' },
      ],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[1].name': duplicate channel name 'OPS' (also channels[0])",
    ],
    [
      'a missing name',
      [{ type: 'backstage' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].name': required",
    ],
    [
      'a name with spaces',
      [{ name: 'my channel', type: 'backstage' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].name': expected 1-63 letters",
    ],
    [
      'an unknown type',
      [{ name: 'ops', type: 'pager' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].type': unknown channel type 'pager', expected one of backstage, slack, webhook, email",
    ],
    [
      'a missing type',
      [{ name: 'ops' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].type': required",
    ],
    [
      'a missing url',
      [
        { name: 'a', type: 'backstage' },
        { name: 'b', type: 'email' },
        { name: 'c', type: 'slack' },
      ],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[2].url': required for slack and webhook channels",
    ],
    [
      'a url that is not a URL',
      [{ name: 'a', type: 'slack', url: 'hooks.slack.com/services/secret' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].url': expected an absolute http(s) URL",
    ],
    [
      'a non-http url',
      [
        {
          name: 'a',
          type: 'webhook',
          url: 'file:///etc/passwd',
          signingSecret: SECRET,
        },
      ],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].url': expected an http(s) URL, got a file: URL",
    ],
    [
      'a webhook without signingSecret',
      [{ name: 'a', type: 'webhook', url: 'https://example.com/hook' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].signingSecret': required for webhook channels",
    ],
    [
      'a short signingSecret',
      [
        {
          name: 'a',
          type: 'webhook',
          url: 'https://example.com/hook',
          signingSecret: 'short',
        },
      ],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].signingSecret': expected at least 16 characters",
    ],
    [
      'an invalid minSeverity',
      [{ name: 'a', type: 'backstage', minSeverity: 'high' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].minSeverity': expected one of info, warning, critical, got 'high'",
    ],
    [
      'a url on an email channel',
      [{ name: 'a', type: 'email', url: 'https://example.com' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].url': only slack and webhook channels have a url",
    ],
    [
      'recipients on a backstage channel',
      [{ name: 'a', type: 'backstage', recipients: ['user:jane'] }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].recipients': only email channels have recipients",
    ],
    [
      'an email address as recipient',
      [
        {
          name: 'a',
          type: 'email',
          recipients: ['user:jane', 'jane@example.com'],
        },
      ],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].recipients[1]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'jane@example.com'; email addresses come from the catalog",
    ],
    [
      'a component as recipient',
      [{ name: 'a', type: 'email', recipients: ['component:default/x'] }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].recipients[0]': expected a user or group entity ref such as group:default/payments or user:default/alice, got 'component:default/x' (a component)",
    ],
    [
      'a checks value of the wrong type',
      [{ name: 'a', type: 'backstage', checks: 'cost' }],
      undefined,
      "Invalid config at 'opsHealth.notifications.channels[0].checks':",
    ],
    [
      'an invalid timeout',
      [{ name: 'a', type: 'backstage' }],
      { timeout: 'soon' },
      "Invalid config at 'opsHealth.notifications.delivery.timeout':",
    ],
  ])('rejects %s, naming the key', (_title, channels, delivery, message) => {
    expect(() => build(channels, delivery)).toThrow(message);
  });

  it('never quotes a secret in an error', () => {
    let error: Error | undefined;
    try {
      build([{ name: 'a', type: 'slack', url: 'ftp://hooks/s3cr3tT0k3n' }]);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toContain(
      "'opsHealth.notifications.channels[0].url'",
    );
    expect(error?.message).not.toContain('s3cr3tT0k3n');
  });

  describe('with a local receiver', () => {
    let receiver: Receiver;
    beforeEach(async () => {
      receiver = await startReceiver();
    });
    afterEach(async () => {
      await receiver.close();
    });

    it('uses delivery.timeout and app.baseUrl', async () => {
      const [slack] = build(
        [{ name: 'slack', type: 'slack', url: receiver.url }],
        { timeout: { milliseconds: 150 } },
      );
      await slack.deliver(makeNotification(), makeContext());
      const body = JSON.parse(receiver.requests[0].body.toString('utf8'));
      expect(JSON.stringify(body.blocks)).toContain(
        'https://portal.example.com/catalog/default/component/billing-api/ops-health',
      );

      receiver.respondWith(() => {});
      await expect(
        slack.deliver(makeNotification(), makeContext()),
      ).rejects.toThrow('request timed out after 150 ms');
    });
  });
});
