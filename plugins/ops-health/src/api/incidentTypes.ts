import type {
  OpsHealthApiComponents as components,
  OpsHealthApiOperations as operations,
} from '@ops-health/backstage-plugin-ops-health-common';

/**
 * A phase of incident handling; `closed` comes last (schema IncidentPhase).
 *
 * @public
 */
export type OpsHealthIncidentPhase = components['schemas']['IncidentPhase'];

/**
 * How bad an incident is, SEV1 the worst (schema IncidentSeverity).
 *
 * @public
 */
export type OpsHealthIncidentSeverity =
  components['schemas']['IncidentSeverity'];

/**
 * The post-mortem of an incident (schema Postmortem).
 *
 * @public
 */
export type OpsHealthPostmortem = components['schemas']['Postmortem'];

/**
 * One action item of a post-mortem.
 *
 * @public
 */
export type OpsHealthPostmortemActionItem = NonNullable<
  OpsHealthPostmortem['actionItems']
>[number];

/**
 * An incident (schema Incident).
 *
 * @public
 */
export type OpsHealthIncident = components['schemas']['Incident'];

/**
 * One event of an incident's timeline (schema IncidentEvent). `data` holds
 * what the event type records, e.g. an escalation's level, targets and
 * channels.
 *
 * @public
 */
export type OpsHealthIncidentEvent = Omit<
  components['schemas']['IncidentEvent'],
  'data'
> & {
  // The spec declares `data` as a bare object, which the generator types as
  // an object without keys.
  data?: { [key: string]: unknown };
};

/**
 * A phase an incident may move to from its current one.
 *
 * @public
 */
export type OpsHealthIncidentTransition =
  components['schemas']['IncidentDetails']['allowedTransitions'][number];

/**
 * An incident with its timeline, linked alerts and allowed moves (schema
 * IncidentDetails).
 *
 * @public
 */
export type OpsHealthIncidentDetails = Omit<
  components['schemas']['IncidentDetails'],
  'events'
> & {
  events: OpsHealthIncidentEvent[];
};

/**
 * Which incidents to list (query of ListIncidents).
 *
 * @public
 */
export type OpsHealthIncidentListOptions = NonNullable<
  operations['ListIncidents']['parameters']['query']
>;

/**
 * An incident to declare (request of CreateIncident).
 *
 * @public
 */
export type OpsHealthIncidentRequest =
  operations['CreateIncident']['requestBody']['content']['application/json'];

/**
 * A phase change (request of TransitionIncident): `version` is the version
 * of the incident the caller saw.
 *
 * @public
 */
export type OpsHealthIncidentTransitionRequest =
  operations['TransitionIncident']['requestBody']['content']['application/json'];

/**
 * A change of commander (a user entity ref; null removes it) and/or
 * severity (request of UpdateIncident): `version` is the version of the
 * incident the caller saw.
 *
 * @public
 */
export type OpsHealthIncidentUpdateRequest =
  operations['UpdateIncident']['requestBody']['content']['application/json'];

/**
 * A note for the timeline (request of AddIncidentNote).
 *
 * @public
 */
export type OpsHealthIncidentNoteRequest =
  operations['AddIncidentNote']['requestBody']['content']['application/json'];

/**
 * A post-mortem to write (request of UpdateIncidentPostmortem).
 *
 * @public
 */
export type OpsHealthPostmortemRequest =
  operations['UpdateIncidentPostmortem']['requestBody']['content']['application/json'];

/**
 * MTTA and MTTR of the incidents detected in a period (schema
 * IncidentMetrics).
 *
 * @public
 */
export type OpsHealthIncidentMetrics = components['schemas']['IncidentMetrics'];

/**
 * The period and entity of incident metrics (query of GetIncidentMetrics).
 *
 * @public
 */
export type OpsHealthIncidentMetricsOptions = NonNullable<
  operations['GetIncidentMetrics']['parameters']['query']
>;
