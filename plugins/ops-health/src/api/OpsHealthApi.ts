import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OpsHealthCheckId,
  OpsHealthCheckResult,
  OpsHealthEntityHealth,
  OpsHealthSetupReport,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  OpsHealthAlert,
  OpsHealthBackupTrigger,
  OpsHealthCanaryRun,
  OpsHealthCanaryStart,
  OpsHealthCheckDetail,
  OpsHealthRunbook,
  OpsHealthRunbookTopic,
  OpsHealthSilence,
  OpsHealthSilenceRequest,
  OpsHealthAlertListOptions,
} from './types';
import {
  OpsHealthIncident,
  OpsHealthIncidentDetails,
  OpsHealthIncidentEvent,
  OpsHealthIncidentListOptions,
  OpsHealthIncidentMetrics,
  OpsHealthIncidentMetricsOptions,
  OpsHealthIncidentNoteRequest,
  OpsHealthIncidentRequest,
  OpsHealthIncidentTransitionRequest,
  OpsHealthIncidentUpdateRequest,
  OpsHealthPostmortemRequest,
} from './incidentTypes';
import {
  OpsHealthChannel,
  OpsHealthChannelTestResult,
  OpsHealthCheckSummary,
  OpsHealthContacts,
  OpsHealthHealthList,
  OpsHealthHealthListOptions,
  OpsHealthAcknowledgement,
  OpsHealthSchedule,
  OpsHealthScheduleOverride,
  OpsHealthScheduleOverrideRequest,
} from './portalTypes';

/**
 * Client of the Ops Health backend. Failed requests reject with a
 * `ResponseError` from `@backstage/errors` that carries the backend's message.
 *
 * @public
 */
