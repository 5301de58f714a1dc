import { Entity } from '@backstage/catalog-model';

/**
 * Whether the entity models an AWS account (a Resource of type
 * aws-account): its pages show the account's posture rather than the
 * services' cost, replication and backup setup.
 *
 * @internal
 */
export function isAwsAccountEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type === 'aws-account'
  );
}
