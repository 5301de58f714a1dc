import type {
  OpsHealthApiComponents as components,
  OpsHealthApiOperations as operations,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * A catalog user or group and how to reach it (schema Contact). Groups of an
 * escalation level carry their member users.
 *
 * @public
 */
export type OpsHealthContact = components['schemas']['Contact'];

/**
 * Who to reach about an entity: its owner, the escalation chain of its policy
 * and the primary DevOps contact (schema Contacts).
 *
 * @public
 */
export type OpsHealthContacts = components['schemas']['Contacts'];

/**
 * One level of an escalation chain.
 *
 * @public
 */
export type OpsHealthEscalationLevel =
  OpsHealthContacts['escalation']['levels'][number];

/**
 * Filters and paging of the check results across the catalog.
 *
 * @public
 */
export type OpsHealthHealthListOptions = NonNullable<
  operations['ListHealth']['parameters']['query']
>;

/**
 * A page of check results across the catalog (schema HealthList).
 *
 * @public
 */
export type OpsHealthHealthList = components['schemas']['HealthList'];

/**
 * Per check: the last measurement, the last collection error and the results
 * per status (schema CheckSummary).
 *
 * @public
 */
export type OpsHealthCheckSummary = components['schemas']['CheckSummary'];

/**
 * A configured notification channel, without its secrets (schema Channel).
 *
 * @public
 */
export type OpsHealthChannel = components['schemas']['Channel'];

/**
 * The outcome of a test message sent through a channel.
 *
 * @public
 */
export type OpsHealthChannelTestResult =
  operations['TestChannel']['responses'][200]['content']['application/json'];

/**
 * Who is on call on a schedule now and next (schema OnCall).
 *
 * @public
 */
export type OpsHealthOnCall = components['schemas']['OnCall'];

/**
 * An on-call schedule from now: layers, shifts, overrides (schema Schedule).
 *
 * @public
 */
export type OpsHealthSchedule = components['schemas']['Schedule'];

/**
 * A stretch of a schedule with one person on call (schema ScheduleShift).
 *
 * @public
 */
export type OpsHealthScheduleShift = components['schemas']['ScheduleShift'];

/**
 * A shift taken instead of the rotation (schema ScheduleOverride).
 *
 * @public
 */
export type OpsHealthScheduleOverride =
  components['schemas']['ScheduleOverride'];

/**
 * The shift the caller takes.
 *
 * @public
 */
export type OpsHealthScheduleOverrideRequest =
  operations['CreateScheduleOverride']['requestBody']['content']['application/json'];

/**
 * The answer to a good acknowledge link.
 *
 * @public
 */
export type OpsHealthAcknowledgement =
  operations['AcknowledgeFromLink']['responses']['200']['content']['application/json'];
