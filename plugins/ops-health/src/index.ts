/**
 * Ops Health frontend plugin: AWS cost, S3 replication and backup health on
 * entity pages. The new frontend system is served from `./alpha`.
 *
 * @packageDocumentation
 */
export {
  opsHealthPlugin,
  EntityOpsHealthCard,
  EntityOpsHealthContent,
  EntityOpsContactsCard,
  OpsHealthPage,
} from './plugin';
export type { EntityOpsHealthContentProps } from './components/EntityOpsHealthContent';
export type { OpsHealthContentOptions } from './hooks/useContentOptions';
export { DEFAULT_STALE_AFTER_MS } from './components/common/staleness';
export { isOpsHealthAvailable } from './isOpsHealthAvailable';
export { opsHealthApiRef, OpsHealthClient } from './api';
export type {
  OpsHealthApi,
  OpsHealthAlert,
  OpsHealthAlertListOptions,
  OpsHealthBackupTrigger,
  OpsHealthCanaryRun,
  OpsHealthCanaryStart,
  OpsHealthCheckDetail,
  OpsHealthDailyCost,
  OpsHealthRunbook,
  OpsHealthRunbookTopic,
  OpsHealthSilence,
  OpsHealthSilenceRequest,
  OpsHealthChannel,
  OpsHealthChannelTestResult,
  OpsHealthCheckSummary,
  OpsHealthContact,
  OpsHealthContacts,
  OpsHealthOnCall,
  OpsHealthSchedule,
  OpsHealthScheduleShift,
  OpsHealthScheduleOverride,
  OpsHealthScheduleOverrideRequest,
  OpsHealthAcknowledgement,
  OpsHealthEscalationLevel,
  OpsHealthHealthList,
  OpsHealthHealthListOptions,
  OpsHealthIncident,
  OpsHealthIncidentDetails,
  OpsHealthIncidentEvent,
  OpsHealthIncidentListOptions,
  OpsHealthIncidentMetrics,
  OpsHealthIncidentMetricsOptions,
  OpsHealthIncidentNoteRequest,
  OpsHealthIncidentPhase,
  OpsHealthIncidentRequest,
  OpsHealthIncidentSeverity,
  OpsHealthIncidentTransition,
  OpsHealthIncidentTransitionRequest,
  OpsHealthIncidentUpdateRequest,
  OpsHealthPostmortem,
  OpsHealthPostmortemActionItem,
  OpsHealthPostmortemRequest,
} from './api';
