import { Knex } from 'knex';
import {
  isIncidentPhase,
  isIncidentSeverity,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { checkPlanDay } from '../instants';
import { requestDigest } from '../requestDigest';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  opsHealthIncidentCreatePermission,
  opsHealthIncidentUpdatePermission,
} from '@ops-health/backstage-plugin-ops-health-common';
import {
  Incident,
  IncidentDetails,
  TimelinePage,
  IncidentCreateKeyTakenError,
  IncidentEvent,
  IncidentStore,
} from './IncidentStore';
import { MttaMttr } from './metrics';
import {
  audited,
  authorize,
  Caller,
  getVisibleEntity,
  principalRef,
} from '../access/access';
import { ownerRefs, visibleEntityRefs } from '../access/visibleEntityRefs';
import {
  IncidentPhase,
  IncidentSeverity,
  Postmortem,
  allowedTransitions,
} from './workflow';

/** The kinds of entity an incident is declared on: not people or places. */
const INCIDENT_KINDS = new Set([
  'component',
  'resource',
  'system',
  'api',
  'domain',
]);

/** @internal */
export type IncidentCaller = Caller;

/** What an incident is declared with. @internal */
export type IncidentDeclaration = {
  entityRef: string;
  title: string;
  severity: string;
  commander?: string;
  note?: string;
};

/**
 * Incidents as the API and the actions registry see them: every read goes
 * through the catalog with the caller's credentials (an incident of an
 * entity the caller cannot see does not exist for them), every mutation
 * checks its permission on the incident's entity and is an auditor event,
 * denied attempts included.
 *
 * @internal
 */
