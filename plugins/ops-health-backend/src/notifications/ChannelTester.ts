import { NotFoundError } from '@backstage/errors';
import { OpsHealthClock } from '@ops-health/backstage-plugin-ops-health-node';
import { randomUUID } from 'node:crypto';
import { RequestLimiter } from '../access/RequestLimiter';
import {
  ChannelPeople,
  channelAccepts,
  NotificationChannel,
  OpsHealthNotification,
} from './types';

/** What a channel test did. @internal */
export type ChannelTestOutcome = {
  channel: string;
  ok: boolean;
  error?: string;
  /** Who the test message went to, when the channel addresses people. */
  recipients: string[];
  /** Where the message went, in words ("email to user:default/alice"). */
  destination: string;
  durationMs: number;
};

/** Test messages one channel is sent a minute, whoever asks. */
const TESTS_PER_CHANNEL_PER_MINUTE = 3;
/** Test messages one caller may send a minute, whatever the channels. */
const TESTS_PER_CALLER_PER_MINUTE = 5;

/**
 * The configured channels: which take a message, what they are (for the
 * admins' page) and a test message through one of them. Test messages are
 * limited (per channel and per caller, a minute, across the replicas): each
 * goes to a real Slack channel, webhook receiver or inbox, and a channel
 * flooded with them is one whose real alerts people stop reading.
 *
 * @internal
 */
export class ChannelTester {
  static create(options: {
    channels: NotificationChannel[];
    clock: OpsHealthClock;
    /** Counts the test messages sent, across the replicas. */
    limiter: RequestLimiter;
  }) {
    return new ChannelTester(options.channels, options.clock, options.limiter);
  }

  private constructor(
    private readonly channels: NotificationChannel[],
    private readonly clock: OpsHealthClock,
    private readonly limiter: RequestLimiter,
  ) {}

  /** The names of the channels that take a message (minimum severity, checks). */
  channelsFor = (notification: OpsHealthNotification): string[] =>
    this.channels
      .filter(channel => channelAccepts(channel, notification))
      .map(channel => channel.name);

  list() {
    return this.channels.map(c => ({
      name: c.name,
      type: c.type,
      minSeverity: c.minSeverity,
      ...(c.checks ? { checks: [...c.checks] } : {}),
    }));
  }

  /**
   * Sends a test message through the channel, to `by` when it is a user;
   * the outcome says whether it was delivered, never throws for a failed
   * delivery (NotFoundError for an unknown channel, TooManyRequestsError
   * over the limits).
   */
  async test(
    name: string,
    by: string,
    options: {
      /** The people the message was for, as the caller sees them. */
      people?: ChannelPeople;
    } = {},
  ): Promise<ChannelTestOutcome> {
    const channel = this.channels.find(c => c.name === name);
    if (!channel) {
      throw new NotFoundError(
        `No notification channel '${name}' (configured: ${
          this.channels.map(c => c.name).join(', ') || 'none'
        })`,
      );
    }
    await this.limiter.take([
      {
        key: `channel\u0000${channel.name}`,
        max: TESTS_PER_CHANNEL_PER_MINUTE,
        windowMs: 60_000,
        refused: () =>
          `Channel ${channel.name} takes at most ${TESTS_PER_CHANNEL_PER_MINUTE} test messages a minute, and had them`,
      },
      {
        key: `caller\u0000${by}`,
        max: TESTS_PER_CALLER_PER_MINUTE,
        windowMs: 60_000,
        refused: () =>
          `You may send at most ${TESTS_PER_CALLER_PER_MINUTE} test messages a minute, and sent them`,
      },
    ]);
    const recipients = by.startsWith('user:') ? [by] : [];
    const message: OpsHealthNotification = {
      id: randomUUID(),
      kind: 'test',
      entityRef: by,
      recipients,
      title: `Ops Health test message for channel ${channel.name}`,
      summary: `Sent by ${by} to check that the ${channel.type} channel ${channel.name} works.`,
      severity: 'info',
      alerts: [],
      createdAt: this.clock.now().toISOString(),
    };
    const destination = channel.destination(message);
    const started = Date.now();
    let error: string | undefined;
    try {
      await channel.deliver(message, {
        idempotencyKey: `test:${randomUUID()}`,
        attempt: 1,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (deliveryError) {
      error = (deliveryError as Error).message;
    }
    if (!error && channel.unreachable && options.people) {
      error = await channel.unreachable(recipients, options.people);
    }
    return {
      channel: channel.name,
      ok: error === undefined,
      ...(error ? { error } : {}),
      recipients,
      destination,
      durationMs: Date.now() - started,
    };
  }
}
