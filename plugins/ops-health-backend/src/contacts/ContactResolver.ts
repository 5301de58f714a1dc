import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  isSafeLink,
  OPS_HEALTH_ANNOTATIONS,
  ownerRefOf,
  parseOpsHealthAnnotations,
  scheduleNameOf,
} from '@ops-health/backstage-plugin-ops-health-common';
import { EscalationConfig, policyForEntity } from '../escalation/config';
import { ContactsConfig } from './config';
import { OnCallSummary, ScheduleService } from '../schedules/ScheduleService';

/**
 * A catalog user or group and how to reach it.
 *
 * Names and emails come from `spec.profile`; chat from the first
 * `metadata.links` entry of type `chat` (Backstage profiles have no chat
 * field), e.g. `{ url: https://chat.example.com/channels/platform-ops, type: chat }`.
 *
 * @internal
 */
export type Contact = {
  /** The entity ref; `schedule:<name>` for an on-call schedule. */
  entityRef: string;
  kind: 'user' | 'group' | 'schedule';
  /** `spec.profile.displayName`, else `metadata.title`, else the entity ref. */
  displayName: string;
  email?: string;
  chat?: string;
  /** For a group without an email of its own: the nearest parent group whose email is shown. */
  emailFrom?: string;
  /** The ref is not in the catalog (or not visible with the credentials used). */
  missing?: boolean;
};

/** @internal */
export type EscalationTargetContact = Contact & {
  /** For groups: the member users and their contacts (empty when it has none). */
  members?: Contact[];
};

/** @internal */
export type EscalationLevelContacts = {
  /** 1-based, in policy order. */
  level: number;
  /** What the level is, when config names it. */
  name?: string;
  delayMs: number;
  targets: EscalationTargetContact[];
};

/**
 * Who to reach about an entity.
 *
 * @internal
 */
export type EntityContacts = {
  /** `spec.owner`, when it is a user or group ref. */
  owner?: Contact;
  escalation: {
    /** Name of the policy used: the annotated one, else the default. */
    policy?: string;
    /** A problem with the entity's `ops-health/escalation-policy` annotation. */
    error?: string;
    levels: EscalationLevelContacts[];
  };
  /** The configured primary DevOps contact; none unless configured. */
  primary?: NonNullable<ContactsConfig['primary']>;
  /**
   * Who is on call now and next on the schedules that concern the entity:
   * those its escalation levels target, then its owning team's.
   */
  onCall: OnCallSummary[];
};

/**
 * Who to notify at one escalation level.
 *
 * @internal
 */
export interface LevelRecipients {
  /** 1-based, as in {@link EntityContacts}. */
  level: number;
  delayMs: number;
  /** Users and groups of the level that exist in the catalog (recipients of the notifications service). */
  entityRefs: string[];
  /** For users their email; for groups their own email, else their members' (else a parent group's). */
  emails: string[];
  /** Targets that are not in the catalog. */
  missing: string[];
}

const MAX_PARENT_DEPTH = 10;
type ContactKind = Exclude<Contact['kind'], 'schedule'>;

function isContactKind(kind: string): kind is ContactKind {
  return kind === 'user' || kind === 'group';
}

function profileOf(entity: Entity): { displayName?: string; email?: string } {
  const profile = (entity.spec as { profile?: unknown } | undefined)?.profile;
  if (!profile || typeof profile !== 'object') return {};
  const { displayName, email } = profile as Record<string, unknown>;
  return {
    ...(typeof displayName === 'string' && displayName.trim()
      ? { displayName: displayName.trim() }
      : {}),
    ...(typeof email === 'string' && email.trim()
      ? { email: email.trim() }
      : {}),
  };
}

function chatOf(entity: Entity): string | undefined {
  // Rendered as a link: an http(s) URL or a portal path, nothing else.
  const link = (entity.metadata.links ?? []).find(
    l => l.type?.toLocaleLowerCase('en-US') === 'chat' && isSafeLink(l.url),
  );
  return link?.url;
}

function missingContact(entityRef: string, kind: ContactKind): Contact {
  return { entityRef, kind, displayName: entityRef, missing: true };
}

function contactOf(entity: Entity, entityRef: string): Contact {
  const profile = profileOf(entity);
  const chat = chatOf(entity);
  return {
    entityRef,
    kind: entity.kind.toLocaleLowerCase('en-US') === 'group' ? 'group' : 'user',
    displayName: profile.displayName ?? entity.metadata.title ?? entityRef,
    ...(profile.email ? { email: profile.email } : {}),
    ...(chat ? { chat } : {}),
  };
}

