import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** A catalog user or group to choose, e.g. as commander or owner. */
export type CatalogPerson = {
  /** The full ref, e.g. `user:default/jane`. */
  ref: string;
  /** `Jane Doe (user:default/jane)`, or the ref without a display name. */
  label: string;
  /** `Jane Doe`, or the ref without a display name: where space is short. */
  name: string;
};

function personLabel(entity: Entity): string {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
  const ref = stringifyEntityRef(entity);
  return profile.displayName ? `${profile.displayName} (${ref})` : ref;
}

/**
 * The catalog's users (and groups, when asked), by name, for pickers; the
 * `keep` refs stay among the options even when the catalog does not list
 * them (any more), or while the list loads.
 *
 * @internal
 */
export function useCatalogPeople(options: {
  kinds: Array<'User' | 'Group'>;
  keep?: Array<string | undefined>;
}) {
  const catalogApi = useApi(catalogApiRef);
  const kinds = options.kinds.join(',');
  const state = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: kinds.split(',') },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'spec.profile'],
      order: [
        { field: 'kind', order: 'desc' },
        { field: 'metadata.name', order: 'asc' },
      ],
    });
    return items.map(item => ({
      ref: stringifyEntityRef(item),
      label: personLabel(item),
      name:
        (item.spec?.profile as { displayName?: string } | undefined)
          ?.displayName || stringifyEntityRef(item),
    }));
  }, [catalogApi, kinds]);
  const people: CatalogPerson[] = [...(state.value ?? [])];
  for (const ref of options.keep ?? []) {
    if (ref && !people.some(p => p.ref === ref)) {
      people.unshift({ ref, label: ref, name: ref });
    }
  }
  return { people, loading: state.loading, error: state.error };
}
