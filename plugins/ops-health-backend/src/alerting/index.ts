export type {
  Alert,
  AlertEvent,
  AlertEventType,
  AlertSeverity,
  AlertState,
  EvaluatedResult,
  NotificationGroup,
  Silence,
} from './types';
export { dedupKeyOf } from './types';
export type {
  AlertPatch,
  AlertStore,
  AlertTransaction,
  NotificationGroupPatch,
} from './AlertStore';
export { DatabaseAlertStore } from './DatabaseAlertStore';
export type { AlertingConfig, AlertRule } from './config';
export {
  DEFAULT_ALERTING_CONFIG,
  alertRuleFor,
  readAlertingConfig,
  repeatWaitMs,
} from './config';
export { AlertEvaluator } from './AlertEvaluator';
export type { EvaluationSummary } from './AlertEvaluator';
export { AlertNotifier } from './AlertNotifier';
export type {
  AlertAudience,
  AlertNotifierOptions,
  NotifierRunSummary,
} from './AlertNotifier';
export {
  SilenceService,
  isSilenceActive,
  normalizeSilenceMatcher,
  silenceCheckId,
  silenceEntityRef,
  silenceMatches,
} from './SilenceService';
export type { SilenceMatcher, SilenceTarget } from './SilenceService';
export { composeNotification } from './compose';