/** A user or group ref, normalized; undefined for anything else. */
function toContactRef(
  value: unknown,
  defaults: { defaultKind: ContactKind; defaultNamespace: string },
): { ref: string; kind: ContactKind } | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  try {
    const parsed = parseEntityRef(value.trim(), defaults);
    const kind = parsed.kind.toLocaleLowerCase('en-US');
    if (!isContactKind(kind)) return undefined;
    return { ref: stringifyEntityRef({ ...parsed, kind }), kind };
  } catch {
    return undefined;
  }
}

/** Catalog reads of one resolution, each entity fetched at most once. */
class CatalogReader {
  private readonly entities = new Map<string, Entity | undefined>();
  private readonly memberLists = new Map<string, Contact[]>();

  constructor(
    private readonly catalog: CatalogService,
    private readonly credentials: BackstageCredentials,
  ) {}

  async load(refs: string[]): Promise<void> {
    const wanted = [...new Set(refs)].filter(r => !this.entities.has(r));
    if (!wanted.length) return;
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: wanted },
      { credentials: this.credentials },
    );
    wanted.forEach((ref, i) => this.entities.set(ref, items[i] ?? undefined));
  }

  async get(ref: string): Promise<Entity | undefined> {
    await this.load([ref]);
    return this.entities.get(ref);
  }

  async contact(ref: string, kind: ContactKind): Promise<Contact> {
    const entity = await this.get(ref);
    if (!entity) return missingContact(ref, kind);
    const contact = contactOf(entity, ref);
    if (contact.kind === 'group' && !contact.email) {
      const inherited = await this.parentEmail(entity);
      if (inherited) {
        contact.email = inherited.email;
        contact.emailFrom = inherited.from;
      }
    }
    return contact;
  }

  /** Member users of a group, by their `memberOf` relation. */
  async members(groupRef: string): Promise<Contact[]> {
    const cached = this.memberLists.get(groupRef);
    if (cached) return cached;
    const { items } = await this.catalog.getEntities(
      {
        filter: { kind: 'user', [`relations.${RELATION_MEMBER_OF}`]: groupRef },
      },
      { credentials: this.credentials },
    );
    const members = items
      .map(user => contactOf(user, stringifyEntityRef(user)))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    this.memberLists.set(groupRef, members);
    return members;
  }

  /** The email of the nearest ancestor group (`spec.parent`) that has one. */
  private async parentEmail(
    group: Entity,
  ): Promise<{ email: string; from: string } | undefined> {
    const seen = new Set([stringifyEntityRef(group)]);
    let current = group;
    for (let depth = 0; depth < MAX_PARENT_DEPTH; depth++) {
      const parent = toContactRef(current.spec?.parent, {
        defaultKind: 'group',
        defaultNamespace: current.metadata.namespace ?? DEFAULT_NAMESPACE,
      });
      if (!parent || parent.kind !== 'group' || seen.has(parent.ref)) {
        return undefined;
      }
      seen.add(parent.ref);
      const entity = await this.get(parent.ref);
      if (!entity) return undefined;
      const { email } = profileOf(entity);
      if (email) return { email, from: parent.ref };
      current = entity;
    }
    return undefined;
  }
}

/**
 * Resolves the people behind an entity: its owner, its escalation policy's
 * levels (groups with their members) and the primary DevOps contact.
 * Catalog reads use the given credentials, else the plugin's own.
 *
 * Nothing that is missing from the catalog throws: such contacts are marked
 * `missing` and shown by their ref.
 *
 * @internal
 */
export class ContactResolver {
  private readonly catalog: CatalogService;
  private readonly auth: AuthService;
  private readonly escalation: EscalationConfig;
  private readonly contacts: ContactsConfig;
  private readonly schedules?: ScheduleService;

  constructor(options: {
    catalog: CatalogService;
    auth: AuthService;
    escalation: EscalationConfig;
    contacts: ContactsConfig;
    schedules?: ScheduleService;
  }) {
    this.catalog = options.catalog;
    this.auth = options.auth;
    this.escalation = options.escalation;
    this.contacts = options.contacts;
    this.schedules = options.schedules;
  }

