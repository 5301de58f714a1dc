import { Knex } from 'knex';
import { OpsHealthNotification } from '../types';

/** @internal */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One notification on one channel.
 *
 * @internal
 */
export interface OutboxDelivery {
  id: string;
  notificationId: string;
  channel: string;
  /** `${notificationId}:${channel}`: the same on every retry. */
  idempotencyKey: string;
  status: DeliveryStatus;
  /** Attempts started (a claim counts as an attempt). */
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil?: Date;
  lockedBy?: string;
  lastError?: string;
  lastAttemptAt?: Date;
  deliveredAt?: Date;
  createdAt: Date;
}

/**
 * A delivery claimed by one dispatcher, with the notification to send.
 *
 * @internal
 */
export interface ClaimedDelivery extends OutboxDelivery {
  notification: OpsHealthNotification;
}

/**
 * The part of the outbox that alerting, escalation and incidents write
 * into: the notification and one pending delivery per channel, in the
 * writer's own transaction, so that a change and its message commit
 * together or not at all.
 *
 * @internal
 */
export interface NotificationOutbox {
  enqueue(
    tx: Knex.Transaction | Knex,
    notification: OpsHealthNotification,
    channels: string[],
    now: Date,
  ): Promise<void>;
}

/**
 * The notification outbox. Notifications are written in the caller's
 * transaction; deliveries are claimed with a lease, so one delivery is worked
 * on by one dispatcher at a time across replicas.
 *
 * @internal
 */
export interface OutboxStore extends NotificationOutbox {
  /**
   * Claims up to `limit` due deliveries (pending, next attempt reached, no
   * live lease) for `owner` until `now + leaseMs`, counting an attempt on
   * each. Two owners never get the same delivery while a lease is live.
   */
  claimDue(options: {
    now: Date;
    limit: number;
    leaseMs: number;
    owner: string;
  }): Promise<ClaimedDelivery[]>;

  /** False when `owner` no longer holds the delivery (nothing changed). */
  markDelivered(id: string, owner: string, now: Date): Promise<boolean>;

  /**
   * Records a failed attempt and releases the lease: pending again at
   * `nextAttemptAt`, or failed for good when it is undefined. False when
   * `owner` no longer holds the delivery (nothing changed).
   */
  markFailedAttempt(
    id: string,
    owner: string,
    options: { error: string; now: Date; nextAttemptAt: Date | undefined },
  ): Promise<boolean>;

  /** Newest first. */
  listDeliveries(options: {
    notificationId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): Promise<OutboxDelivery[]>;

  getNotification(id: string): Promise<OpsHealthNotification | undefined>;

  /**
   * Retention: deletes notifications created before `date`, with their
   * deliveries, unless a delivery is still pending.
   */
  deleteOlderThan(
    date: Date,
  ): Promise<{ notifications: number; deliveries: number }>;
}