export class IncidentService {
  constructor(
    private readonly options: {
      store: IncidentStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      auditor: AuditorService;
      /** The escalation policy of a new incident of the entity. */
      escalationPolicyFor?: (entity: Entity) => string | undefined;
      /**
       * Tells a user that someone else handed them command of an incident;
       * runs in the transaction of the change.
       */
      notifyCommander?: (
        tx: Knex.Transaction,
        change: { incident: Incident; actor: string; note?: string },
      ) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  /** The entity, as the caller sees it; NotFoundError otherwise. */
  async getEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    return (
      await getVisibleEntity(this.options.catalog, entityRef, credentials)
    ).entity;
  }

  private visible(
    refs: string[],
    credentials: BackstageCredentials,
    owners?: string[],
  ) {
    return visibleEntityRefs(this.options.catalog, refs, credentials, {
      owners,
    });
  }

  async list(
    caller: IncidentCaller,
    filter: {
      entityRef?: string;
      owners?: string[];
      phases?: string[];
      limit?: number;
      offset?: number;
    },
  ): Promise<{ items: Incident[]; totalCount: number }> {
    const owners = ownerRefs(filter.owners);
    const phases = filter.phases?.map(phase => {
      if (!isIncidentPhase(phase)) {
        throw new InputError(
          `Unknown incident phase '${phase}'; expected detection, assessment, containment, eradication, recovery, lessons-learned or closed`,
        );
      }
      return phase;
    });
    let entityRef: string | undefined;
    if (filter.entityRef) {
      entityRef = stringifyEntityRef(
        await this.getEntity(filter.entityRef, caller.credentials),
      );
    }
    // Visibility first, then the limit: a page is never short because of
    // entities the caller cannot see.
    const entityRefs = [
      ...(await this.visible(
        entityRef
          ? [entityRef]
          : await this.options.store.listIncidentEntityRefs({ phases }),
        caller.credentials,
        owners,
      )),
    ];
    return this.options.store.page({
      entityRefs,
      phases,
      limit: Math.min(Math.max(filter.limit ?? 100, 1), 1000),
      offset: Math.max(filter.offset ?? 0, 0),
    });
  }

  async get(
    caller: IncidentCaller,
    id: string,
    options: { events?: Pick<TimelinePage, 'limit'> } = {},
  ): Promise<IncidentDetails> {
    const incident = await this.options.store.get(id, options);
    if (
      !incident ||
      !(await this.visible([incident.entityRef], caller.credentials)).has(
        incident.entityRef,
      )
    ) {
      throw new NotFoundError(`No incident ${id}`);
    }
    return incident;
  }

  /** A page of a visible incident's timeline, oldest first. */
  async listEvents(caller: IncidentCaller, id: string, page: TimelinePage) {
    await this.get(caller, id, { events: { limit: 1 } });
    const found = await this.options.store.listEvents(id, page);
    // Events are never deleted: a cursor that is not one of this
    // incident's is a client's mistake, not the end of the timeline.
    if (!found) {
      throw new InputError(
        `before=${page.before} is not an event of incident ${id}: give the id of the oldest event already shown (each event's id)`,
      );
    }
    return found;
  }

  async metrics(
    caller: IncidentCaller,
    options: {
      entityRef?: string;
      owners?: string[];
      from: Date;
      to: Date;
      /** `to` was not given: it is now. */
      toIsNow?: boolean;
    },
  ): Promise<MttaMttr> {
    const owners = ownerRefs(options.owners);
    if (!(options.from.getTime() < options.to.getTime())) {
      throw new InputError(
        `The period is empty: from (${options.from.toISOString()}) must be before to (${options.to.toISOString()})${
          options.toIsNow ? '; to was left out, so it is now' : ''
        }`,
      );
    }
    // Only incidents of entities the caller can see are counted.
    const entityRefs = [
      ...(await this.visible(
        options.entityRef
          ? [
              stringifyEntityRef(
                await this.getEntity(options.entityRef, caller.credentials),
              ),
            ]
          : await this.options.store.listIncidentEntityRefs({
              detectedFrom: options.from,
              detectedTo: options.to,
            }),
        caller.credentials,
        owners,
      )),
    ];
    return this.options.store.metrics({
      from: options.from,
      to: options.to,
      entityRefs,
    });
  }

  async create(
    caller: IncidentCaller,
    input: IncidentDeclaration,
  ): Promise<Incident> {
    return (await this.declare(caller, input)).incident;
  }

  /**
   * Declares an incident, once per `createKey` (the request's
   * Idempotency-Key) of the caller: the same key again answers with the
   * incident it declared (`replayed`), whether the first request finished
   * long ago or runs at the same moment; the same key with another entity,
   * title or severity is a 409.
   */
  async declare(
    caller: IncidentCaller,
    input: IncidentDeclaration,
    createKey?: string,
  ): Promise<{ incident: Incident; replayed: boolean }> {
    return this.audited(
      caller,
      'incident-create',
      { entityRef: input.entityRef, severity: input.severity },
      async audit => {
        const entity = await this.getEntity(
          input.entityRef,
          caller.credentials,
        );
        const entityRef = stringifyEntityRef(entity);
        audit.entityRef = entityRef;
        if (!INCIDENT_KINDS.has(entity.kind.toLocaleLowerCase('en-US'))) {
          throw new InputError(
            `Incidents are declared on components, resources, systems, APIs and domains, not on a ${entity.kind} (${entityRef})`,
          );
        }
        await this.authorize(
          opsHealthIncidentCreatePermission,
          entityRef,
          caller.credentials,
          'declare incidents',
        );
        if (!isIncidentSeverity(input.severity)) {
          throw new InputError(
            `Unknown incident severity '${input.severity}'; expected SEV1, SEV2, SEV3 or SEV4`,
          );
        }
        const actor = principalRef(caller.credentials);
        // What the request asked, as sent (the entity as the catalog names
        // it): the same key with anything else is another request.
        const request = requestDigest([
          entityRef,
          input.title,
          input.severity,
          input.commander ?? null,
          input.note ?? null,
        ]);
        const replay = async (key: string) => {
          const found = await this.options.store.findByCreateKey(actor, key);
          if (!found) return undefined;
          const earlier = found.incident;
          if (found.request !== request) {
            throw new ConflictError(
              `You already declared incident ${earlier.id} ('${earlier.title}', ${earlier.severity} on ${earlier.entityRef}) with the Idempotency-Key ${key}, with other fields than this request's; send a new key for a new incident`,
            );
          }
          audit.incidentId = earlier.id;
          audit.replayed = true;
          return { incident: earlier, replayed: true };
        };
        if (createKey) {
          const earlier = await replay(createKey);
          if (earlier) return earlier;
        }
        const now = this.now();
        try {
          const incident = await this.options.store.create({
            entityRef,
            title: input.title,
            severity: input.severity as IncidentSeverity,
            commander:
              input.commander !== undefined
                ? await this.catalogUser(input.commander, caller.credentials)
                : undefined,
            createdBy: actor,
            escalationPolicy: this.options.escalationPolicyFor?.(entity),
            note: input.note,
            createKey,
            createRequest: request,
            now,
          });
          audit.incidentId = incident.id;
          return { incident, replayed: false };
        } catch (error) {
          // The same request at the same moment, which declared it first.
          if (createKey && error instanceof IncidentCreateKeyTakenError) {
            const earlier = await replay(createKey);
            if (earlier) return earlier;
          }
          throw error;
        }
      },
    );
  }

  async transition(
    caller: IncidentCaller,
    id: string,
    input: { to: string; expectedVersion: number; note?: string },
  ): Promise<Incident> {
    return this.mutate(
      caller,
      id,
      'incident-transition',
      { to: input.to },
      async incident => {
        if (!isIncidentPhase(input.to)) {
          throw new InputError(
            `Unknown incident phase '${input.to}'; allowed from ${
              incident.phase
            }: ${allowedTransitions(incident.phase)
              .map(t => t.to)
              .join(', ')}`,
          );
        }
        return this.options.store.transition(id, {
          to: input.to as IncidentPhase,
          expectedVersion: input.expectedVersion,
          actor: principalRef(caller.credentials),
          note: input.note,
          now: this.now(),
        });
      },
    );
  }

  async addNote(
    caller: IncidentCaller,
    id: string,
    input: { note: string; expectedVersion?: number },
  ): Promise<IncidentEvent> {
    return this.mutate(caller, id, 'incident-note', {}, async () =>
      this.options.store.addNote(id, {
        note: input.note,
        expectedVersion: input.expectedVersion,
        actor: principalRef(caller.credentials),
        now: this.now(),
      }),
    );
  }

  /**
   * Changes the commander (a user in the catalog, or null to remove) and/or
   * the severity.
   */
  async update(
    caller: IncidentCaller,
    id: string,
    input: {
      commander?: string | null;
      severity?: string;
      note?: string;
      expectedVersion: number;
    },
  ): Promise<Incident> {
    return this.mutate(
      caller,
      id,
      'incident-update',
      {
        ...(input.commander !== undefined
          ? { commander: input.commander }
          : {}),
        ...(input.severity ? { severity: input.severity } : {}),
      },
      async () => {
        if (input.commander === undefined && input.severity === undefined) {
          throw new InputError(
            'Nothing to change: send commander (a user entity ref, or null) and/or severity; a note alone goes on the timeline with POST /incidents/{id}/notes',
          );
        }
        if (
          input.severity !== undefined &&
          !isIncidentSeverity(input.severity)
        ) {
          throw new InputError(
            `Unknown incident severity '${input.severity}'; expected SEV1, SEV2, SEV3 or SEV4`,
          );
        }
        let commander = input.commander;
        if (commander) {
          commander = await this.catalogUser(commander, caller.credentials);
        }
        const actor = principalRef(caller.credentials);
        const notify = this.options.notifyCommander;
        return this.options.store.update(id, {
          commander,
          severity: input.severity as IncidentSeverity | undefined,
          note: input.note,
          expectedVersion: input.expectedVersion,
          actor,
          now: this.now(),
          // Taking command yourself, or stepping down, tells nobody.
          onCommanderChange:
            notify && commander && commander !== actor
              ? (tx, incident) =>
                  notify(tx, { incident, actor, note: input.note })
              : undefined,
        });
      },
    );
  }

  /** The ref of a user the caller can see in the catalog; InputError otherwise. */
  private async catalogUser(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<string> {
    return this.catalogPrincipal(ref, credentials, 'The commander', ['user']);
  }

  /**
   * The normalized ref of a catalog entity of one of `kinds` that the caller
   * can see; InputError naming `role` otherwise.
   */
  private async catalogPrincipal(
    ref: string,
    credentials: BackstageCredentials,
    role: string,
    kinds: Array<'user' | 'group'>,
  ): Promise<string> {
    const example = kinds.includes('group')
      ? 'user:default/jane or group:default/team-a'
      : 'user:default/jane';
    let normalized: string;
    try {
      normalized = stringifyEntityRef(
        parseEntityRef(ref.trim(), { defaultKind: 'user' }),
      );
    } catch (error) {
      throw new InputError(
        `${role} '${ref}' is not an entity ref: ${
          (error as Error).message
        }; use ${example}`,
      );
    }
    const kind = normalized.slice(0, normalized.indexOf(':'));
    // A bare name where a user or a group may go: whichever of the two the
    // catalog has (as an owner filter reads a bare name as a group, and a
    // commander as a user, neither is assumed here).
    if (!ref.includes(':') && kinds.length > 1) {
      const candidates = kinds.map(k =>
        stringifyEntityRef(parseEntityRef(ref.trim(), { defaultKind: k })),
      );
      const found = [];
      for (const candidate of candidates) {
        if (
          await this.options.catalog.getEntityByRef(candidate, { credentials })
        ) {
          found.push(candidate);
        }
      }
      if (found.length === 1) return found[0];
      throw new InputError(
        found.length
          ? `${role} '${ref}' names both ${found.join(
              ' and ',
            )}: write which, e.g. ${found[0]}`
          : `${role} '${ref}' is not a ${kinds.join(
              ' or ',
            )} in the catalog (looked for ${candidates.join(
              ' and ',
            )}); use ${example}`,
      );
    }
    if (!(kinds as string[]).includes(kind)) {
      throw new InputError(
        `${role} must be a ${kinds.join(
          ' or ',
        )}, like ${example}; got ${normalized}`,
      );
    }
    const entity = await this.options.catalog.getEntityByRef(normalized, {
      credentials,
    });
    if (!entity) {
      throw new InputError(
        `${role} ${normalized} is not a ${kinds.join(' or ')} in the catalog`,
      );
    }
    return normalized;
  }

  async updatePostmortem(
    caller: IncidentCaller,
    id: string,
    input: { postmortem: Postmortem; expectedVersion: number },
  ): Promise<Incident> {
    return this.mutate(caller, id, 'incident-postmortem', {}, async () => {
      for (const [i, item] of (input.postmortem.actionItems ?? []).entries()) {
        if (item.dueDate) {
          checkPlanDay(item.dueDate, `actionItems[${i}].dueDate`, this.now());
        }
      }
      // Owners are people or teams of the catalog, so that an action item
      // has someone to chase; each distinct owner is looked up once.
      const owners = new Map<string, string>();
      const actionItems = [];
      for (const [i, item] of (input.postmortem.actionItems ?? []).entries()) {
        const owner = item.owner?.trim();
        if (owner && !owners.has(owner)) {
          owners.set(
            owner,
            await this.catalogPrincipal(
              owner,
              caller.credentials,
              `actionItems[${i}].owner`,
              ['user', 'group'],
            ),
          );
        }
        // A blank owner is none yet (the post-mortem lacks it until one
        // is chosen), not spaces kept as a name.
        actionItems.push({ ...item, owner: owner ? owners.get(owner)! : '' });
      }
      return this.options.store.updatePostmortem(id, {
        postmortem: {
          ...input.postmortem,
          ...(input.postmortem.actionItems ? { actionItems } : {}),
        },
        expectedVersion: input.expectedVersion,
        actor: principalRef(caller.credentials),
        now: this.now(),
      });
    });
  }

  /** A change to an existing incident: visible, allowed, audited. */
  private async mutate<T>(
    caller: IncidentCaller,
    id: string,
    eventId: string,
    meta: JsonObject,
    change: (incident: Incident) => Promise<T>,
  ): Promise<T> {
    return this.audited(
      caller,
      eventId,
      { incidentId: id, ...meta },
      async audit => {
        const incident = await this.get(caller, id);
        // Known from here on, denied attempts included.
        audit.entityRef = incident.entityRef;
        await this.authorize(
          opsHealthIncidentUpdatePermission,
          incident.entityRef,
          caller.credentials,
          'update incidents',
        );
        return change(incident);
      },
    );
  }

  private audited<T>(
    caller: IncidentCaller,
    eventId: string,
    meta: JsonObject,
    run: (meta: JsonObject) => Promise<T>,
  ): Promise<T> {
    return audited(this.options.auditor, { eventId, caller, meta }, run);
  }

  private async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
    what: string,
  ) {
    await authorize(
      this.options.permissions,
      { permission, resourceRef: entityRef },
      credentials,
      what,
      "the entity's owners and admins are",
    );
  }
}
