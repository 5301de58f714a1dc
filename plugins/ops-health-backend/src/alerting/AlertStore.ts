import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  Alert,
  AlertEvent,
  AlertState,
  NewAlertEvent,
  NotificationGroup,
  Silence,
} from './types';

type Nullable<T> = { [K in keyof T]?: T[K] | null };

/**
 * Changes to an alert; `null` clears an optional field, `open: false` closes
 * it (frees its dedup key for a new alert).
 *
 * @internal
 */
export type AlertPatch = Nullable<
  Omit<Alert, 'id' | 'dedupKey' | 'entityRef' | 'checkId' | 'subject'>
> & { open?: false };

/** Changes to a notification group; `null` clears a field. @internal */
export type NotificationGroupPatch = Nullable<
  Omit<NotificationGroup, 'entityRef'>
>;

/**
 * Writes that belong together: an alert change, its events and the mark on
 * its entity's notification group; or a message written to the outbox with
 * the alert and group updates it causes.
 *
 * @internal
 */
export interface AlertTransaction {
  /** The transaction itself, for the outbox to write into. */
  readonly knex: Knex.Transaction;
  /**
   * Inserts a new open alert. False when another replica opened an alert for
   * the same dedup key first (nothing was written).
   */
  insertAlert(alert: Alert): Promise<boolean>;
  /**
   * Updates an alert. With `expectedRevision`, only if its revision is still
   * that one (false otherwise: another replica changed it first).
   */
  updateAlert(
    id: string,
    patch: AlertPatch,
    expectedRevision?: number,
  ): Promise<boolean>;
  addEvents(events: NewAlertEvent[]): Promise<void>;
  /**
   * Locks the entity's group row until the end of the transaction, creating
   * an empty one when `create` is set.
   */
  lockGroup(
    entityRef: string,
    options?: { create?: boolean },
  ): Promise<NotificationGroup | undefined>;
  updateGroup(entityRef: string, patch: NotificationGroupPatch): Promise<void>;
  /**
   * Locks and returns the alerts of the entity a message may be about: the
   * open ones, and resolved ones whose last message said firing. By id.
   */
  lockNotifiableAlerts(entityRef: string): Promise<Alert[]>;
  /** Locks and returns the firing alerts of the entity due for a repeat. */
  lockDueRepeats(entityRef: string, now: Date): Promise<Alert[]>;
  /** Silences not expired at `now`. */
  listActiveSilences(now: Date): Promise<Silence[]>;
}

/**
 * Storage of alerts, their events, silences and notification groups.
 *
 * @internal
 */
export interface AlertStore {
  transaction<T>(fn: (tx: AlertTransaction) => Promise<T>): Promise<T>;

  /** The open (pending or firing) alerts matching all given filters. */
  listOpenAlerts(filter: {
    dedupKeys?: string[];
    checkIds?: string[];
    entityRef?: string;
  }): Promise<Alert[]>;
  /** Newest first (by first seen). */
  listAlerts(filter: {
    entityRef?: string;
    /** Only alerts of these entities. */
    entityRefs?: string[];
    states?: AlertState[];
    limit?: number;
  }): Promise<Alert[]>;
  /** A page of {@link AlertStore.listAlerts}, with how many match in all. */
  pageAlerts(filter: {
    entityRefs: string[];
    states?: AlertState[];
    limit: number;
    offset: number;
  }): Promise<{ items: Alert[]; totalCount: number }>;
  /** The entities that have alerts in these states. */
  listAlertEntityRefs(filter: { states?: AlertState[] }): Promise<string[]>;
  getAlert(id: string): Promise<Alert | undefined>;
  /** Oldest first. */
  listEvents(alertId: string): Promise<AlertEvent[]>;

  getGroup(entityRef: string): Promise<NotificationGroup | undefined>;
  /** Groups with a message due: `sendAfter <= now`. */
  listDueGroups(now: Date): Promise<NotificationGroup[]>;
  /** Entities with a firing alert whose `nextNotifyAt <= now`. */
  listEntitiesWithDueRepeats(now: Date): Promise<string[]>;

  /**
   * Stores a silence; with `create`, the Idempotency-Key of the request
   * that created it and a digest of that request (SilenceCreateKeyTakenError
   * when its creator already created one with the key).
   */
  insertSilence(
    silence: Silence,
    create?: { key: string; request: string },
  ): Promise<void>;
  getSilence(id: string): Promise<Silence | undefined>;
  /** The silence its creator created with the key, and its request digest. */
  findSilenceByCreateKey(
    createdBy: string,
    key: string,
  ): Promise<{ silence: Silence; request?: string } | undefined>;
  /**
   * Newest first. `active: true`: not expired at `now`; `false`: expired
   * (by time or through the API); unset: all.
   */
  listSilences(filter: { active?: boolean; now: Date }): Promise<Silence[]>;
  /** Ends a silence now; false when it is unknown. */
  expireSilence(id: string, by: string, at: Date): Promise<boolean>;
}

/**
 * Thrown when the person creating a silence already created one with the
 * same Idempotency-Key. @internal
 */
export class SilenceCreateKeyTakenError extends ConflictError {
  constructor(readonly createKey: string) {
    super(`A silence was already created with the key ${createKey}`);
  }
}
