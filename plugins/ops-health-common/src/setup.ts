import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OPS_HEALTH_ANNOTATIONS,
  OPS_HEALTH_ANNOTATION_DOCS,
  OPS_HEALTH_CHECK_IDS,
  OpsHealthAnnotationKey,
  OpsHealthCheckId,
} from './annotations';
import { parseOpsHealthAnnotations } from './parseAnnotations';
import type { components } from './schema/openapi.generated';

/** @public */
export type OpsHealthSetupStatus =
  components['schemas']['SetupReport']['status'];

/** @public */
export type OpsHealthAnnotationState =
  components['schemas']['SetupReport']['annotations'][number];

/**
 * Which Ops Health annotations an entity has, which checks they enable, and
 * what to add for the rest (schema SetupReport).
 *
 * @public
 */
export type OpsHealthSetupReport = components['schemas']['SetupReport'];

// What a check needs at minimum; the other annotations of a check refine it.
const CHECK_REQUIREMENTS: Record<OpsHealthCheckId, OpsHealthAnnotationKey[]> = {
  cost: ['costTags'],
  replication: ['s3Replication'],
  backup: ['backupS3', 'backupMaxAge'],
};

/**
 * Builds the setup report for an entity from its annotations.
 *
 * @public
 */
export function buildSetupReport(entity: Entity): OpsHealthSetupReport {
  const parsed = parseOpsHealthAnnotations(entity);
  const invalid = new Map(parsed.problems.map(p => [p.annotation, p.message]));

  const annotations: OpsHealthAnnotationState[] = (
    Object.keys(OPS_HEALTH_ANNOTATIONS) as OpsHealthAnnotationKey[]
  ).map(key => {
    const annotation = OPS_HEALTH_ANNOTATIONS[key];
    const value = parsed.present[key];
    const docs = OPS_HEALTH_ANNOTATION_DOCS[key];
    let state: OpsHealthAnnotationState['state'] = 'missing';
    if (invalid.has(annotation)) state = 'invalid';
    else if (value !== undefined) state = 'set';
    return {
      key,
      annotation,
      state,
      ...(value !== undefined ? { value } : {}),
      ...(invalid.has(annotation) ? { message: invalid.get(annotation) } : {}),
      description: docs.description,
      example: docs.example,
      ...(docs.check ? { check: docs.check } : {}),
    };
  });

  const checks = OPS_HEALTH_CHECK_IDS.map(id => ({
    id,
    configured: parsed.checks[id],
    missing: parsed.checks[id]
      ? []
      : CHECK_REQUIREMENTS[id]
          .filter(key => parsed.present[key] === undefined)
          .map(key => OPS_HEALTH_ANNOTATIONS[key]),
  }));

  const configuredCount = checks.filter(c => c.configured).length;
  let status: OpsHealthSetupStatus = 'partial';
  if (parsed.problems.length > 0) status = 'misconfigured';
  else if (configuredCount === checks.length) status = 'configured';
  else if (configuredCount === 0) status = 'not-configured';

  // What to add for the checks not set up, and a corrected line for each
  // malformed annotation (with what was wrong), values as placeholders.
  const keyOf = (name: string) =>
    (Object.keys(OPS_HEALTH_ANNOTATIONS) as OpsHealthAnnotationKey[]).find(
      k => OPS_HEALTH_ANNOTATIONS[k] === name,
    );
  const line = (name: string, comment?: string) => {
    const key = keyOf(name);
    const example = key ? OPS_HEALTH_ANNOTATION_DOCS[key].example : '';
    return `    ${name}: '${example}'${comment ? ` # ${comment}` : ''}`;
  };
  const lines = [
    ...parsed.problems
      .filter(p => keyOf(p.annotation))
      .map(p =>
        line(
          p.annotation,
          `fix: ${JSON.stringify(p.value).slice(0, 60)} ${p.message}`.replace(
            /\s+/g,
            ' ',
          ),
        ),
      ),
    ...checks
      .flatMap(c => c.missing)
      .filter(name => !invalid.has(name))
      .map(name => line(name)),
  ];
  const snippet =
    lines.length === 0
      ? ''
      : ['metadata:', '  annotations:', ...lines].join('\n');

  return {
    entityRef: stringifyEntityRef(entity),
    status,
    annotations,
    checks,
    problems: parsed.problems,
    snippet,
  };
}
