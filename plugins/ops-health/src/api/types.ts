import type {
  OpsHealthApiComponents as components,
  OpsHealthApiOperations as operations,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * One check of an entity in detail: its results and stored history
 * (schema CheckDetail).
 *
 * @public
 */
export type OpsHealthCheckDetail = components['schemas']['CheckDetail'];

/**
 * One day of an entity's cost (schema DailyCost).
 *
 * @public
 */
export type OpsHealthDailyCost = components['schemas']['DailyCost'];

/**
 * A replication test run (schema CanaryRun).
 *
 * @public
 */
export type OpsHealthCanaryRun = components['schemas']['CanaryRun'];

/**
 * The outcome of starting a replication test: the started runs, or the run
 * that is already going on (HTTP 409) with the backend's message.
 *
 * @public
 */
export type OpsHealthCanaryStart =
  | { started: true; runs: OpsHealthCanaryRun[] }
  | { started: false; message: string; running?: OpsHealthCanaryRun };

/**
 * The answer to a manual backup trigger (schema BackupTrigger).
 *
 * @public
 */
export type OpsHealthBackupTrigger = components['schemas']['BackupTrigger'];

/**
 * An alert (schema Alert).
 *
 * @public
 */
export type OpsHealthAlert = components['schemas']['Alert'];

/**
 * A silence (schema Silence).
 *
 * @public
 */
export type OpsHealthSilence = components['schemas']['Silence'];

/**
 * What to silence and for how long (request of CreateSilence).
 *
 * @public
 */
export type OpsHealthSilenceRequest =
  operations['CreateSilence']['requestBody']['content']['application/json'];

/**
 * The runbook of an entity for a check (schema Runbook).
 *
 * @public
 */
export type OpsHealthRunbook = components['schemas']['Runbook'];

/**
 * The checks (and other topics, such as incidents) a runbook has a section for.
 *
 * @public
 */
export type OpsHealthRunbookTopic = NonNullable<
  NonNullable<operations['GetEntityRunbook']['parameters']['query']>['checkId']
>;

/**
 * Which alerts to list.
 *
 * @public
 */
export type OpsHealthAlertListOptions = {
  /** Only the alerts of this entity. */
  entityRef?: string;
  /** Default: pending and firing. */
  state?: OpsHealthAlert['state'][];
  limit?: number;
};
