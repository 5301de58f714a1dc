import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Which of the refs the caller can see, asked of the catalog in one call with
 * the caller's credentials: what is not in the answer does not exist for them.
 *
 * @internal
 */
export async function visibleEntityRefs(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const visible = new Set<string>();
  const unique = [...new Set(refs)];
  if (unique.length === 0) return visible;
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: unique,
      fields: ['kind', 'metadata.namespace', 'metadata.name'],
    },
    { credentials },
  );
  for (const entity of items) {
    if (entity) visible.add(stringifyEntityRef(entity));
  }
  return visible;
}
