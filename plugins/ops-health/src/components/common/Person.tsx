import { EntityRefLink } from '@backstage/plugin-catalog-react';

/** The actor the backend records for what its automation does. */
const AUTOMATION = new Set(['ops-health:automation', 'ops-health']);

/**
 * A person or team by their catalog display name, linked to their catalog
 * page; the automation as "Ops Health"; anything else (a service principal)
 * as recorded.
 *
 * @internal
 */
export function Person({ entityRef }: { entityRef: string }) {
  if (AUTOMATION.has(entityRef)) return <>Ops Health</>;
  if (!/^(user|group):/i.test(entityRef)) return <>{entityRef}</>;
  return <EntityRefLink entityRef={entityRef} />;
}
