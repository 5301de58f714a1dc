import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Whether a link from config or an annotation may be rendered or sent: an
 * http(s) URL, or a path in the portal that starts with a single `/`.
 * Anything else — `javascript:` and `data:` URLs, protocol-relative `//host`
 * and `/\host` (which browsers read as `//host`), relative paths — is not.
 *
 * @public
 */
export function isSafeLink(value: string): boolean {
  if (value.startsWith('/')) return !/^\/[/\\]/.test(value);
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The link, when {@link isSafeLink} accepts it; undefined otherwise.
 *
 * @public
 */
export function safeLink(value: unknown): string | undefined {
  return typeof value === 'string' && isSafeLink(value.trim())
    ? value.trim()
    : undefined;
}

/**
 * The path of an entity's page in the portal,
 * `/catalog/<namespace>/<kind>/<name>` (`/catalog` for a malformed ref).
 *
 * @public
 */
export function entityPagePath(entityRef: string): string {
  try {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    return `/catalog/${encodeURIComponent(
      namespace.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(
      kind.toLocaleLowerCase('en-US'),
    )}/${encodeURIComponent(name)}`;
  } catch {
    return '/catalog';
  }
}

/**
 * The path of an incident's page: on its entity's Operations tab.
 *
 * @public
 */
export function incidentPagePath(incident: {
  id: string;
  entityRef: string;
}): string {
  return `${entityPagePath(
    incident.entityRef,
  )}/ops-health/incidents/${encodeURIComponent(incident.id)}`;
}

/**
 * The id of the Operations tab section that shows a check, used as the
 * fragment of links to it: `ops-health-cost`, `ops-health-replication` (also
 * for `replication-canary`), `ops-health-backup`; `ops-health-<checkId>` for
 * a check added by a module.
 *
 * @public
 */
export function checkSectionId(checkId: string): string {
  const section = checkId === 'replication-canary' ? 'replication' : checkId;
  return `ops-health-${section.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * The path of the Operations tab section of a check of an entity, e.g.
 * `/catalog/default/component/checkout/ops-health#ops-health-cost`.
 *
 * @public
 */
export function checkSectionPath(entityRef: string, checkId: string): string {
  return `${entityPagePath(entityRef)}/ops-health#${checkSectionId(checkId)}`;
}
