import { LoggerService } from '@backstage/backend-plugin-api';
import {
  configErrors,
  readUserOrGroupRef,
} from '@ops-health/backstage-plugin-ops-health-node';
import { Config, readDurationFromConfig } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  NotificationChannel,
  NotificationSeverity,
  SEVERITY_ORDER,
} from '../types';
import { BackstageChannel } from './BackstageChannel';
import { EmailChannel } from './EmailChannel';
import { SlackChannel } from './SlackChannel';
import { WebhookChannel } from './WebhookChannel';

/** @internal */
export const CHANNEL_TYPES = [
  'backstage',
  'slack',
  'webhook',
  'email',
] as const;

/** @internal */
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Default per-request timeout of the HTTP channels. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
/** Default lowest severity a channel sends. */
export const DEFAULT_MIN_SEVERITY: NotificationSeverity = 'warning';
/** Shortest accepted webhook signing secret. */
export const MIN_SIGNING_SECRET_LENGTH = 16;

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const BASE = 'opsHealth.notifications';

/** @internal */
export interface CreateChannelsDeps {
  notifications: NotificationService;
  logger: LoggerService;
  /**
   * Portal base URL, to make relative entity links absolute in Slack and
   * webhook messages. Defaults to `app.baseUrl` when the root config is given.
   */
  appBaseUrl?: string;
}

const errors = configErrors(BASE);
// Declared functions: TypeScript narrows after a call that returns never.
function fail(key: string, message: string): never {
  return errors.fail(key, message);
}
const read = errors.wrap;

/**
 * The `opsHealth.notifications` section, from the root config, the
 * `opsHealth` section or the section itself.
 */
function notificationsSection(config: Config): {
  section?: Config;
  appBaseUrl?: string;
} {
  if (config.has('opsHealth')) {
    return {
      section: config.getOptionalConfig('opsHealth.notifications'),
      appBaseUrl: config.getOptionalString('app.baseUrl'),
    };
  }
  if (config.has('channels') || config.has('delivery')) {
    return { section: config };
  }
  // The opsHealth section (or a root config without opsHealth; Backstage's
  // own `notifications` section has neither channels nor delivery).
  const section = config.getOptionalConfig('notifications');
  return section?.has('channels') || section?.has('delivery')
    ? { section }
    : {};
}

function readTimeoutMs(section: Config): number {
  const key = 'delivery.timeout';
  if (!section.has(key)) return DEFAULT_DELIVERY_TIMEOUT_MS;
  const ms = read(key, () =>
    durationToMilliseconds(readDurationFromConfig(section, { key })),
  );
  if (!(ms > 0) || !Number.isFinite(ms)) {
    fail(key, 'expected a positive duration such as 10s or { seconds: 10 }');
  }
  return ms;
}

