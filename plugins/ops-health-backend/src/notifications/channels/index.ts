export {
  createChannelsFromConfig,
  CHANNEL_TYPES,
  DEFAULT_DELIVERY_TIMEOUT_MS,
  DEFAULT_MIN_SEVERITY,
} from './createChannelsFromConfig';
export type {
  ChannelType,
  CreateChannelsDeps,
} from './createChannelsFromConfig';
export { SlackChannel, buildSlackMessage } from './SlackChannel';
export type { SlackChannelOptions, SlackMessage } from './SlackChannel';
export { WebhookChannel, buildWebhookPayload } from './WebhookChannel';
export type {
  WebhookAlertV1,
  WebhookChannelOptions,
  WebhookPayloadV1,
} from './WebhookChannel';
export {
  verifyWebhookSignature,
  signWebhookPayload,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
} from './webhookSignature';
export {
  BackstageChannel,
  BACKSTAGE_TOPIC,
  toBackstageSeverity,
} from './BackstageChannel';
export type { BackstageChannelOptions } from './BackstageChannel';
export { EmailChannel, EMAIL_TOPIC } from './EmailChannel';
export type { EmailChannelOptions } from './EmailChannel';
