import { mockServices } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { BackstageChannel } from './BackstageChannel';
import { EmailChannel } from './EmailChannel';
import { makeContext, makeNotification } from './__testUtils__/receiver';

function mockNotifications() {
  const send = jest.fn<
    ReturnType<NotificationService['send']>,
    Parameters<NotificationService['send']>
  >(async () => {});
  return { send } satisfies NotificationService;
}

describe('BackstageChannel', () => {
  it('sends to the recipients with topic, scope, severity and link', async () => {
    const notifications = mockNotifications();
    const channel = new BackstageChannel({
      name: 'inbox',
      minSeverity: 'warning',
      notifications,
    });

    await channel.deliver(
      makeNotification({
        recipients: [
          'group:default/team-billing',
          'user:jane',
          'group:default/team-billing',
        ],
      }),
      makeContext(),
    );

    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-billing', 'user:default/jane'],
      },
      payload: {
        title: 'billing-api: replication critical',
        description:
          'replication billing-data: Replication latency 4,200 s is above 3,600 s',
        link: '/catalog/default/component/billing-api/ops-health',
        severity: 'critical',
        topic: 'ops-health',
        scope: 'component:default/billing-api|replication|billing-data',
      },
    });
  });

  it.each([
    ['critical', 'critical'],
    ['warning', 'high'],
    ['info', 'normal'],
  ] as const)('maps severity %s to %s', async (severity, expected) => {
    const notifications = mockNotifications();
    await new BackstageChannel({
      name: 'inbox',
      minSeverity: 'info',
      notifications,
    }).deliver(makeNotification({ severity }), makeContext());
    expect(notifications.send.mock.calls[0][0].payload.severity).toBe(expected);
  });

  it('sends the same scope for a repeat, so the inbox entry is updated', async () => {
    const notifications = mockNotifications();
    const channel = new BackstageChannel({
      name: 'inbox',
      minSeverity: 'warning',
      notifications,
    });
    await channel.deliver(makeNotification(), makeContext());
    await channel.deliver(
      makeNotification({ id: 'ntf-2', kind: 'repeat' }),
      makeContext(),
    );
    const scopes = notifications.send.mock.calls.map(c => c[0].payload.scope);
    expect(scopes).toEqual([
      'component:default/billing-api|replication|billing-data',
      'component:default/billing-api|replication|billing-data',
    ]);
  });

  it('drops a link the notifications backend would reject', async () => {
    const notifications = mockNotifications();
    await new BackstageChannel({
      name: 'inbox',
      minSeverity: 'warning',
      notifications,
    }).deliver(
      makeNotification({ link: 'ftp://files.example.com/runbook' }),
      makeContext(),
    );
    expect(notifications.send.mock.calls[0][0].payload.link).toBeUndefined();
  });

  it('throws a clear error, without sending, when there are no recipients', async () => {
    const notifications = mockNotifications();
    const logger = mockServices.logger.mock();
    const channel = new BackstageChannel({
      name: 'inbox',
      minSeverity: 'warning',
      notifications,
      logger,
    });
    await expect(
      channel.deliver(makeNotification({ recipients: [] }), makeContext()),
    ).rejects.toThrow(
      "Backstage channel 'inbox': notification ntf-1 for component:default/billing-api has no recipients",
    );
    await expect(
      channel.deliver(
        makeNotification({ recipients: ['', 'no-kind'] }),
        makeContext(),
      ),
    ).rejects.toThrow('has no recipients');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("ignoring recipient 'no-kind'"),
    );
    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('propagates a failure of the notifications service', async () => {
    const notifications = mockNotifications();
    notifications.send.mockRejectedValue(new Error('Request failed with 503'));
    await expect(
      new BackstageChannel({
        name: 'inbox',
        minSeverity: 'warning',
        notifications,
      }).deliver(makeNotification(), makeContext()),
    ).rejects.toThrow('Request failed with 503');
  });

  it('does not send when the delivery is already aborted', async () => {
    const notifications = mockNotifications();
    const controller = new AbortController();
    controller.abort(new Error('stopping'));
    await expect(
      new BackstageChannel({
        name: 'inbox',
        minSeverity: 'warning',
        notifications,
      }).deliver(
        makeNotification(),
        makeContext({ signal: controller.signal }),
      ),
    ).rejects.toThrow('stopping');
    expect(notifications.send).not.toHaveBeenCalled();
  });
});

describe('EmailChannel', () => {
  it('sends to the owner plus the configured recipients with the email topic', async () => {
    const notifications = mockNotifications();
    const channel = new EmailChannel({
      name: 'mail',
      minSeverity: 'critical',
      recipients: ['user:default/oncall', 'group:default/team-billing'],
      notifications,
    });

    await channel.deliver(
      makeNotification({ severity: 'warning' }),
      makeContext(),
    );

    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-billing', 'user:default/oncall'],
      },
      payload: {
        title: 'billing-api: replication critical',
        description:
          'replication billing-data: Replication latency 4,200 s is above 3,600 s',
        link: '/catalog/default/component/billing-api/ops-health',
        severity: 'high',
        topic: 'ops-health-email',
        scope:
          'ops-health-email:component:default/billing-api|replication|billing-data',
      },
    });
  });

  it('uses only the configured recipients when the notification has none', async () => {
    const notifications = mockNotifications();
    await new EmailChannel({
      name: 'mail',
      minSeverity: 'warning',
      recipients: ['group:sre'],
      notifications,
    }).deliver(
      makeNotification({ recipients: [], scope: undefined }),
      makeContext(),
    );
    const call = notifications.send.mock.calls[0][0];
    expect(call.recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/sre'],
    });
    expect(call.payload.scope).toBeUndefined();
  });

  it('throws when there is nobody to email', async () => {
    const notifications = mockNotifications();
    await expect(
      new EmailChannel({
        name: 'mail',
        minSeverity: 'warning',
        notifications,
      }).deliver(makeNotification({ recipients: [] }), makeContext()),
    ).rejects.toThrow("Email channel 'mail': notification ntf-1");
    expect(notifications.send).not.toHaveBeenCalled();
  });
});
