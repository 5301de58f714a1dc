import { checkTitle } from '@ops-health/backstage-plugin-ops-health-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeliveryContext,
  NotificationAlert,
  NotificationChannel,
  NotificationSeverity,
  OpsHealthNotification,
} from '../types';
import { postJson, urlHost } from './http';
import { absoluteLink } from './links';

/**
 * Slack allows 50 blocks per message; header, entity, "more" and the
 * acknowledge buttons with their note take 5.
 */
const MAX_ALERT_BLOCKS = 40;
/** Slack's limits on a header's and a section's text. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FALLBACK_TEXT_MAX = 3000;
/** Slack allows 25 elements in an actions block; a shared channel needs few. */
const MAX_ACK_BUTTONS = 5;

/** @internal */
export interface SlackChannelOptions {
  name: string;
  minSeverity: NotificationSeverity;
  checks?: string[];
  /** Incoming-webhook URL (a secret). From config only. */
  url: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Portal base URL (`app.baseUrl`), to make relative entity links absolute. */
  appBaseUrl?: string;
  logger?: LoggerService;
}

/** A Slack Block Kit block, loosely typed. */
type SlackBlock = Record<string, unknown>;

/** @internal */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes the three characters Slack mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `<url|label>`, with the URL made safe for Slack's link syntax. */
function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function formatValue(value: number, unit?: string): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Emoji of one alert's state. */
export function alertEmoji(alert: NotificationAlert): string {
  if (alert.status === 'resolved') return ':white_check_mark:';
  if (alert.silenced) return ':mute:';
  return alert.severity === 'critical'
    ? ':red_circle:'
    : ':large_orange_circle:';
}

function headerEmoji(notification: OpsHealthNotification): string {
  switch (notification.kind) {
    case 'resolved':
      return ':white_check_mark:';
    case 'test':
      return ':test_tube:';
    case 'escalation':
      return ':rotating_light:';
    case 'command':
      return ':bust_in_silhouette:';
    default:
      if (notification.severity === 'critical') return ':red_circle:';
      if (notification.severity === 'warning') return ':large_orange_circle:';
      return ':information_source:';
  }
}

function alertSection(alert: NotificationAlert): SlackBlock {
  const lines: string[] = [];
  const state = [
    `*${capitalize(alert.severity)}*`,
    capitalize(alert.status),
    ...(alert.silenced ? ['silenced'] : []),
  ].join(' · ');
  lines.push(
    `${alertEmoji(alert)} ${state} · *${escapeMrkdwn(
      checkTitle(alert.checkId),
    )}*${alert.subject ? ` — ${escapeMrkdwn(alert.subject)}` : ''}`,
  );
  if (alert.headline) lines.push(`*${escapeMrkdwn(alert.headline)}*`);
  lines.push(escapeMrkdwn(alert.message));
  const figures: string[] = [];
  if (alert.value !== undefined && Number.isFinite(alert.value)) {
    figures.push(
      `Value: *${escapeMrkdwn(formatValue(alert.value, alert.unit))}*`,
    );
  }
  if (alert.threshold !== undefined && Number.isFinite(alert.threshold)) {
    figures.push(
      `Threshold: *${escapeMrkdwn(formatValue(alert.threshold, alert.unit))}*`,
    );
  }
  if (figures.length) lines.push(figures.join(' · '));
  const runbook = absoluteLink(alert.runbookUrl);
  if (runbook) lines.push(mrkdwnLink(runbook, 'Runbook'));
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_MAX) },
  };
}

/**
 * The Slack message of a notification: a fallback `text` (shown in
 * notifications and by clients without Block Kit) and `blocks`: a header with
 * the title, the entity with a link to its page, then one section per alert
 * (status emoji, severity, check and subject, message, value and threshold,
 * runbook link). Alerts beyond 40 are counted in a closing line.
 *
 * @internal
 */
