import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import {
  OPS_HEALTH_ANNOTATIONS,
  parseOpsHealthAnnotations,
} from '@ops-health/backstage-plugin-ops-health-common';
import { isSafeLink } from '@ops-health/backstage-plugin-ops-health-common';
import { RunbookConfig } from './config';

/**
 * Where an entity's runbook is, for one check.
 *
 * @internal
 */
export type RunbookLink = {
  /** An http(s) URL, or a portal path (`/docs/<namespace>/<kind>/<name>/`). */
  url: string;
  /** Where it came from: the `ops-health/runbook` annotation, a `metadata.links` entry of type `runbook`, or `opsHealth.runbook.defaultUrl`. */
  source: 'annotation' | 'link' | 'config';
  /** The section anchor appended to the URL, when the check has one. */
  section?: string;
  /** A runbook the entity names but that is unusable (it was skipped for this one). */
  error?: string;
};

/**
 * The runbook of an entity, pointed at the section of a check (`cost`,
 * `replication`, `backup`, `incident`, ...).
 *
 * Sources, first usable wins: the `ops-health/runbook` annotation (a URL as
 * is; a TechDocs entity ref, default kind Component and default namespace
 * the entity's, becomes the portal path `/docs/<namespace>/<kind>/<name>/`);
 * a `metadata.links` entry of type `runbook`; `opsHealth.runbook.defaultUrl`.
 * The check's section replaces any fragment the URL had.
 *
 * A malformed annotation or link does not hide a usable runbook: resolution
 * goes on to the next source, and the result carries the problem in `error`
 * for the caller to show. When no source is usable the result is `{ error }`
 * if something was malformed, else undefined (no runbook configured at all).
 *
 * @internal
 */
export function resolveRunbook(
  entity: Entity,
  checkId: string | undefined,
  config: RunbookConfig,
): RunbookLink | { error: string } | undefined {
  const problems: string[] = [];
  const section =
    checkId !== undefined ? sectionOf(checkId, config.sections) : undefined;

  const found =
    fromAnnotation(entity, problems) ??
    fromLinks(entity, problems) ??
    (config.defaultUrl
      ? { url: config.defaultUrl, source: 'config' as const }
      : undefined);

  const error = problems.length ? problems.join('; ') : undefined;
  if (!found) return error ? { error } : undefined;
  return {
    url: section ? withFragment(found.url, section) : found.url,
    source: found.source,
    ...(section ? { section } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * The section of a check, or of a check's part (`replication-canary`) the
 * section of its check when it has none of its own.
 */
function sectionOf(
  checkId: string,
  sections: Record<string, string>,
): string | undefined {
  for (
    let id = checkId;
    id;
    id = id.slice(0, Math.max(0, id.lastIndexOf('-')))
  ) {
    if (Object.prototype.hasOwnProperty.call(sections, id)) return sections[id];
  }
  return undefined;
}

function fromAnnotation(
  entity: Entity,
  problems: string[],
): Omit<RunbookLink, 'section' | 'error'> | undefined {
  const annotation = OPS_HEALTH_ANNOTATIONS.runbook;
  const parsed = parseOpsHealthAnnotations(entity);
  if (parsed.present.runbook === undefined) return undefined;

  const problem = parsed.problems.find(p => p.annotation === annotation);
  if (problem || parsed.runbook === undefined) {
    problems.push(
      `Annotation ${annotation} '${parsed.present.runbook}': ${
        problem?.message ?? 'invalid'
      }`,
    );
    return undefined;
  }
  const value = parsed.runbook;
  if (/^https?:\/\//i.test(value)) {
    return { url: value, source: 'annotation' };
  }
  const ref = parseEntityRef(value, {
    defaultKind: 'component',
    defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
  });
  const path = [ref.namespace, ref.kind]
    .map(s => encodeURIComponent(s.toLocaleLowerCase('en-US')))
    .concat(encodeURIComponent(ref.name))
    .join('/');
  return { url: `/docs/${path}/`, source: 'annotation' };
}

function fromLinks(
  entity: Entity,
  problems: string[],
): Omit<RunbookLink, 'section' | 'error'> | undefined {
  for (const link of entity.metadata.links ?? []) {
    if (link.type?.toLocaleLowerCase('en-US') !== 'runbook') continue;
    const url = typeof link.url === 'string' ? link.url.trim() : '';
    if (isSafeLink(url)) return { url, source: 'link' };
    problems.push(
      `Runbook link '${link.url}': expected an http(s) URL or a portal path`,
    );
  }
  return undefined;
}

function withFragment(url: string, section: string): string {
  const hash = url.indexOf('#');
  const base = hash === -1 ? url : url.slice(0, hash);
  return `${base}#${encodeURIComponent(section)}`;
}
