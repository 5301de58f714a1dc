import { DatabaseService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'crypto';
import { Knex } from 'knex';
import { isPostgres } from '../../database/dialect';
import { getMigratedClient } from '../../database/migrations';
import { OpsHealthNotification } from '../types';
import {
  ClaimedDelivery,
  DeliveryStatus,
  OutboxDelivery,
  OutboxStore,
} from './OutboxStore';
import { optionalDate, toDate } from '../../database/dates';

const NOTIFICATIONS = 'ops_health_notifications';
const DELIVERIES = 'ops_health_deliveries';
// Keeps each statement under SQLite's bound-parameter limit.
const BATCH = 100;
const MAX_ERROR_LENGTH = 4000;

/** The idempotency key of a notification on a channel. @internal */
export function idempotencyKeyOf(notificationId: string, channel: string) {
  return `${notificationId}:${channel}`;
}

function toDelivery(row: any): OutboxDelivery {
  const lockedUntil = optionalDate(row.locked_until);
  const lastAttemptAt = optionalDate(row.last_attempt_at);
  const deliveredAt = optionalDate(row.delivered_at);
  return {
    id: row.id,
    notificationId: row.notification_id,
    channel: row.channel,
    idempotencyKey: row.idempotency_key,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    ...(lockedUntil ? { lockedUntil } : {}),
    ...(row.locked_by ? { lockedBy: row.locked_by } : {}),
    ...(row.last_error ? { lastError: row.last_error } : {}),
    ...(lastAttemptAt ? { lastAttemptAt } : {}),
    ...(deliveredAt ? { deliveredAt } : {}),
    createdAt: toDate(row.created_at),
  };
}

/** @internal */
export class DatabaseOutboxStore implements OutboxStore {
  /**
   * @param options.skipLocked - claim with one `UPDATE ... WHERE id IN
   *   (SELECT ... FOR UPDATE SKIP LOCKED)` statement; PostgreSQL only, and the
   *   default there. Otherwise (SQLite, or false) each candidate is claimed
   *   with a conditional UPDATE and kept when it updated one row.
   */
  static async create(options: {
    database: DatabaseService;
    skipLocked?: boolean;
  }): Promise<DatabaseOutboxStore> {
    const db = await getMigratedClient(options.database);
    return new DatabaseOutboxStore(
      db,
      isPostgres(db) && (options.skipLocked ?? true),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly skipLocked: boolean,
  ) {}

  async enqueue(
    tx: Knex.Transaction | Knex,
    notification: OpsHealthNotification,
    channels: string[],
    now: Date,
  ): Promise<void> {
    await tx(NOTIFICATIONS).insert({
      id: notification.id,
      kind: notification.kind,
      entity_ref: notification.entityRef,
      payload: JSON.stringify(notification),
      created_at: now,
    });
    const rows = [...new Set(channels)].map(channel => ({
      id: randomUUID(),
      notification_id: notification.id,
      channel,
      idempotency_key: idempotencyKeyOf(notification.id, channel),
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    }));
    for (let i = 0; i < rows.length; i += BATCH) {
      await tx(DELIVERIES).insert(rows.slice(i, i + BATCH));
    }
  }

  async claimDue(options: {
    now: Date;
    limit: number;
    leaseMs: number;
    owner: string;
  }): Promise<ClaimedDelivery[]> {
    const { now, owner } = options;
    const limit = Math.max(0, Math.floor(options.limit));
    if (limit === 0) return [];
    const claim = {
      locked_by: owner,
      locked_until: new Date(now.getTime() + options.leaseMs),
      attempts: this.db.raw('?? + 1', ['attempts']),
      last_attempt_at: now,
    };
    // Due, and no live lease: never locked, released, or its owner stopped.
    const claimable = (query: Knex.QueryBuilder) =>
      query
        .where('status', 'pending')
        .andWhere('next_attempt_at', '<=', now)
        .andWhere(q =>
          q.whereNull('locked_until').orWhere('locked_until', '<', now),
        );

    const ids: string[] = [];
    // A few rounds: a round can come back short when another dispatcher
    // claimed candidates first; the next round sees its claims and takes the
    // next due deliveries instead.
    for (let round = 0; round < 3 && ids.length < limit; round++) {
      const wanted = limit - ids.length;
      let won: string[];
      let retry: boolean;
      if (this.skipLocked) {
        const candidates = claimable(this.db(DELIVERIES).select('id'))
          .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
          .limit(wanted)
          .forUpdate()
          .skipLocked();
        // ANY(ARRAY(...)) runs the locking select once. With `IN (...)` the
        // planner may run it again per row, and every run skips the rows
        // the previous ones locked: it claimed every due row, not `limit`.
        const rows: Array<{ id: string }> = await claimable(
          this.db(DELIVERIES).whereRaw('?? = ANY(ARRAY(?))', [
            'id',
            candidates,
          ]),
        ).update(claim, ['id']);
        won = rows.map(r => r.id);
        // Short: nothing more is due, or another dispatcher claimed rows
        // between this statement's snapshot and its row locks (they fail the
        // recheck). One more round tells them apart.
        retry = round === 0 && won.length < wanted;
      } else {
        const candidates: Array<{ id: string }> = await claimable(
          this.db(DELIVERIES).select('id'),
        )
          .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
          .limit(wanted);
        won = [];
        retry = false;
        for (const { id } of candidates) {
          // Another dispatcher may have claimed it since the select: the
          // conditions are checked again, and only one update can match.
          const updated = await claimable(
            this.db(DELIVERIES).where('id', id),
          ).update(claim);
          if (updated === 1) won.push(id);
          else retry = true;
        }
      }
      ids.push(...won);
      if (!retry) break;
    }
    if (!ids.length) return [];

    const claimed: ClaimedDelivery[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const rows = await this.db({ d: DELIVERIES })
        .join({ n: NOTIFICATIONS }, 'n.id', 'd.notification_id')
        .whereIn('d.id', ids.slice(i, i + BATCH))
        .andWhere('d.locked_by', owner)
        .select('d.*', { payload: 'n.payload' });
      for (const row of rows) {
        claimed.push({
          ...toDelivery(row),
          notification: JSON.parse(row.payload),
        });
      }
    }
    return claimed.sort(
      (a, b) =>
        a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() ||
        (a.id < b.id ? -1 : 1),
    );
  }

  async markDelivered(id: string, owner: string, now: Date): Promise<boolean> {
    const updated = await this.db(DELIVERIES)
      .where({ id, locked_by: owner, status: 'pending' })
      .update({
        status: 'delivered',
        delivered_at: now,
        locked_by: null,
        locked_until: null,
      });
    return updated === 1;
  }

  async markFailedAttempt(
    id: string,
    owner: string,
    options: { error: string; now: Date; nextAttemptAt: Date | undefined },
  ): Promise<boolean> {
    const updated = await this.db(DELIVERIES)
      .where({ id, locked_by: owner, status: 'pending' })
      .update({
        status: options.nextAttemptAt ? 'pending' : 'failed',
        ...(options.nextAttemptAt
          ? { next_attempt_at: options.nextAttemptAt }
          : {}),
        last_error: options.error.slice(0, MAX_ERROR_LENGTH),
        locked_by: null,
        locked_until: null,
      });
    return updated === 1;
  }

  async listDeliveries(options: {
    notificationId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): Promise<OutboxDelivery[]> {
    const query = this.db(DELIVERIES)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'notification_id' },
        { column: 'channel' },
      ])
      .limit(options.limit);
    if (options.notificationId) {
      query.where('notification_id', options.notificationId);
    }
    if (options.status) query.where('status', options.status);
    return (await query).map(toDelivery);
  }

  async getNotification(
    id: string,
  ): Promise<OpsHealthNotification | undefined> {
    const row = await this.db(NOTIFICATIONS).where({ id }).first();
    return row ? JSON.parse(row.payload) : undefined;
  }

  async deleteOlderThan(
    date: Date,
  ): Promise<{ notifications: number; deliveries: number }> {
    return this.db.transaction(async tx => {
      // Old notifications with nothing left to send. Deliveries go first, by
      // hand: SQLite only cascades with its foreign_keys pragma on.
      const expired = () =>
        tx(NOTIFICATIONS)
          .select(`${NOTIFICATIONS}.id`)
          .where(`${NOTIFICATIONS}.created_at`, '<', date)
          .whereNotExists(
            tx({ p: DELIVERIES })
              .select(tx.raw('1'))
              .whereRaw('?? = ??', ['p.notification_id', `${NOTIFICATIONS}.id`])
              .andWhere('p.status', 'pending'),
          );
      const deliveries = await tx(DELIVERIES)
        .whereIn('notification_id', expired())
        .delete();
      const notifications = await tx(NOTIFICATIONS)
        .whereIn('id', expired())
        .delete();
      return { notifications, deliveries };
    });
  }
}
