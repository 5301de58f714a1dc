import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { NotificationChannel, OpsHealthNotification } from '../types';
import { ClaimedDelivery, OutboxStore } from './OutboxStore';

/** @internal */
export interface NotificationDispatcherConfig {
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles on each further one. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /**
   * How long a claimed delivery stays locked to this dispatcher. If the
   * process stops, any replica claims the delivery again after the lease. A
   * channel attempt is aborted after 80% of it, so its outcome is recorded
   * while the lease is still held.
   */
  leaseMs: number;
  /** Most deliveries claimed in one run. */
  batchSize: number;
  /** Deliveries sent in parallel (claimed this many at a time). */
  concurrency: number;
}

/** @internal */
export const DEFAULT_DISPATCHER_CONFIG: NotificationDispatcherConfig = {
  maxAttempts: 8,
  initialBackoffMs: 30_000,
  maxBackoffMs: 60 * 60_000,
  leaseMs: 2 * 60_000,
  batchSize: 100,
  concurrency: 5,
};

/** What one run did. @internal */
export interface DispatchRunResult {
  claimed: number;
  delivered: number;
  /** Failed attempts scheduled for a retry. */
  retried: number;
  /** Deliveries given up on (max attempts, channel no longer configured). */
  failed: number;
  /** Outcomes not recorded: the lease was lost to another dispatcher, or the database failed. */
  unrecorded: number;
}

/**
 * The wait before the next attempt after `attempts` failed ones:
 * min(initial × 2^(attempts-1), max).
 *
 * @internal
 */
export function backoffMs(
  attempts: number,
  config: Pick<
    NotificationDispatcherConfig,
    'initialBackoffMs' | 'maxBackoffMs'
  >,
): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(
    config.initialBackoffMs * Math.pow(2, exponent),
    config.maxBackoffMs,
  );
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.name && error.name !== 'Error'
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/**
 * Sends the outbox's due deliveries through their channels, at least once:
 * claims them with a lease, delivers with a stable idempotency key, and
 * retries failures with exponential backoff. Safe to run on every replica.
 *
 * @internal
 */
export class NotificationDispatcher {
  static create(options: {
    store: OutboxStore;
    channels: NotificationChannel[];
    logger: LoggerService;
    config?: Partial<NotificationDispatcherConfig>;
    /** Names this dispatcher's leases; unique per process by default. */
    owner?: string;
    now?: () => Date;
    /**
     * Completes a notification just before delivery (the acknowledge links).
     * A failure here is logged and the notification goes out as it is:
     * paging someone without the link beats not paging them.
     */
    prepare?: (
      notification: OpsHealthNotification,
    ) => Promise<OpsHealthNotification>;
  }): NotificationDispatcher {
    const config = { ...DEFAULT_DISPATCHER_CONFIG };
    for (const [key, value] of Object.entries(options.config ?? {})) {
      if (value !== undefined) {
        (config as Record<string, number>)[key] = value;
      }
    }
    if (config.maxAttempts < 1 || config.batchSize < 1) {
      throw new Error('maxAttempts and batchSize must be at least 1');
    }
    if (config.concurrency < 1 || config.leaseMs <= 0) {
      throw new Error('concurrency must be at least 1 and leaseMs positive');
    }
    return new NotificationDispatcher(
      options.store,
      new Map(options.channels.map(c => [c.name, c])),
      options.logger,
      config,
      options.owner ??
        `${hostname()}:${process.pid}:${randomUUID()}`.slice(0, 255),
      options.now ?? (() => new Date()),
      options.prepare,
    );
  }

  private constructor(
    private readonly store: OutboxStore,
    private readonly channels: Map<string, NotificationChannel>,
    private readonly logger: LoggerService,
    private readonly config: NotificationDispatcherConfig,
    readonly owner: string,
    private readonly now: () => Date,
    private readonly prepare?: (
      notification: OpsHealthNotification,
    ) => Promise<OpsHealthNotification>,
  ) {}

  private async prepared(
    notification: OpsHealthNotification,
  ): Promise<OpsHealthNotification> {
    if (!this.prepare) return notification;
    try {
      return await this.prepare(notification);
    } catch (error) {
      this.logger.warn(
        `Could not add the acknowledge links to notification ${
          notification.id
        }; sending it without: ${errorMessage(error)}`,
      );
      return notification;
    }
  }

