import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Manual actions on an entity's AWS resources: the replication test (canary)
 * and the backup trigger. A resource permission on the catalog entity, so a
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
 * Create and expire alert silences.
 *
 * @public
 */
export const opsHealthSilenceManagePermission = createPermission({
  name: 'ops-health.silence.manage',
  attributes: { action: 'update' },
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
 * Every permission of the Ops Health plugins.
 *
 * @public
 */
export const opsHealthPermissions = [
  opsHealthActionTriggerPermission,
  opsHealthSilenceManagePermission,
  opsHealthChannelTestPermission,
];
