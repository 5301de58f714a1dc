import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { randomUUID } from 'crypto';
import { NotificationOutbox } from '../notifications/outbox/OutboxStore';
import { OpsHealthNotification } from '../notifications/types';
import { AlertStore, AlertTransaction } from './AlertStore';
import { AlertingConfig, repeatWaitMs, toAlertingConfig } from './config';
import { composeNotification } from './compose';
import { silenceMatches } from './SilenceService';
import {
  Alert,
  ALERT_SEVERITY_RANK,
  NewAlertEvent,
  NotificationGroup,
  Silence,
} from './types';

/** What one `runOnce` did. @internal */
export interface NotifierRunSummary {
  /** Notifications written to the outbox. */
  notifications: number;
  /** Alerts left out of a message because a silence matched them. */
  silenced: number;
  /** Groups that wait for `lastSentAt + groupInterval`. */
  deferred: number;
  /** Entities skipped this run (logged); tried again on the next run. */
  errors: number;
}

/** @internal */
export interface AlertNotifierOptions {
  store: AlertStore;
  outbox: NotificationOutbox;
  /** The root config: `opsHealth.alerting` and `app.baseUrl`. */
  config: Config;
  /** Already read `opsHealth.alerting`, instead of reading it from `config`. */
  alerting?: AlertingConfig;
  logger: LoggerService;
  /**
   * Who the messages about an entity go to, and the runbook links they
   * carry; read once per message, outside its transaction.
   */
  audienceOf(entityRef: string): Promise<AlertAudience>;
  /** The channels a notification goes to (may be none). */
  channelsFor(notification: OpsHealthNotification): string[];
}

/**
 * Who a message about an entity's alerts goes to, and where its runbook is.
 *
 * @internal
 */
export interface AlertAudience {
  /** The entity's owner, as notification recipients. */
  recipients: string[];
  /** The runbook URL of an alert (its section anchor), when known. */
  runbookUrl(alert: Alert): string | undefined;
}

/**
 * Whether the alert has changed since what its last message said: it fires
 * and nobody was told (or its severity rose since), or it resolved after a
 * message said it fires.
 */
function needsNotification(alert: Alert): boolean {
  if (alert.state === 'firing') {
    return (
      alert.notifiedState !== 'firing' ||
      !alert.notifiedSeverity ||
      ALERT_SEVERITY_RANK[alert.severity] >
        ALERT_SEVERITY_RANK[alert.notifiedSeverity]
    );
  }
  return alert.state === 'resolved' && alert.notifiedState === 'firing';
}

/**
 * Sends alert notifications through the outbox: one message per entity
 * group once its group wait (and group interval since its last message) has
 * passed, and repeats of still-firing alerts with exponential backoff.
 * Silenced alerts are left out (an event records it). Each message is
 * written in one transaction with the alert and group updates it causes.
 * Run it every ~15 s from a scheduled task; several replicas may run it.
 *
 * @internal
 */
export class AlertNotifier {
  static create(options: AlertNotifierOptions): AlertNotifier {
    return new AlertNotifier(
      options,
      options.alerting ?? toAlertingConfig(options.config),
    );
  }

  private constructor(
    private readonly options: AlertNotifierOptions,
    private readonly config: AlertingConfig,
  ) {}

  async runOnce(now: Date = new Date()): Promise<NotifierRunSummary> {
    const summary: NotifierRunSummary = {
      notifications: 0,
      silenced: 0,
      deferred: 0,
      errors: 0,
    };
    const { store, logger } = this.options;

    for (const group of await store.listDueGroups(now)) {
      try {
        await this.sendGroup(group.entityRef, now, summary);
      } catch (error) {
        summary.errors += 1;
        logger.error(`Could not notify the alerts of ${group.entityRef}`, {
          error: stringifyError(error),
        });
      }
    }

    for (const entityRef of await store.listEntitiesWithDueRepeats(now)) {
      try {
        await this.sendRepeats(entityRef, now, summary);
      } catch (error) {
        summary.errors += 1;
        logger.error(`Could not repeat the alerts of ${entityRef}`, {
          error: stringifyError(error),
        });
      }
    }

    if (summary.notifications || summary.silenced || summary.errors) {
      logger.info('Notified alerts', { ...summary });
    }
    return summary;
  }

  /** The message of one entity group, when due. */
  private async sendGroup(
    entityRef: string,
    now: Date,
    summary: NotifierRunSummary,
  ): Promise<void> {
    // Outside the transaction: no row stays locked during a catalog call.
    const audience = await this.options.audienceOf(entityRef);
    await this.options.store.transaction(async tx => {
      const group = await tx.lockGroup(entityRef);
      if (!group?.sendAfter || group.sendAfter > now) return; // done elsewhere
      const spacedUntil = group.lastSentAt
        ? new Date(group.lastSentAt.getTime() + this.config.groupIntervalMs)
        : undefined;
      if (spacedUntil && spacedUntil > now) {
        await tx.updateGroup(entityRef, { sendAfter: spacedUntil });
        summary.deferred += 1;
        return;
      }

      const alerts = await tx.lockNotifiableAlerts(entityRef);
      const silences = await tx.listActiveSilences(now);
      const silenced = (a: Alert) => silences.some(s => silenceMatches(s, a));
      const changedKeys = new Set(group.changes);
      const changed = alerts.filter(
        a => changedKeys.has(a.dedupKey) && needsNotification(a),
      );
      const toSend = changed.filter(a => !silenced(a));
      await this.recordSilenced(
        tx,
        changed.filter(silenced),
        silences,
        now,
        summary,
      );

      if (toSend.length === 0) {
        await this.clearGroup(tx, group, {});
        return;
      }
      const others = alerts.filter(
        a => a.state === 'firing' && !changed.includes(a) && !silenced(a),
      );
      await this.send(
        tx,
        toSend.some(a => a.state === 'firing') ? 'firing' : 'resolved',
        entityRef,
        [...toSend, ...others],
        audience,
        now,
      );
      await this.clearGroup(tx, group, { lastSentAt: now });
      summary.notifications += 1;
    });
  }

