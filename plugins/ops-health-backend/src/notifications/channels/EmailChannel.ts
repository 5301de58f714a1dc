import { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ChannelPeople,
  DeliveryContext,
  NotificationChannel,
  NotificationSeverity,
  OpsHealthNotification,
} from '../types';
import {
  recipientRefs,
  sendWithAcknowledgeLinks,
  toBackstageSeverity,
} from './BackstageChannel';

/** Topic of the messages the `email` channel sends. @internal */
export const EMAIL_TOPIC = 'ops-health-email';

/** @internal */
export interface EmailChannelOptions {
  name: string;
  minSeverity: NotificationSeverity;
  checks?: string[];
  /** Catalog users or groups emailed besides the notification's recipients. */
  recipients?: string[];
  notifications: NotificationService;
  logger?: LoggerService;
}

/**
 * Email, through the Backstage notifications email processor — not an SMTP
 * client of our own.
 *
 * The channel sends a Backstage notification with topic `ops-health-email`
 * to the notification's recipients (entity owner etc.) plus the channel's
 * configured `recipients` (catalog users/groups). The notifications backend
 * expands groups to users; the email processor
 * (`@backstage/plugin-notifications-backend-module-email`, added to the
 * backend and configured under `notifications.processors.email`) emails each
 * user's catalog address (`spec.profile.email`), through SMTP, SES, Azure or
 * sendmail. So: no addresses in our config, one place for transport
 * credentials, and users can turn the `Email` channel off per origin/topic in
 * their notification settings.
 *
 * Deployment (see the plugin README):
 * - Keep the `ops-health` topic (the `backstage` channel) out of email:
 *   `notifications.processors.email.filter.excludedTopics: [ops-health]`
 *   (the processor otherwise emails every notification it sees).
 * - Keep `ops-health-email` messages out of the web inbox if the `backstage`
 *   channel already puts them there: `notifications.defaultSettings` with
 *   channel `Web`, origin `plugin:ops-health`, topic `ops-health-email`
 *   disabled. The email processor still runs for disabled web delivery.
 *
 * The scope is `ops-health-email:<scope>`, distinct from the `backstage`
 * channel's, so that when both channels are configured the email message
 * does not replace the `ops-health` inbox entry.
 *
 * The call returns once the notifications backend has accepted the message;
 * the email itself is sent afterwards, and a failed email is only logged by
 * the processor.
 *
 * @internal
 */
export class EmailChannel implements NotificationChannel {
  readonly type = 'email' as const;
  readonly name: string;
  readonly minSeverity: NotificationSeverity;
  readonly checks?: string[];
  readonly recipients: string[];
  readonly #notifications: NotificationService;
  readonly #logger?: LoggerService;

  constructor(options: EmailChannelOptions) {
    this.name = options.name;
    this.minSeverity = options.minSeverity;
    this.checks = options.checks;
    this.#logger = options.logger;
    this.recipients = recipientRefs(options.recipients ?? [], {
      label: `Email channel '${options.name}'`,
      logger: options.logger,
    });
    this.#notifications = options.notifications;
  }

  /** The notification's recipients and the channel's own, once each. */
  #addressees(notification: OpsHealthNotification): string[] {
    return [
      ...new Set(
        recipientRefs([...notification.recipients, ...this.recipients], {
          label: `Email channel '${this.name}'`,
          logger: this.#logger,
        }),
      ),
    ];
  }

  destination(notification: OpsHealthNotification): string {
    const to = this.#addressees(notification);
    return to.length ? `email to ${to.join(', ')}` : 'email to nobody';
  }

  async deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void> {
    const recipients = this.#addressees(notification);
    if (!recipients.length) {
      throw new Error(
        `Email channel '${this.name}': notification ${notification.id} for ${notification.entityRef} has no recipients (the entity has no owner and the channel no configured recipients)`,
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
        topic: EMAIL_TOPIC,
        scope: notification.scope
          ? `${EMAIL_TOPIC}:${notification.scope}`
          : undefined,
      },
    );
    this.#logger?.debug(
      `Sent notification ${notification.id} through email channel '${this.name}' to ${recipients.length} recipient(s)`,
    );
  }

  /**
   * The users without an email address in the catalog: the notifications
   * backend accepts a message for them (their inbox has it), and its email
   * processor has nowhere to send it.
   */
  async unreachable(
    users: string[],
    people: ChannelPeople,
  ): Promise<string | undefined> {
    const without = [];
    for (const ref of users) {
      if (!(await people.emailOf(ref))) without.push(ref);
    }
    if (!without.length) return undefined;
    return `${without.join(', ')} ${
      without.length === 1 ? 'has' : 'have'
    } no email address in the catalog (spec.profile.email), so no email can reach them: the message is only in their Backstage notifications. Add the address to the user entity and test again`;
  }
}
