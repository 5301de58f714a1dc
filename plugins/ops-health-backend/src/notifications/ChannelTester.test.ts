import type { NotificationService } from '@backstage/plugin-notifications-node';
import { ChannelTester } from './ChannelTester';
import { EmailChannel } from './channels/EmailChannel';

function tester() {
  const notifications = {
    send: jest.fn(async () => undefined),
  } as unknown as NotificationService & { send: jest.Mock };
  const channel = new EmailChannel({
    name: 'team-email',
    minSeverity: 'warning',
    notifications,
  });
  return {
    notifications,
    channels: ChannelTester.create({
      channels: [channel],
      clock: { now: () => new Date('2027-02-28T23:59:00Z') },
    }),
  };
}

describe('ChannelTester', () => {
  it('fails an email test to a user the catalog has no address of', async () => {
    const { notifications, channels } = tester();
    const outcome = await channels.test('team-email', 'user:default/guest', {
      emailOf: async () => undefined,
    });
    // Handed to the notifications backend (the inbox has it), but no
    // email can come of it.
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(outcome).toMatchObject({
      channel: 'team-email',
      ok: false,
      error:
        'user:default/guest has no email address in the catalog (spec.profile.email), so no email can reach them: the message is only in their Backstage notifications. Add the address to the user entity and test again',
      destination: 'email to user:default/guest',
    });
  });

  it('passes an email test to a user with an address', async () => {
    const { channels } = tester();
    const emailOf = jest.fn(async () => 'alice@example.com');
    const outcome = await channels.test('team-email', 'user:default/alice', {
      emailOf,
    });
    expect(emailOf).toHaveBeenCalledWith('user:default/alice');
    expect(outcome).toMatchObject({
      ok: true,
      recipients: ['user:default/alice'],
    });
    expect(outcome.error).toBeUndefined();
  });
});
