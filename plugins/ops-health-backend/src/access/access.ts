import {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/**
 * Who asks, and the HTTP request when there is one (for the auditor).
 *
 * @internal
 */
export interface Caller {
  credentials: BackstageCredentials;
  request?: Request<any, any, any, any, any>;
}

/**
 * The entity ref of a principal: the user entity, `service:<subject>`, or
 * the principal type.
 *
 * @internal
 */
export function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.userEntityRef ?? (p.subject ? `service:${p.subject}` : p.type);
}

/**
 * Whether two full entity refs name the same entity: the catalog matches
 * refs without regard to case (`user:default/Alice` is `user:default/alice`).
 *
 * @internal
 */
export function sameEntityRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/**
 * What each part of an entity ref may hold, as the spec's address
 * parameters and the catalog's own refs: the rule a client is told.
 *
 * @internal
 */
export const ENTITY_REF_RULES = {
  kind: {
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    maxLength: 64,
    rule: "a letter, then letters, digits and '-' (at most 64), e.g. component",
  },
  namespace: {
    pattern: /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$/,
    maxLength: 64,
    rule: "letters, digits and '-', '_', '.' between them (at most 64), e.g. default",
  },
  name: {
    pattern: /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$/,
    maxLength: 253,
    rule: "letters, digits and '-', '_', '.' between them (at most 253), e.g. checkout-service",
  },
} as const;

function badRefPart(ref: { kind: string; namespace: string; name: string }) {
  return (['kind', 'namespace', 'name'] as const).find(
    part =>
      ref[part].length > ENTITY_REF_RULES[part].maxLength ||
      !ENTITY_REF_RULES[part].pattern.test(ref[part]),
  );
}

/**
 * An entity ref from a request in its full form; InputError when malformed
 * or when a part could not be a catalog entity's (`garbage:::` names no
 * entity: a filter by it is a mistake, not an empty answer).
 *
 * @internal
 */
export function parseRequestedRef(
  ref: string,
  what = 'entityRef',
  defaultKind?: string,
): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, defaultKind ? { defaultKind } : undefined);
  } catch (error) {
    throw new InputError(
      `Invalid ${what} '${ref}': ${(error as Error).message}`,
    );
  }
  const part = badRefPart(parsed);
  if (part) {
    throw new InputError(
      `Invalid ${what} '${ref}': its ${part} '${parsed[part]}' is not a catalog entity's ${part}: ${ENTITY_REF_RULES[part].rule}`,
    );
  }
  return stringifyEntityRef(parsed);
}

/**
 * The ref a request names, as a string or as kind, namespace and name;
 * InputError when the string is not a ref.
 *
 * @internal
 */
export function requestedRef(
  entityRef: string | { kind: string; namespace: string; name: string },
): string {
  return typeof entityRef === 'string'
    ? parseRequestedRef(entityRef)
    : stringifyEntityRef(entityRef);
}

/**
 * The entity as the caller sees it, asked of the catalog with the caller's
 * credentials: an entity the caller may not see answers exactly like one
 * that does not exist (NotFoundError).
 *
 * @internal
 */
export async function getVisibleEntity(
  catalog: CatalogService,
  entityRef: string | { kind: string; namespace: string; name: string },
  credentials: BackstageCredentials,
): Promise<{ entity: Entity; entityRef: string }> {
  const ref = requestedRef(entityRef);
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) throw new NotFoundError(`Entity ${ref} not found`);
  return { entity, entityRef: stringifyEntityRef(entity) };
}

/**
 * Throws NotAllowedError unless the caller has the permission, on the
 * entity for a resource permission.
 *
 * @internal
 */
export async function authorize(
  permissions: PermissionsService,
  request:
    | { permission: BasicPermission }
    | {
        permission: ResourcePermission<'catalog-entity'>;
        resourceRef: string;
      },
  credentials: BackstageCredentials,
  what: string,
  /** Who may, said after the refusal. */
  hint?: string,
): Promise<void> {
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    const on = 'resourceRef' in request ? ` on ${request.resourceRef}` : '';
    throw new NotAllowedError(
      `You are not allowed to ${what}${on} (permission ${
        request.permission.name
      })${hint ? `; ${hint}` : ''}`,
    );
  }
}

/**
 * Whether the caller has a resource permission on the entity.
 *
 * @internal
 */
export async function isAllowed(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Runs a mutation as one auditor event: opened before anything is looked
 * up, with the actor; `run` adds what it learns (the entity, the incident)
 * to `meta`, denied and failed attempts included.
 *
 * @internal
 */
export async function audited<T>(
  auditor: AuditorService,
  options: {
    eventId: string;
    caller: Caller;
    meta?: JsonObject;
    severityLevel?: 'low' | 'medium' | 'high' | 'critical';
    /** A result that is an answer to the caller but a failed event. */
    failureOf?: (result: T) => Error | undefined;
  },
  run: (meta: JsonObject) => Promise<T>,
): Promise<T> {
  const meta: JsonObject = {
    actor: principalRef(options.caller.credentials),
    ...options.meta,
  };
  const event: AuditorServiceEvent = await auditor.createEvent({
    eventId: options.eventId,
    severityLevel: options.severityLevel ?? 'medium',
    ...(options.caller.request ? { request: options.caller.request } : {}),
    meta: { ...meta },
  });
  let result: T;
  try {
    result = await run(meta);
  } catch (error) {
    await event.fail({ error: error as Error, meta });
    throw error;
  }
  const failure = options.failureOf?.(result);
  if (failure) await event.fail({ error: failure, meta });
  else await event.success({ meta });
  return result;
}

/**
 * Throws NotAllowedError unless the caller is a user, or a service named in
 * `allowedServices`: the permission framework allows every service
 * principal, and a manual action on AWS resources needs someone to answer
 * for it.
 *
 * @internal
 */
export function requireUserOrAllowedService(
  credentials: BackstageCredentials,
  allowedServices: string[],
  what: string,
): void {
  const principal = credentials.principal as { type: string; subject?: string };
  if (principal.type === 'user') return;
  if (
    principal.type === 'service' &&
    principal.subject &&
    allowedServices.includes(principal.subject)
  ) {
    return;
  }
  throw new NotAllowedError(
    `Only users may ${what}; a service may when opsHealth.actions.allowedServices names it (this one is ${principalRef(
      credentials,
    )})`,
  );
}