export interface OpsHealthApi {
  getEntitySetup(entity: CompoundEntityRef): Promise<OpsHealthSetupReport>;
  /**
   * The entity's health summary; its results carry their check-specific
   * details only with `details: true` (getEntityCheck has them too).
   */
  getEntityHealth(
    entity: CompoundEntityRef,
    options?: { details?: boolean },
  ): Promise<OpsHealthEntityHealth>;
  /**
   * Incidents, newest first, of the entities the caller can see: a page
   * (`limit`, `offset`) and how many match in all.
   */
  listIncidents(
    options?: OpsHealthIncidentListOptions,
  ): Promise<{ items: OpsHealthIncident[]; totalCount?: number }>;
  /** An incident with its timeline, linked alerts and allowed moves. */
  /** The incident with the newest page of its timeline (`eventCount` in all). */
  getIncident(id: string): Promise<OpsHealthIncidentDetails>;
  /** An older page of an incident's timeline: the events before `before`, oldest first. */
  listIncidentEvents(
    id: string,
    options: { before?: number; limit?: number },
  ): Promise<{ items: OpsHealthIncidentEvent[]; totalCount: number }>;
  /**
   * Declares an incident on an entity, in `detection`. The same
   * `idempotencyKey` again (a retry, a second click) answers with the
   * incident it declared instead of declaring another.
   */
  createIncident(
    request: OpsHealthIncidentRequest,
    options?: { idempotencyKey?: string },
  ): Promise<OpsHealthIncident>;
  /** Moves an incident to another phase; a stale `version` is a 409. */
  transitionIncident(
    id: string,
    request: OpsHealthIncidentTransitionRequest,
  ): Promise<OpsHealthIncident>;
  /**
   * Hands command over (a user entity ref; null removes the commander)
   * and/or changes the severity; a stale `version` is a 409.
   */
  updateIncident(
    id: string,
    request: OpsHealthIncidentUpdateRequest,
  ): Promise<OpsHealthIncident>;
  /** Adds a note to the timeline; with `version`, a stale one is a 409. */
  addIncidentNote(
    id: string,
    request: OpsHealthIncidentNoteRequest,
  ): Promise<OpsHealthIncidentEvent>;
  /** Writes the post-mortem (from lessons-learned on). */
  updateIncidentPostmortem(
    id: string,
    request: OpsHealthPostmortemRequest,
  ): Promise<OpsHealthIncident>;
  /** MTTA and MTTR, portal-wide or of one entity (default: last 30 days). */
  getIncidentMetrics(
    options?: OpsHealthIncidentMetricsOptions,
  ): Promise<OpsHealthIncidentMetrics>;
  /** One check in detail with `days` of history (the backend's default is 31). */
  getEntityCheck(
    entity: CompoundEntityRef,
    checkId: OpsHealthCheckId,
    options?: { days?: number },
  ): Promise<OpsHealthCheckDetail>;
  /** The latest replication test run per source bucket. */
  getReplicationCanaryRuns(
    entity: CompoundEntityRef,
  ): Promise<{ runs: OpsHealthCanaryRun[] }>;
  /** Starts a replication test; a test already running is not an error. */
  startReplicationCanary(
    entity: CompoundEntityRef,
    options?: { bucket?: string },
  ): Promise<OpsHealthCanaryStart>;
  triggerBackup(entity: CompoundEntityRef): Promise<OpsHealthBackupTrigger>;
  /**
   * Measures one check of the entity now ("check now", e.g. after a fix)
   * and evaluates its alerts; its results as measured. Once a minute per
   * entity and check (429 otherwise).
   */
  measureEntityCheck(
    entity: CompoundEntityRef,
    /** An installed check's id: cost, replication, backup, a module's own. */
    checkId: string,
  ): Promise<{ results: OpsHealthCheckResult[] }>;
  listAlerts(
    options?: OpsHealthAlertListOptions,
  ): Promise<{ items: OpsHealthAlert[] }>;
  /** A page of silences, newest first (100 unless `limit` says). */
  listSilences(options?: {
    active?: boolean;
    entityRef?: string;
    limit?: number;
    offset?: number;
  }): Promise<{ items: OpsHealthSilence[]; totalCount: number }>;
  /**
   * Creates a silence. With `idempotencyKey` (one per silence the user
   * creates), the same key again answers with the silence it created.
   */
  createSilence(
    request: OpsHealthSilenceRequest,
    options?: { idempotencyKey?: string },
  ): Promise<OpsHealthSilence>;
  expireSilence(id: string): Promise<OpsHealthSilence>;
  /** The entity's runbook for a check; undefined when none is configured (404). */
  getEntityRunbook(
    entity: CompoundEntityRef,
    checkId?: OpsHealthRunbookTopic,
  ): Promise<OpsHealthRunbook | undefined>;
  /** Owner, escalation chain and primary DevOps contact of an entity. */
  getEntityContacts(entity: CompoundEntityRef): Promise<OpsHealthContacts>;
  /** The on-call schedules, `days` of shifts ahead (default 14). */
  listSchedules(options?: {
    days?: number;
  }): Promise<{ items: OpsHealthSchedule[] }>;
  /** One on-call schedule. */
  getSchedule(
    name: string,
    options?: { days?: number },
  ): Promise<OpsHealthSchedule>;
  /** The signed-in user takes a shift on a schedule. */
  createScheduleOverride(
    name: string,
    request: OpsHealthScheduleOverrideRequest,
  ): Promise<OpsHealthScheduleOverride>;
  /** Gives back a shift taken from the portal. */
  deleteScheduleOverride(name: string, id: string): Promise<void>;
  /** Uses the acknowledge link of a notification, as the signed-in user. */
  acknowledgeFromLink(token: string): Promise<OpsHealthAcknowledgement>;
  /** A page of check results across the entities the caller can see. */
  listHealth(
    options?: OpsHealthHealthListOptions,
  ): Promise<OpsHealthHealthList>;
  /** Per check: last measurement, last collection error, results per status. */
  getCheckSummary(): Promise<{ items: OpsHealthCheckSummary[] }>;
  /** The configured notification channels (never their secrets). */
  listChannels(): Promise<{ channels: OpsHealthChannel[] }>;
  /** Sends a test message through a channel (platform admins). */
  testChannel(name: string): Promise<OpsHealthChannelTestResult>;
}

/** @public */
export const opsHealthApiRef = createApiRef<OpsHealthApi>({
  id: 'plugin.ops-health.service',
});
