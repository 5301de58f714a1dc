import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryContext,
  NotificationChannel,
  NotificationSeverity,
  OpsHealthNotification,
} from '../types';
import { postJson, urlHost } from './http';
import { absoluteLink } from './links';
import {
  SIGNATURE_HEADER,
  signWebhookPayload,
  TIMESTAMP_HEADER,
} from './webhookSignature';

/**
 * One alert in a webhook payload. Optional values are `null` when unknown,
 * never left out, so receivers see the same keys every time.
 *
 * @internal
 */
export interface WebhookAlertV1 {
  /** Entity ref + check + subject: stable while the alert is open. */
  dedupKey: string;
  /** cost, replication, backup, ... */
  checkId: string;
  /** What the alert is about within the entity, e.g. a bucket. */
  subject: string;
  status: 'firing' | 'resolved';
  severity: 'warning' | 'critical';
  value: number | null;
  threshold: number | null;
  unit: string | null;
  message: string;
  runbookUrl: string | null;
  /** ISO 8601. */
  firstSeen: string;
  /** ISO 8601. */
  lastSeen: string;
  silenced: boolean;
}

/**
 * Body of a webhook request, `version: 1`. New fields may be added within a
 * version; a field is only removed or changed under a new version number.
 * Receivers should ignore fields they do not know.
 *
 * @internal
 */
export interface WebhookPayloadV1 {
  version: 1;
  /** Notification (outbox) id: the same on every retry. */
  id: string;
  kind: 'firing' | 'resolved' | 'repeat' | 'escalation' | 'command' | 'test';
  /** e.g. `component:default/billing-api`. */
  entityRef: string;
  title: string;
  /** Plain text, one line per alert. */
  summary: string;
  severity: 'info' | 'warning' | 'critical';
  /** Absolute URL of the entity's page in the portal, when known. */
  link: string | null;
  alerts: WebhookAlertV1[];
  /** ISO 8601. */
  createdAt: string;
  /**
   * One-click acknowledge links of the incident, one per user (each works
   * once, for that user signed in to the portal); absent when none.
   */
  acknowledge?: Array<{ recipient: string; name: string; url: string }>;
}

/**
 * The stable JSON document sent by the webhook channel.
 *
 * @internal
 */
export function buildWebhookPayload(
  notification: OpsHealthNotification,
  options: { appBaseUrl?: string } = {},
): WebhookPayloadV1 {
  return {
    version: 1,
    id: notification.id,
    kind: notification.kind,
    entityRef: notification.entityRef,
    title: notification.title,
    summary: notification.summary,
    severity: notification.severity,
    link: absoluteLink(notification.link, options.appBaseUrl) ?? null,
    alerts: notification.alerts.map(alert => ({
      dedupKey: alert.dedupKey,
      checkId: alert.checkId,
      subject: alert.subject,
      status: alert.status,
      severity: alert.severity,
      value:
        alert.value !== undefined && Number.isFinite(alert.value)
          ? alert.value
          : null,
      threshold:
        alert.threshold !== undefined && Number.isFinite(alert.threshold)
          ? alert.threshold
          : null,
      unit: alert.unit ?? null,
      headline: alert.headline ?? null,
      message: alert.message,
      runbookUrl: absoluteLink(alert.runbookUrl) ?? null,
      firstSeen: alert.firstSeen,
      lastSeen: alert.lastSeen,
      silenced: alert.silenced ?? false,
    })),
    createdAt: notification.createdAt,
    ...(notification.acknowledge?.links.length
      ? {
          acknowledge: notification.acknowledge.links.map(l => ({
            recipient: l.recipient,
            name: l.name,
            url: absoluteLink(l.url, options.appBaseUrl) ?? l.url,
          })),
        }
      : {}),
  };
}

/** @internal */
export interface WebhookChannelOptions {
  name: string;
  minSeverity: NotificationSeverity;
  checks?: string[];
  /** Target URL (a secret). From config only. */
  url: string;
  /** HMAC-SHA256 key. */
  signingSecret: string;
  timeoutMs: number;
  /** Portal base URL (`app.baseUrl`), to make relative entity links absolute. */
  appBaseUrl?: string;
  logger?: LoggerService;
  /** Clock for the timestamp header (tests). */
  now?: () => Date;
}

/**
 * POSTs the notification as signed JSON ({@link WebhookPayloadV1}); see
 * `webhookSignature.ts` for the signature scheme receivers implement.
 *
 * Headers: `Content-Type: application/json`,
 * `X-Ops-Health-Timestamp: <unix seconds>`,
 * `X-Ops-Health-Signature: sha256=<hex>`,
 * `Idempotency-Key: <same on every retry of the delivery>`.
 *
 * @internal
 */
export class WebhookChannel implements NotificationChannel {
  readonly type = 'webhook' as const;
  readonly name: string;
  readonly minSeverity: NotificationSeverity;
  readonly checks?: string[];
  readonly #url: string;
  readonly #signingSecret: string;
  readonly #timeoutMs: number;
  readonly #appBaseUrl?: string;
  readonly #logger?: LoggerService;
  readonly #now: () => Date;

  constructor(options: WebhookChannelOptions) {
    this.name = options.name;
    this.minSeverity = options.minSeverity;
    this.checks = options.checks;
    this.#url = options.url;
    this.#signingSecret = options.signingSecret;
    this.#timeoutMs = options.timeoutMs;
    this.#appBaseUrl = options.appBaseUrl;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
  }

  destination(): string {
    return `the webhook at ${urlHost(this.#url)}`;
  }

  async deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void> {
    const body = JSON.stringify(
      buildWebhookPayload(notification, { appBaseUrl: this.#appBaseUrl }),
    );
    // A fresh timestamp (and so signature) per attempt: a retry hours later
    // must still pass the receiver's freshness check.
    const timestamp = String(Math.floor(this.#now().getTime() / 1000));
    await postJson({
      label: `Webhook channel '${this.name}'`,
      url: this.#url,
      body,
      headers: {
        'Content-Type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhookPayload({
          body,
          timestamp,
          secret: this.#signingSecret,
        }),
        'Idempotency-Key': context.idempotencyKey,
      },
      timeoutMs: this.#timeoutMs,
      signal: context.signal,
    });
    this.#logger?.debug(
      `Delivered notification ${notification.id} to webhook channel '${this.name}' (attempt ${context.attempt})`,
    );
  }

  /** Keeps the URL and secret out of anything that serialises the channel. */
  toJSON() {
    return { name: this.name, type: this.type, minSeverity: this.minSeverity };
  }
}