function readHttpUrl(channel: Config, key: string): string {
  const value = read(key, () => channel.getOptionalString('url'));
  if (value === undefined || value.trim() === '') {
    fail(key, 'required for slack and webhook channels');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    // The value is a secret: never quoted.
    return fail(key, 'expected an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(key, `expected an http(s) URL, got a ${url.protocol} URL`);
  }
  return url.href;
}

/**
 * Builds the configured notification channels. Validates everything up
 * front and throws on the first problem, naming the key, e.g.
 * `Invalid config at 'opsHealth.notifications.channels[2].url': required for
 * slack and webhook channels`. Secret values (URLs, signing secrets) are
 * never quoted in errors.
 *
 * Outgoing URLs come from config only: channels never request a URL found in
 * a notification (links there are only rendered into messages).
 *
 * `config` may be the root config, the `opsHealth` section or the
 * `opsHealth.notifications` section.
 *
 * @internal
 */
export function createChannelsFromConfig(
  config: Config,
  deps: CreateChannelsDeps,
): NotificationChannel[] {
  const { section, appBaseUrl: configBaseUrl } = notificationsSection(config);
  if (!section) return [];
  const appBaseUrl = deps.appBaseUrl ?? configBaseUrl;
  const timeoutMs = readTimeoutMs(section);
  const channelConfigs =
    read('channels', () => section.getOptionalConfigArray('channels')) ?? [];

  const names = new Map<string, number>();
  const channels: NotificationChannel[] = [];

  channelConfigs.forEach((c, index) => {
    const at = `channels[${index}]`;

    const name = read(`${at}.name`, () => c.getOptionalString('name'))?.trim();
    if (!name) fail(`${at}.name`, 'required');
    if (!NAME_PATTERN.test(name)) {
      fail(
        `${at}.name`,
        `expected 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit, got '${name}'`,
      );
    }
    const previous = names.get(name.toLocaleLowerCase('en-US'));
    if (previous !== undefined) {
      fail(
        `${at}.name`,
        `duplicate channel name '${name}' (also channels[${previous}])`,
      );
    }
    names.set(name.toLocaleLowerCase('en-US'), index);

    const type = read(`${at}.type`, () => c.getOptionalString('type'));
    if (type === undefined) {
      fail(`${at}.type`, `required, one of ${CHANNEL_TYPES.join(', ')}`);
    }
    if (!(CHANNEL_TYPES as readonly string[]).includes(type)) {
      fail(
        `${at}.type`,
        `unknown channel type '${type}', expected one of ${CHANNEL_TYPES.join(
          ', ',
        )}`,
      );
    }

    const minSeverity =
      read(`${at}.minSeverity`, () => c.getOptionalString('minSeverity')) ??
      DEFAULT_MIN_SEVERITY;
    if (!(SEVERITY_ORDER as string[]).includes(minSeverity)) {
      fail(
        `${at}.minSeverity`,
        `expected one of ${SEVERITY_ORDER.join(', ')}, got '${minSeverity}'`,
      );
    }

    const checks = read(`${at}.checks`, () =>
      c.getOptionalStringArray('checks'),
    );
    checks?.forEach((check, i) => {
      if (!check.trim()) fail(`${at}.checks[${i}]`, 'expected a check id');
    });

    // Keys that only some types use: a misplaced one is a mistake to report,
    // not to ignore (a webhook URL under an email channel sends nothing).
    const usesUrl = type === 'slack' || type === 'webhook';
    if (!usesUrl && c.has('url')) {
      fail(`${at}.url`, `only slack and webhook channels have a url`);
    }
    if (type !== 'webhook' && c.has('signingSecret')) {
      fail(`${at}.signingSecret`, 'only webhook channels have a signingSecret');
    }
    if (type !== 'email' && c.has('recipients')) {
      fail(
        `${at}.recipients`,
        'only email channels have recipients; the backstage channel addresses the entity owner',
      );
    }

    const common = {
      name,
      minSeverity: minSeverity as NotificationSeverity,
      checks: checks?.map(check => check.trim()),
      logger: deps.logger,
    };

    switch (type as ChannelType) {
      case 'slack':
        channels.push(
          new SlackChannel({
            ...common,
            url: readHttpUrl(c, `${at}.url`),
            timeoutMs,
            appBaseUrl,
          }),
        );
        break;
      case 'webhook': {
        const url = readHttpUrl(c, `${at}.url`);
        const signingSecret = read(`${at}.signingSecret`, () =>
          c.getOptionalString('signingSecret'),
        );
        if (!signingSecret) {
          fail(`${at}.signingSecret`, 'required for webhook channels');
        }
        if (signingSecret.length < MIN_SIGNING_SECRET_LENGTH) {
          fail(
            `${at}.signingSecret`,
            `expected at least ${MIN_SIGNING_SECRET_LENGTH} characters`,
          );
        }
        channels.push(
          new WebhookChannel({
            ...common,
            url,
            signingSecret,
            timeoutMs,
            appBaseUrl,
          }),
        );
        break;
      }
      case 'email': {
        const recipients =
          read(`${at}.recipients`, () =>
            c.getOptionalStringArray('recipients'),
          ) ?? [];
        const refs = recipients.map((ref, i) =>
          read(`${at}.recipients[${i}]`, () =>
            readUserOrGroupRef(ref, {
              hint: 'email addresses come from the catalog',
            }),
          ),
        );
        channels.push(
          new EmailChannel({
            ...common,
            recipients: refs,
            notifications: deps.notifications,
          }),
        );
        break;
      }
      default:
        channels.push(
          new BackstageChannel({
            ...common,
            notifications: deps.notifications,
          }),
        );
    }
  });

  if (channels.length) {
    deps.logger.info(
      `Ops Health notification channels: ${channels
        .map(ch => `${ch.name} (${ch.type}, ${ch.minSeverity} and above)`)
        .join(', ')}`,
    );
  }
  return channels;
}
