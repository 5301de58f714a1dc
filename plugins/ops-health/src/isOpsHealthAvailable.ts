import { Entity } from '@backstage/catalog-model';
import { OPS_HEALTH_ANNOTATIONS } from '@ops-health/backstage-plugin-ops-health-common';

/**
 * Whether the entity has any Ops Health annotation.
 *
 * @public
 */
export function isOpsHealthAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Object.values(OPS_HEALTH_ANNOTATIONS).some(a =>
    Boolean(annotations[a]),
  );
}
