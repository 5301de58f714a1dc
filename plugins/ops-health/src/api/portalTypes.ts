import type {
  OpsHealthApiComponents as components,
  OpsHealthApiOperations as operations,
} from '@ops-health/backstage-plugin-ops-health-common';

type Schemas = components['schemas'];

/**
 * A catalog user or group and how to reach it (schema Contact). Groups of an
 * escalation level carry their member users.
 *
 * @public
 */
export type OpsHealthContact = Schemas['Contact'];

/**
 * Who to reach about an entity: its owner, the escalation chain of its policy
 * and the primary DevOps contact (schema Contacts).
 *
 * @public
 */
export type OpsHealthContacts = Schemas['Contacts'];

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
export type OpsHealthHealthList = Schemas['HealthList'];

/**
 * Per check: the last measurement, the last collection error and the results
 * per status (schema CheckSummary).
 *
 * @public
 */
export type OpsHealthCheckSummary = Schemas['CheckSummary'];

/**
 * A configured notification channel, without its secrets (schema Channel).
 *
 * @public
 */
export type OpsHealthChannel = Schemas['Channel'];

/**
 * The outcome of a test message sent through a channel.
 *
 * @public
 */
export type OpsHealthChannelTestResult =
  operations['TestChannel']['responses'][200]['content']['application/json'];