export function buildSlackMessage(
  notification: OpsHealthNotification,
  options: { appBaseUrl?: string } = {},
): SlackMessage {
  const emoji = headerEmoji(notification);
  const link = absoluteLink(notification.link, options.appBaseUrl);

  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(`${emoji} ${notification.title}`, HEADER_MAX),
        emoji: true,
      },
    },
  ];

  const entity = `*Entity:* \`${escapeMrkdwn(notification.entityRef)}\``;
  blocks.push({
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: link
        ? `${entity} · ${mrkdwnLink(link, 'Open in the portal')}`
        : entity,
    },
  });

  const shown = notification.alerts.slice(0, MAX_ALERT_BLOCKS);
  for (const alert of shown) {
    blocks.push(alertSection(alert));
  }
  const hidden = notification.alerts.length - shown.length;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: link
            ? `…and ${hidden} more ${
                hidden === 1 ? 'alert' : 'alerts'
              }: ${mrkdwnLink(link, 'see all in the portal')}`
            : `…and ${hidden} more ${hidden === 1 ? 'alert' : 'alerts'}`,
        },
      ],
    });
  }
  if (!notification.alerts.length && notification.summary) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(escapeMrkdwn(notification.summary), SECTION_MAX),
      },
    });
  }

  const buttons = (notification.acknowledge?.links ?? [])
    .slice(0, MAX_ACK_BUTTONS)
    .flatMap(ack => {
      const url = absoluteLink(ack.url, options.appBaseUrl);
      return url && url.length <= 3000
        ? [
            {
              type: 'button',
              style: 'primary',
              text: {
                type: 'plain_text',
                text: truncate(`Acknowledge as ${ack.name}`, 75),
                emoji: false,
              },
              url,
              action_id: `ops-health-ack-${ack.recipient}`.slice(0, 255),
            },
          ]
        : [];
    });
  if (buttons.length) {
    blocks.push({ type: 'actions', elements: buttons });
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Acknowledging moves the incident to assessment and stops the escalation. Each button works once, for the person it names, signed in to the portal.',
        },
      ],
    });
  }

  const text = truncate(
    escapeMrkdwn(
      notification.summary
        ? `${notification.title}\n${notification.summary}`
        : notification.title,
    ),
    FALLBACK_TEXT_MAX,
  );
  return { text, blocks };
}

/**
 * Posts to a Slack incoming webhook.
 *
 * Sends `Idempotency-Key` too: Slack ignores it, but a receiver standing in
 * for Slack (a relay, a test double) can drop repeated deliveries with it.
 *
 * @internal
 */
export class SlackChannel implements NotificationChannel {
  readonly type = 'slack' as const;
  readonly name: string;
  readonly minSeverity: NotificationSeverity;
  readonly checks?: string[];
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #appBaseUrl?: string;
  readonly #logger?: LoggerService;

  constructor(options: SlackChannelOptions) {
    this.name = options.name;
    this.minSeverity = options.minSeverity;
    this.checks = options.checks;
    this.#url = options.url;
    this.#timeoutMs = options.timeoutMs;
    this.#appBaseUrl = options.appBaseUrl;
    this.#logger = options.logger;
  }

  destination(): string {
    return `the Slack webhook at ${urlHost(this.#url)}`;
  }

  async deliver(
    notification: OpsHealthNotification,
    context: DeliveryContext,
  ): Promise<void> {
    const message = buildSlackMessage(notification, {
      appBaseUrl: this.#appBaseUrl,
    });
    await postJson({
      label: `Slack channel '${this.name}'`,
      url: this.#url,
      body: JSON.stringify(message),
      headers: { 'Idempotency-Key': context.idempotencyKey },
      timeoutMs: this.#timeoutMs,
      signal: context.signal,
    });
    this.#logger?.debug(
      `Delivered notification ${notification.id} to Slack channel '${this.name}' (attempt ${context.attempt})`,
    );
  }

  /** Keeps the URL out of logs and error reports that serialise the channel. */
  toJSON() {
    return { name: this.name, type: this.type, minSeverity: this.minSeverity };
  }
}
