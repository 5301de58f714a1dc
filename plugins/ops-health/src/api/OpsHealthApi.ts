import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import {
  OpsHealthCheckId,
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
} from './types';

/**
 * Client of the Ops Health backend. Failed requests reject with a
 * `ResponseError` from `@backstage/errors` that carries the backend's message.
 *
 * @public
 */
export interface OpsHealthApi {
  getEntitySetup(entity: CompoundEntityRef): Promise<OpsHealthSetupReport>;
  getEntityHealth(entity: CompoundEntityRef): Promise<OpsHealthEntityHealth>;
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
  listAlerts(options?: {
    entityRef?: string;
    state?: OpsHealthAlert['state'][];
    limit?: number;
  }): Promise<{ items: OpsHealthAlert[] }>;
  listSilences(options?: {
    active?: boolean;
  }): Promise<{ items: OpsHealthSilence[] }>;
  createSilence(request: OpsHealthSilenceRequest): Promise<OpsHealthSilence>;
  expireSilence(id: string): Promise<OpsHealthSilence>;
  /** The entity's runbook for a check; undefined when none is configured (404). */
  getEntityRunbook(
    entity: CompoundEntityRef,
    checkId?: OpsHealthRunbookTopic,
  ): Promise<OpsHealthRunbook | undefined>;
}

/** @public */
export const opsHealthApiRef = createApiRef<OpsHealthApi>({
  id: 'plugin.ops-health.service',
});