  async getContacts(
    entity: Entity,
    credentials?: BackstageCredentials,
  ): Promise<EntityContacts> {
    const reader = await this.reader(credentials);
    const ownerRef = toContactRef(entity.spec?.owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
    const { policyName, error, levels } = this.escalationPolicyOf(entity);
    const targetRefs = levels
      .flatMap(l => l.targets)
      .filter(t => scheduleNameOf(t) === undefined);
    const onCall = this.schedules
      ? await this.schedules.summaries(
          this.schedules.namesFor(
            levels.flatMap(l => l.targets),
            ownerRef?.ref,
          ),
        )
      : [];

    await reader.load([...(ownerRef ? [ownerRef.ref] : []), ...targetRefs]);

    const owner = ownerRef
      ? await reader.contact(ownerRef.ref, ownerRef.kind)
      : undefined;

    const levelContacts: EscalationLevelContacts[] = [];
    for (const [i, level] of levels.entries()) {
      const targets: EscalationTargetContact[] = [];
      for (const ref of level.targets) {
        const name = scheduleNameOf(ref);
        if (name !== undefined) {
          const summary = onCall.find(o => o.name === name);
          targets.push({
            entityRef: ref,
            kind: 'schedule',
            displayName: summary?.title ?? name,
            ...(summary ? {} : { missing: true }),
          });
          continue;
        }
        const kind = parseEntityRef(ref).kind as ContactKind;
        const contact: EscalationTargetContact = await reader.contact(
          ref,
          kind,
        );
        if (kind === 'group' && !contact.missing) {
          contact.members = await reader.members(ref);
        }
        targets.push(contact);
      }
      levelContacts.push({
        level: i + 1,
        ...(level.name ? { name: level.name } : {}),
        delayMs: level.delayMs,
        targets,
      });
    }

    return {
      ...(owner ? { owner } : {}),
      escalation: {
        ...(policyName ? { policy: policyName } : {}),
        ...(error ? { error } : {}),
        levels: levelContacts,
      },
      ...(this.contacts.primary
        ? { primary: { ...this.contacts.primary } }
        : {}),
      onCall,
    };
  }

  /**
   * Who is on call now and next for an entity the caller can see: the
   * schedules of its escalation levels, then its owning team's.
   */
  async onCallFor(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<OnCallSummary[]> {
    if (!this.schedules) return [];
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) return [];
    const owner = toContactRef(entity.spec?.owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    });
    const { levels } = this.escalationPolicyOf(entity);
    return this.schedules.summaries(
      this.schedules.namesFor(
        levels.flatMap(l => l.targets),
        owner?.ref,
      ),
    );
  }

  /**
   * The recipients of escalation level `levelIndex` (0-based) of the
   * entity's policy, or undefined when the policy has no such level.
   */
  async recipientsForLevel(
    entity: Entity,
    levelIndex: number,
    credentials?: BackstageCredentials,
  ): Promise<LevelRecipients | undefined> {
    const level = this.escalationPolicyOf(entity).levels[levelIndex];
    if (!level) return undefined;

    const reader = await this.reader(credentials);
    const targets: string[] = [];
    const missing: string[] = [];
    for (const target of level.targets) {
      const name = scheduleNameOf(target);
      if (name === undefined) {
        targets.push(target);
        continue;
      }
      const slot = await this.schedules?.onCallNow(name).catch(() => undefined);
      if (slot?.user) targets.push(slot.user);
      else missing.push(target);
    }
    await reader.load(targets);

    const entityRefs: string[] = [];
    const emails = new Set<string>();
    for (const ref of targets) {
      const kind = parseEntityRef(ref).kind as ContactKind;
      const contact = await reader.contact(ref, kind);
      if (contact.missing) {
        missing.push(ref);
        continue;
      }
      entityRefs.push(ref);
      if (kind === 'user' || (contact.email && !contact.emailFrom)) {
        if (contact.email) emails.add(contact.email);
        continue;
      }
      // A group without a mailbox of its own: its members, and only when it
      // has none the parent's mailbox (paging a whole department is the
      // last resort).
      const memberEmails = (await reader.members(ref)).flatMap(m =>
        m.email ? [m.email] : [],
      );
      if (memberEmails.length) memberEmails.forEach(e => emails.add(e));
      else if (contact.email) emails.add(contact.email);
    }
    return {
      level: levelIndex + 1,
      delayMs: level.delayMs,
      entityRefs,
      emails: [...emails],
      missing,
    };
  }

  /**
   * The entity's escalation policy: the annotated one, else the default;
   * `error` says what was wrong with the annotation.
   */
  escalationPolicyOf(entity: Entity) {
    const annotations = parseOpsHealthAnnotations(entity);
    const annotation = OPS_HEALTH_ANNOTATIONS.escalationPolicy;
    const problem = annotations.problems.find(p => p.annotation === annotation);
    const { policy, error } = policyForEntity(
      this.escalation,
      annotations.escalationPolicy,
      ownerRefOf(entity),
    );
    const problemText = problem
      ? `Annotation ${annotation} '${problem.value}': ${problem.message}`
      : undefined;
    return {
      policyName: policy?.name,
      error: problemText ?? error,
      levels: policy?.levels ?? [],
    };
  }

  private async reader(credentials?: BackstageCredentials) {
    return new CatalogReader(
      this.catalog,
      credentials ?? (await this.auth.getOwnServiceCredentials()),
    );
  }
}
