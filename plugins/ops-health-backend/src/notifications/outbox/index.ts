export type {
  ClaimedDelivery,
  DeliveryStatus,
  OutboxDelivery,
  OutboxStore,
} from './OutboxStore';
export { DatabaseOutboxStore, idempotencyKeyOf } from './DatabaseOutboxStore';
export {
  NotificationDispatcher,
  DEFAULT_DISPATCHER_CONFIG,
  backoffMs,
} from './NotificationDispatcher';
export type {
  DispatchRunResult,
  NotificationDispatcherConfig,
} from './NotificationDispatcher';
