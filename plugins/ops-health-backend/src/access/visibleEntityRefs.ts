import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseRequestedRef } from './access';

/**
 * Which of the refs the caller can see, asked of the catalog in one call with
 * the caller's credentials: what is not in the answer does not exist for them.
 * With `owners`, only the entities owned by one of them (their `ownedBy`
 * relation).
 *
 * @internal
 */
export async function visibleEntityRefs(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
  options: { owners?: string[] } = {},
): Promise<Set<string>> {
  const visible = new Set<string>();
  const unique = [...new Set(refs)];
  if (unique.length === 0) return visible;
  const owners = options.owners?.length ? new Set(options.owners) : undefined;
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: unique,
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        ...(owners ? ['relations', 'spec.owner'] : []),
      ],
    },
    { credentials },
  );
  for (const entity of items) {
    if (!entity) continue;
    if (owners && !ownersOf(entity).some(owner => owners.has(owner))) {
      continue;
    }
    visible.add(stringifyEntityRef(entity));
  }
  return visible;
}

/** An entity's owners: its ownedBy relations, else its spec.owner. */
function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length > 0) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace,
        }),
      ),
    ];
  } catch {
    return [];
  }
}

/**
 * Owner filters as full refs: `platform-ops` is `group:default/platform-ops`;
 * InputError naming the one that is not a ref.
 *
 * @internal
 */
export function ownerRefs(owners: string[] | undefined): string[] | undefined {
  if (!owners?.length) return undefined;
  return owners.map(owner => {
    const ref = parseRequestedRef(owner, 'owner', 'group');
    // Owners are groups and users: an owner filter naming a component
    // matches nothing, which is the caller's mistake.
    if (!/^(group|user):/i.test(ref)) {
      throw new InputError(
        `Invalid owner '${owner}': an owner is a group or a user, e.g. group:default/team-a`,
      );
    }
    return ref;
  });
}