  /** Repeats the entity's still-firing alerts that are due. */
  private async sendRepeats(
    entityRef: string,
    now: Date,
    summary: NotifierRunSummary,
  ): Promise<void> {
    const audience = await this.options.audienceOf(entityRef);
    await this.options.store.transaction(async tx => {
      const due = await tx.lockDueRepeats(entityRef, now);
      if (due.length === 0) return; // done elsewhere
      const silences = await tx.listActiveSilences(now);
      const silenced = (a: Alert) => silences.some(s => silenceMatches(s, a));
      await this.recordSilenced(
        tx,
        due.filter(silenced),
        silences,
        now,
        summary,
      );
      const toSend = due.filter(a => !silenced(a));
      if (toSend.length === 0) return;
      // An alert nobody was told about (silenced when it fired) goes out as
      // firing once its silence ends.
      await this.send(
        tx,
        toSend.some(needsNotification) ? 'firing' : 'repeat',
        entityRef,
        toSend,
        audience,
        now,
      );
      summary.notifications += 1;
    });
  }

  private async send(
    tx: AlertTransaction,
    kind: 'firing' | 'resolved' | 'repeat',
    entityRef: string,
    alerts: Alert[],
    audience: AlertAudience,
    now: Date,
  ): Promise<void> {
    const notification = composeNotification({
      id: randomUUID(),
      kind,
      entityRef,
      alerts,
      recipients: audience.recipients,
      now,
      runbookUrl: audience.runbookUrl,
    });
    const channels = this.options.channelsFor(notification);
    await this.options.outbox.enqueue(tx.knex, notification, channels, now);

    const events: NewAlertEvent[] = [];
    for (const alert of alerts) {
      const notifyCount = alert.notifyCount + 1;
      const firing = alert.state === 'firing';
      await tx.updateAlert(alert.id, {
        notifyCount,
        lastNotifiedAt: now,
        notifiedState: firing ? 'firing' : 'resolved',
        notifiedSeverity: alert.severity,
        // A resolved alert is notified once and never repeated.
        nextNotifyAt: firing
          ? new Date(
              now.getTime() + repeatWaitMs(this.config.repeat, notifyCount),
            )
          : null,
      });
      events.push({
        alertId: alert.id,
        at: now,
        type: 'notified',
        toState: alert.state,
        severity: alert.severity,
        value: alert.value,
        message: `${kind} notification ${notification.id} to ${
          channels.length ? channels.join(', ') : 'no channel'
        }`,
      });
    }
    await tx.addEvents(events);
  }

  /**
   * Silenced alerts are not sent: a resolved one is done with; a firing one
   * is looked at again after the repeat wait or when the silences that
   * match it end, whichever comes first (and sent then unless still
   * silenced): what changed meanwhile, a warning become critical, is not
   * held back for hours after the silence.
   */
  private async recordSilenced(
    tx: AlertTransaction,
    alerts: Alert[],
    silences: Silence[],
    now: Date,
    summary: NotifierRunSummary,
  ): Promise<void> {
    if (alerts.length === 0) return;
    for (const alert of alerts) {
      const silencedUntil = Math.max(
        ...silences
          .filter(s => silenceMatches(s, alert))
          .map(s => s.expiresAt.getTime()),
      );
      await tx.updateAlert(
        alert.id,
        alert.state === 'firing'
          ? {
              nextNotifyAt: new Date(
                Math.min(
                  silencedUntil,
                  now.getTime() +
                    repeatWaitMs(
                      this.config.repeat,
                      Math.max(1, alert.notifyCount),
                    ),
                ),
              ),
            }
          : { notifiedState: 'resolved', nextNotifyAt: null },
      );
    }
    await tx.addEvents(
      alerts.map(alert => {
        const silence = silences.find(s => silenceMatches(s, alert))!;
        return {
          alertId: alert.id,
          at: now,
          type: 'silenced' as const,
          toState: alert.state,
          severity: alert.severity,
          value: alert.value,
          message: `Not sent: silenced by ${
            silence.createdBy
          } until ${silence.expiresAt.toISOString()} (${silence.reason})`,
        };
      }),
    );
    summary.silenced += alerts.length;
  }

  private async clearGroup(
    tx: AlertTransaction,
    group: NotificationGroup,
    extra: { lastSentAt?: Date },
  ) {
    await tx.updateGroup(group.entityRef, {
      changes: [],
      pendingSince: null,
      sendAfter: null,
      ...extra,
    });
  }
}
