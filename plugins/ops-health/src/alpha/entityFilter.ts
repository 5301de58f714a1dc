import { Entity } from '@backstage/catalog-model';
import { isAwsAccountEntity } from '@ops-health/backstage-plugin-ops-health-common';

/**
 * The entities whose pages carry Ops Health: components, and AWS accounts
 * (Resources of type aws-account, with their compliance and access posture).
 */
export function isOpsHealthEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' ||
    isAwsAccountEntity(entity)
  );
}
