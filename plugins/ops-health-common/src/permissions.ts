import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Manual actions on an entity's AWS resources: the replication test (canary),
 * the backup trigger and "check now" (a check measured on request). A resource permission on the catalog entity, so a
 * policy can allow it to the entity's owners.
 *
 * @public
 */
export const opsHealthActionTriggerPermission = createPermission({
  name: 'ops-health.action.trigger',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Create and expire the alert silences of an entity. A resource permission on
 * the silence's entity: a team silences its own alerts, not another's.
 *
 * @public
 */
export const opsHealthSilenceManagePermission = createPermission({
  name: 'ops-health.silence.manage',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Send a test message through a notification channel (platform admins).
 *
 * @public
 */
export const opsHealthChannelTestPermission = createPermission({
  name: 'ops-health.channel.test',
  attributes: { action: 'update' },
});

/**
 * Declare an incident on an entity. A resource permission on the catalog
 * entity: the default policy allows it to the entity's owners and admins.
 *
 * @public
 */
export const opsHealthIncidentCreatePermission = createPermission({
  name: 'ops-health.incident.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Change an incident of an entity: move it through the phases, add notes,
 * write the post-mortem. A resource permission on the incident's entity.
 *
 * @public
 */
export const opsHealthIncidentUpdatePermission = createPermission({
  name: 'ops-health.incident.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Take or give back a shift on an on-call schedule from the portal. Checked
 * besides membership: only members of the schedule's team or rotation may,
 * and a policy can narrow that further.
 *
 * @public
 */
export const opsHealthScheduleOverridePermission = createPermission({
  name: 'ops-health.schedule.override',
  attributes: { action: 'update' },
});

/**
 * Every permission of the Ops Health plugins.
 *
 * @public
 */
export const opsHealthPermissions = [
  opsHealthIncidentCreatePermission,
  opsHealthIncidentUpdatePermission,
  opsHealthActionTriggerPermission,
  opsHealthSilenceManagePermission,
  opsHealthChannelTestPermission,
  opsHealthScheduleOverridePermission,
];