  /**
   * One pass: claims due deliveries (a few at a time, up to `batchSize`)
   * and sends them. Stops claiming when `signal` aborts.
   */
  async runOnce(signal?: AbortSignal): Promise<DispatchRunResult> {
    const runSignal = signal ?? new AbortController().signal;
    const result: DispatchRunResult = {
      claimed: 0,
      delivered: 0,
      retried: 0,
      failed: 0,
      unrecorded: 0,
    };
    while (!runSignal.aborted && result.claimed < this.config.batchSize) {
      const claimed = await this.store.claimDue({
        now: this.now(),
        limit: Math.min(
          this.config.concurrency,
          this.config.batchSize - result.claimed,
        ),
        leaseMs: this.config.leaseMs,
        owner: this.owner,
      });
      if (!claimed.length) break;
      result.claimed += claimed.length;
      await Promise.all(claimed.map(d => this.process(d, runSignal, result)));
    }
    const unrecorded = result.unrecorded
      ? `, unrecorded ${result.unrecorded}`
      : '';
    const line = `Notification dispatch: claimed ${result.claimed}, delivered ${result.delivered}, retried ${result.retried}, failed ${result.failed}${unrecorded}`;
    if (result.claimed > 0) {
      this.logger.info(line);
    } else {
      this.logger.debug(line);
    }
    return result;
  }

  private async process(
    delivery: ClaimedDelivery,
    runSignal: AbortSignal,
    result: DispatchRunResult,
  ): Promise<void> {
    const attempt = delivery.attempts;
    const channel = this.channels.get(delivery.channel);
    try {
      if (attempt > this.config.maxAttempts) {
        // Claimed again after its last attempt never finished (the process
        // stopped): stop here, or a crashing delivery would loop forever.
        await this.giveUp(
          delivery,
          `attempt ${
            this.config.maxAttempts
          } did not finish (the dispatcher stopped or its lease expired)${
            delivery.lastError ? `; last error: ${delivery.lastError}` : ''
          }`,
          result,
        );
        return;
      }

      let failure: string | undefined;
      if (!channel) {
        // Retried as a failed send: while a rolling deploy adds the
        // channel, a replica that knows it yet may claim it next.
        failure = `channel '${delivery.channel}' is not configured`;
      } else {
        const signal = AbortSignal.any([
          runSignal,
          AbortSignal.timeout(
            Math.max(1, Math.floor(this.config.leaseMs * 0.8)),
          ),
        ]);
        try {
          await channel.deliver(await this.prepared(delivery.notification), {
            idempotencyKey: delivery.idempotencyKey,
            attempt,
            signal,
          });
        } catch (error) {
          failure = errorMessage(error);
        }
      }

      const now = this.now();
      if (failure === undefined) {
        this.count(
          await this.store.markDelivered(delivery.id, this.owner, now),
          'delivered',
          delivery,
          result,
        );
      } else if (attempt >= this.config.maxAttempts) {
        await this.giveUp(
          delivery,
          failure,
          result,
          `after ${attempt} attempts`,
        );
      } else {
        const nextAttemptAt = new Date(
          now.getTime() + backoffMs(attempt, this.config),
        );
        this.count(
          await this.store.markFailedAttempt(delivery.id, this.owner, {
            error: failure,
            now,
            nextAttemptAt,
          }),
          'retried',
          delivery,
          result,
        );
      }
    } catch (error) {
      result.unrecorded += 1;
      this.logger.error(
        `Could not record the outcome of notification ${
          delivery.notificationId
        } on channel ${delivery.channel}: ${errorMessage(error)}`,
      );
    }
  }

  private async giveUp(
    delivery: ClaimedDelivery,
    error: string,
    result: DispatchRunResult,
    when = '',
  ): Promise<void> {
    const recorded = await this.store.markFailedAttempt(
      delivery.id,
      this.owner,
      { error, now: this.now(), nextAttemptAt: undefined },
    );
    this.count(recorded, 'failed', delivery, result);
    if (recorded) {
      this.logger.warn(
        `Notification ${delivery.notificationId} (${delivery.notification.kind}, ${delivery.notification.entityRef}) ` +
          `could not be delivered on channel ${delivery.channel}${
            when ? ` ${when}` : ''
          }: ${error}`,
      );
    }
  }

  private count(
    recorded: boolean,
    outcome: 'delivered' | 'retried' | 'failed',
    delivery: ClaimedDelivery,
    result: DispatchRunResult,
  ) {
    if (recorded) {
      result[outcome] += 1;
      return;
    }
    result.unrecorded += 1;
    this.logger.warn(
      `Lost the lease on notification ${delivery.notificationId} on channel ${delivery.channel} ` +
        `before recording '${outcome}'; another dispatcher has it (receivers dedupe on ${delivery.idempotencyKey})`,
    );
  }
}
