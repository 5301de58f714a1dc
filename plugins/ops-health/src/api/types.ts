import type {
  OpsHealthApiComponents as components,
  OpsHealthApiOperations as operations,
} from '@ops-health/backstage-plugin-ops-health-common';

type Schemas = components['schemas'];

/**
 * One check of an entity in detail: its results and stored history
 * (schema CheckDetail).
 *
 * @public
 */
export type OpsHealthCheckDetail = Schemas['CheckDetail'];

/**
 * One day of an entity's cost (schema DailyCost).
 *
 * @public
 */
export type OpsHealthDailyCost = Schemas['DailyCost'];

/**
 * A replication test run (schema CanaryRun).
 *
 * @public
 */
export type OpsHealthCanaryRun = Schemas['CanaryRun'];

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
export type OpsHealthBackupTrigger = Schemas['BackupTrigger'];

/**
 * An alert (schema Alert).
 *
 * @public
 */
export type OpsHealthAlert = Schemas['Alert'];

/**
 * A silence (schema Silence).
 *
 * @public
 */
export type OpsHealthSilence = Schemas['Silence'];

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
export type OpsHealthRunbook = Schemas['Runbook'];

/**
 * The checks (and other topics, such as incidents) a runbook has a section for.
 *
 * @public
 */
export type OpsHealthRunbookTopic = NonNullable<
  NonNullable<operations['GetEntityRunbook']['parameters']['query']>['checkId']
>;
