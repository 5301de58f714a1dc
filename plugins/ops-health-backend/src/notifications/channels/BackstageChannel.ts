import { isSafeLink } from '@ops-health/backstage-plugin-ops-health-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  DeliveryContext,
  NotificationChannel,
  NotificationSeverity,
  OpsHealthNotification,
} from '../types';

/** Topic of the messages the `backstage` channel sends. @internal */
export const BACKSTAGE_TOPIC = 'ops-health';

/** @internal */
export type BackstageNotificationSeverity = NonNullable<
  NotificationSendOptions['payload']['severity']
>;

/**
 * Ops Health severity → Backstage notification severity
 * (critical → critical, warning → high, info → normal).
 *
 * @internal
 */
export function toBackstageSeverity(
  severity: NotificationSeverity,
): BackstageNotificationSeverity {
  switch (severity) {
    case 'critical':
      return 'critical';
    case 'warning':
      return 'high';
    default:
      return 'normal';
  }
}

/**
 * The link as the notifications backend accepts it: relative to the portal
 * (it resolves those against `app.baseUrl`) or absolute http(s). Anything
 * else would make the backend reject the whole notification, so it is dropped.
 */
export function portalLink(link: string | undefined): string | undefined {
  return link && isSafeLink(link) ? link : undefined;
}

/**
 * The recipients as the notifications backend takes them: full entity refs
 * (`kind:namespace/name`), unique, in order. A ref without a kind would make
 * the backend reject the whole message, so it is dropped with a warning.
 */
export function recipientRefs(
  refs: Iterable<string>,
  options: { label: string; logger?: LoggerService },
): string[] {
  const result = new Set<string>();
  for (const raw of refs) {
    const ref = typeof raw === 'string' ? raw.trim() : '';
    if (!ref) continue;
    try {
      result.add(stringifyEntityRef(parseEntityRef(ref)));
    } catch {
      options.logger?.warn(
        `${options.label}: ignoring recipient '${ref}', not an entity ref such as user:default/jane or group:default/team-a`,
      );
    }
  }
  return [...result];
}

/** The line a message with an acknowledge link ends with. @internal */
export const ACKNOWLEDGE_HINT =
  'Acknowledge: open this notification (or the link) — it moves the incident to assessment and stops the escalation. The link works once, for you only.';

/**
 * Sends a message through the notifications service: to each user with an
 * acknowledge link of their own, a message of their own whose link is the
 * acknowledge link; to everyone else one message linking the entity page.
 *
 * @internal
 */
export async function sendWithAcknowledgeLinks(
  notifications: NotificationService,
  notification: OpsHealthNotification,
  recipients: string[],
  payload: Omit<NotificationSendOptions['payload'], 'description' | 'link'>,
): Promise<void> {
  const links = notification.acknowledge?.links ?? [];
  const linked = new Set(links.map(l => l.recipient));
  for (const link of links) {
    await notifications.send({
      recipients: { type: 'entity', entityRef: [link.recipient] },
      payload: {
        ...payload,
        description: `${notification.summary}\n${ACKNOWLEDGE_HINT}\n${link.url}`,
        link: portalLink(link.url) ?? portalLink(notification.link),
      },
    });
  }
  // Recipients the links cover are users or groups resolved to them.
  const rest = links.length
    ? recipients.filter(
        r => !linked.has(r) && !isResolvedGroup(r, notification),
      )
    : recipients;
  if (!rest.length) return;
  await notifications.send({
    recipients: { type: 'entity', entityRef: rest },
    payload: {
      ...payload,
      description: notification.summary,
      link: portalLink(notification.link),
    },
  });
}

/** A recipient the acknowledge links were made for (its users have links). */
function isResolvedGroup(
  ref: string,
  notification: OpsHealthNotification,
): boolean {
  return (
    notification.recipients.includes(ref) &&
    parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group'
  );
}

/** @internal */
export interface BackstageChannelOptions {
  name: string;
  minSeverity: NotificationSeverity;
  checks?: string[];
  notifications: NotificationService;
  logger?: LoggerService;
}

/**
 * Sends through the Backstage notifications service to the notification's
 * `recipients` (the entity owner and whoever the dispatcher adds; groups are
 * expanded to their members by the notifications backend), topic
 * `ops-health`. The scope is the notification's `scope` (the alert's dedup
 * key for single-alert messages): the notifications backend updates the
 * existing inbox entry of the same scope and origin instead of adding one,
 * so repeats and the resolution of an alert stay one entry.
 *
 * @internal
 */
export class BackstageChannel implements NotificationChannel {
  readonly type = 'backstage' as const;
  readonly name: string;
  readonly minSeverity: NotificationSeverity;
  readonly checks?: string[];
  readonly #notifications: NotificationService;
  readonly #logger?: LoggerService;

  constructor(options: BackstageChannelOptions) {
    this.name = options.name;
    this.minSeverity = options.minSeverity;
    this.checks = options.checks;
    this.#notifications = options.notifications;
    this.#logger = options.logger;
  }

  destination(notification: OpsHealthNotification): string {
    const to = recipientRefs(notification.recipients, {
      label: `Backstage channel '${this.name}'`,
    });
    return to.length
      ? `the Backstage notifications of ${to.join(', ')}`
      : 'the Backstage notifications of nobody';
  }

  async deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void> {
    const recipients = recipientRefs(notification.recipients, {
      label: `Backstage channel '${this.name}'`,
      logger: this.#logger,
    });
    if (!recipients.length) {
      throw new Error(
        `Backstage channel '${this.name}': notification ${notification.id} for ${notification.entityRef} has no recipients (does the entity have an owner?)`,
      );
    }
    context.signal.throwIfAborted();
    await sendWithAcknowledgeLinks(
      this.#notifications,
      notification,
      recipients,
      {
        title: notification.title,
        severity: toBackstageSeverity(notification.severity),
        topic: BACKSTAGE_TOPIC,
        scope: notification.scope,
      },
    );
    this.#logger?.debug(
      `Sent notification ${notification.id} through Backstage channel '${this.name}' to ${recipients.length} recipient(s)`,
    );
  }
}
