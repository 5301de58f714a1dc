/**
 * Severity of a notification; a channel sends those at or above its minimum.
 *
 * @internal
 */
export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** @internal */
export const SEVERITY_ORDER: NotificationSeverity[] = [
  'info',
  'warning',
  'critical',
];

/**
 * One alert as it appears in a notification.
 *
 * @internal
 */
export interface NotificationAlert {
  /** entity ref + check + subject: stable while the alert is open. */
  dedupKey: string;
  checkId: string;
  subject: string;
  status: 'firing' | 'resolved';
  severity: 'warning' | 'critical';
  value?: number;
  threshold?: number;
  unit?: string;
  /** What is wrong, at most 90 characters. */
  headline?: string;
  /** The full explanation. */
  message: string;
  /** Runbook URL with the section anchor, when known. */
  runbookUrl?: string;
  firstSeen: string;
  lastSeen: string;
  silenced?: boolean;
}

/**
 * A message to send: one per entity group (grouped alerts), per resolved
 * group, per repeat, per escalation, per handover of an incident's command,
 * or a channel test.
 *
 * @internal
 */
export interface OpsHealthNotification {
  /** Outbox id. */
  id: string;
  kind: 'firing' | 'resolved' | 'repeat' | 'escalation' | 'command' | 'test';
  entityRef: string;
  /** Entity refs (users/groups) to address on channels that address people. */
  recipients: string[];
  title: string;
  /** Plain-text summary, one line per alert. */
  summary: string;
  severity: NotificationSeverity;
  /** Link to the entity's page in the portal. */
  link?: string;
  alerts: NotificationAlert[];
  /** Backstage notifications scope: the dedup key for single-alert messages. */
  scope?: string;
  createdAt: string;
  /**
   * One-click acknowledge links of the incident the message is about, one
   * per user it reaches (each link works only for its user). Added just
   * before delivery, when the incident is still waiting in detection and
   * every recipient could be resolved to users.
   */
  acknowledge?: {
    incidentId: string;
    links: AcknowledgeLink[];
  };
}

/** @internal */
export interface AcknowledgeLink {
  /** The user ref the link works for. */
  recipient: string;
  /** Display name of the recipient, for buttons. */
  name: string;
  url: string;
}

/**
 * What the dispatcher hands a channel for one delivery attempt.
 *
 * @internal
 */
export interface DeliveryContext {
  /** Stays the same on every retry of this notification on this channel. */
  idempotencyKey: string;
  attempt: number;
  signal: AbortSignal;
}

/**
 * A configured notification channel.
 *
 * @internal
 */
export interface NotificationChannel {
  readonly name: string;
  readonly type: 'backstage' | 'slack' | 'webhook' | 'email';
  readonly minSeverity: NotificationSeverity;
  /** Only these checks, when set. */
  readonly checks?: string[];
  /**
   * Where a delivery of this notification goes, for people to read (e.g.
   * "email to user:default/alice"): recipients, or the receiver's host, never
   * a secret part of a URL.
   */
  destination(notification: OpsHealthNotification): string;
  /** Throws on failure; the dispatcher retries with backoff. */
  deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void>;
  /**
   * After a test message was handed over without error: why it still
   * cannot reach the users it was for (e.g. email to a user the catalog has
   * no address of), or undefined. Channels that hand messages to a
   * receiver that answers for them (Slack, webhooks) need not say.
   */
  unreachable?(
    users: string[],
    people: ChannelPeople,
  ): Promise<string | undefined>;
}

/**
 * What a channel may ask about people, as the caller sees them in the
 * catalog.
 *
 * @internal
 */
export interface ChannelPeople {
  /** The catalog email address of a user (`spec.profile.email`). */
  emailOf(userRef: string): Promise<string | undefined>;
}

/**
 * Whether a channel takes a notification (minimum severity, check filter).
 * Test messages go to the channel they test, whatever its filters.
 *
 * @internal
 */
export function channelAccepts(
  channel: Pick<NotificationChannel, 'minSeverity' | 'checks'>,
  notification: Pick<OpsHealthNotification, 'kind' | 'severity' | 'alerts'>,
): boolean {
  if (notification.kind === 'test') return true;
  if (
    SEVERITY_ORDER.indexOf(notification.severity) <
    SEVERITY_ORDER.indexOf(channel.minSeverity)
  ) {
    return false;
  }
  if (channel.checks?.length) {
    return notification.alerts.some(a => channel.checks!.includes(a.checkId));
  }
  return true;
}
