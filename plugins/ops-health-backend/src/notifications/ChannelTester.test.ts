import type { NotificationService } from '@backstage/plugin-notifications-node';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { RequestLimiter } from '../access/RequestLimiter';
import { ChannelTester } from './ChannelTester';
import { EmailChannel } from './channels/EmailChannel';

const databases = createTestDatabases();

/** A limiter on a fresh SQLite database (its own tests run on both). */
async function limiterAt(now: () => number) {
  const knex = await databases.init('SQLITE_3');
  return RequestLimiter.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
    clock: { now: () => new Date(now()) },
    scope: 'channel-test',
  });
}

async function tester() {
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
      limiter: await limiterAt(() => Date.parse('2027-02-28T23:59:00Z')),
    }),
  };
}

describe('ChannelTester', () => {
  it('fails an email test to a user the catalog has no address of', async () => {
    const { notifications, channels } = await tester();
    const outcome = await channels.test('team-email', 'user:default/guest', {
      people: { emailOf: async () => undefined },
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
    const { channels } = await tester();
    const emailOf = jest.fn(async () => 'alice@example.com');
    const outcome = await channels.test('team-email', 'user:default/alice', {
      people: { emailOf },
    });
    expect(emailOf).toHaveBeenCalledWith('user:default/alice');
    expect(outcome).toMatchObject({
      ok: true,
      recipients: ['user:default/alice'],
    });
    expect(outcome.error).toBeUndefined();
  });
});

describe('ChannelTester limits', () => {
  it('sends one channel 3 test messages a minute and one caller 5, then 429', async () => {
    let now = Date.parse('2026-12-31T23:59:40Z');
    const notifications = {
      send: jest.fn(async () => undefined),
    } as unknown as NotificationService & { send: jest.Mock };
    const channels = ChannelTester.create({
      channels: ['a', 'b', 'c'].map(
        name =>
          new EmailChannel({ name, minSeverity: 'warning', notifications }),
      ),
      clock: { now: () => new Date(now) },
      limiter: await limiterAt(() => now),
    });
    const alice = 'user:default/alice';
    for (let i = 0; i < 3; i++) await channels.test('a', alice);
    await expect(channels.test('a', 'user:default/bob')).rejects.toMatchObject({
      statusCode: 429,
      retryAfterSeconds: 60,
      message:
        'Channel a takes at most 3 test messages a minute, and had them; try again in 60 s',
    });
    await channels.test('b', alice);
    await channels.test('b', alice);
    await expect(channels.test('c', alice)).rejects.toThrow(
      'You may send at most 5 test messages a minute, and sent them; try again in 60 s',
    );
    expect(notifications.send).toHaveBeenCalledTimes(5);
    // A minute later, into the new year.
    now += 60_000;
    await channels.test('a', 'user:default/bob');
    await channels.test('c', alice);
    expect(notifications.send).toHaveBeenCalledTimes(7);
    // An unknown channel is a 404 whatever the limits.
    await expect(channels.test('nope', alice)).rejects.toThrow(
      "No notification channel 'nope' (configured: a, b, c)",
    );
  });
});

describe('EmailChannel.unreachable', () => {
  it('names every user without an address, and nobody when all have one', async () => {
    const channel = new EmailChannel({
      name: 'team-email',
      minSeverity: 'warning',
      notifications: {} as NotificationService,
    });
    const emailOf = async (ref: string) =>
      ref === 'user:default/alice' ? 'alice@example.com' : undefined;
    await expect(
      channel.unreachable(
        ['user:default/bob', 'user:default/alice', 'user:default/carol'],
        { emailOf },
      ),
    ).resolves.toMatch(
      /^user:default\/bob, user:default\/carol have no email address in the catalog/,
    );
    await expect(
      channel.unreachable(['user:default/alice'], { emailOf }),
    ).resolves.toBeUndefined();
  });
});
