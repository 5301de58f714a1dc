import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The full ref of an entity's owner (`spec.owner`, kind `group` and the
 * entity's namespace by default), or undefined when it has none or it is
 * malformed.
 *
 * @public
 */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The name part of an entity ref, for people (`checkout-service` for
 * `component:default/checkout-service`); the ref itself when malformed.
 *
 * @public
 */
export function entityNameOf(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/**
 * The `spec.type` of a catalog Resource that models an AWS account.
 *
 * @public
 */
export const AWS_ACCOUNT_ENTITY_TYPE = 'aws-account';

/**
 * Whether the entity models an AWS account (a Resource of type
 * `aws-account`): the posture check reads it, and its pages show the
 * account's posture rather than a service's cost, replication and backups.
 *
 * @public
 */
export function isAwsAccountEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type ===
      AWS_ACCOUNT_ENTITY_TYPE
  );
}

const SCHEDULE_TARGET_PREFIX = 'schedule:';

/**
 * The escalation target that pages whoever is on call on the named
 * schedule (`schedule:<name>`), beside the user and group refs a level
 * may also target.
 *
 * @public
 */
export function scheduleTarget(name: string): string {
  return `${SCHEDULE_TARGET_PREFIX}${name}`;
}

/**
 * The schedule's name when the escalation target is an on-call schedule
 * (`schedule:<name>`); undefined for a user or group ref.
 *
 * @public
 */
export function scheduleNameOf(target: string): string | undefined {
  return target.startsWith(SCHEDULE_TARGET_PREFIX)
    ? target.slice(SCHEDULE_TARGET_PREFIX.length)
    : undefined;
}
