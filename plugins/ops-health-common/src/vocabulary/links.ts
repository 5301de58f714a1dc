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
