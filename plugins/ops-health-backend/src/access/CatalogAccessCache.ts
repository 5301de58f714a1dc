import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { VisibleRefs } from '../database/CheckResultStore';
import { getVisibleEntity, principalRef, requestedRef } from './access';
import { visibleEntityRefs } from './visibleEntityRefs';

type Entry<T> = {
  expiresAt: number;
  value: Promise<T>;
  /** Answered (not pending, not failed). */
  settled: boolean;
  /** A refresh of an expired answer is under way. */
  refreshing?: boolean;
};

/** The entries kept at most; the oldest go first. */
const MAX_ENTRIES = 20_000;

/**
 * What the catalog answered a caller, kept for a short while: the entity
 * reads and the portal-wide lists ask the catalog once per caller per `ttlMs`
 * rather than on every request. A permission or catalog change reaches the
 * reads within `ttlMs` and one catalog read (an expired answer is served
 * while it is read again, so that callers do not queue on the catalog);
 * a `ttlMs` of 0 asks the catalog every time.
 *
 * Answers are kept per principal (user entity ref or service subject), never
 * shared between callers, and refs this cache has not checked for the
 * caller are not visible: an entity that gained results since the last
 * check appears within `ttlMs`, it does not leak.
 *
 * @internal
 */
export class CatalogAccessCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  /** The index of annotated entities, by lower-cased ref, and when read. */
  private indexed?: { byRef: Map<string, Entity>; readAt: number };
  private indexReading?: Promise<void>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    /**
     * Asked whether the caller may read every catalog entity: then the
     * lists need no per-ref check (see visibleRefs).
     */
    private readonly permissions?: PermissionsService,
    /**
     * The entities with Ops Health annotations, read from the catalog in
     * pages with the plugin's own credentials (`load`), kept `ttlMs`: the
     * summaries of callers who may read every entity take the entity from
     * it rather than from one catalog read per caller and entity.
     */
    private readonly index?: {
      load: () => Promise<Entity[]>;
      ttlMs: number;
      onError?: (error: Error) => void;
    },
  ) {}

  /**
   * The entity for its health summary: from the index of annotated
   * entities when the caller may read every catalog entity (its entry at
   * most the index's ttl old), else as {@link CatalogAccessCache.entity}.
   * An entity the index does not hold (unannotated, new, or the index being
   * read again) is read from the catalog.
   */
  async entitySummary(
    entityRef: string | { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; entityRef: string }> {
    // Refs compare case-insensitively; kind, namespace and name are ASCII
    // (anything else the catalog finds no entity for), so the plain
    // lowercase is the catalog's en-US one, and cheaper on every read.
    const lowerRef = requestedRef(entityRef).toLowerCase();
    if (this.index && this.index.ttlMs > 0 && this.ttlMs > 0) {
      const decision = await this.readDecision(credentials);
      const entity =
        decision?.result === AuthorizeResult.ALLOW
          ? this.fromIndex(lowerRef)
          : undefined;
      if (entity) return { entity, entityRef: stringifyEntityRef(entity) };
    }
    return this.visibleEntity(lowerRef, entityRef, credentials);
  }

  /** The entity as the caller sees it; NotFoundError when they cannot. */
  async entity(
    entityRef: string | { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; entityRef: string }> {
    return this.visibleEntity(
      requestedRef(entityRef).toLowerCase(),
      entityRef,
      credentials,
    );
  }

  private visibleEntity(
    lowerRef: string,
    entityRef: string | { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ): Promise<{ entity: Entity; entityRef: string }> {
    return this.cached(
      `entity\u0000${principalRef(credentials)}\u0000${lowerRef}`,
      () => getVisibleEntity(this.catalog, entityRef, credentials),
    );
  }

  /**
   * Which of the refs `known` lists the caller can see: `known` is read, and
   * the catalog asked, once per caller per ttl. `all` when the permission
   * policy lets the caller read every catalog entity (its decision on
   * `catalog.entity.read` is an unconditional allow, as the catalog itself
   * reads it): every ref with results is theirs to see, and no list of refs
   * is asked of the catalog. Results of an entity removed from the catalog
   * then show until the next collection of their check removes them.
   */
  async visibleRefs(
    scope: string,
    known: () => Promise<string[]>,
    credentials: BackstageCredentials,
  ): Promise<VisibleRefs> {
    const decision = await this.readDecision(credentials);
    if (decision?.result === AuthorizeResult.ALLOW) return 'all';
    if (decision?.result === AuthorizeResult.DENY) return new Set();
    return this.cached(
      `refs\u0000${scope}\u0000${principalRef(credentials)}`,
      async () => visibleEntityRefs(this.catalog, await known(), credentials),
    );
  }

  /** The policy's decision on `catalog.entity.read` for the caller, kept. */
  private async readDecision(credentials: BackstageCredentials) {
    const permissions = this.permissions;
    if (!permissions) return undefined;
    const [decision] = await this.cached(
      `read\u0000${principalRef(credentials)}`,
      () =>
        permissions.authorizeConditional(
          [{ permission: catalogEntityReadPermission }],
          { credentials },
        ),
    );
    return decision;
  }

  /**
   * The entity from the index. An index older than its ttl is read again in
   * the background (one read at a time) and still used meanwhile, up to
   * twice its ttl old: the reads of those seconds do not all fall back on
   * the catalog at once. Past that (the catalog failing to answer), it is
   * not used.
   */
  private fromIndex(lowerRef: string): Entity | undefined {
    const index = this.index!;
    const now = this.now();
    const age = this.indexed ? now - this.indexed.readAt : Infinity;
    if (age >= index.ttlMs && !this.indexReading) {
      const readAt = now;
      this.indexReading = index
        .load()
        .then(entities => {
          this.indexed = {
            byRef: new Map(
              entities.map(e => [stringifyEntityRef(e).toLowerCase(), e]),
            ),
            readAt,
          };
        })
        .catch(error => index.onError?.(error))
        .finally(() => {
          this.indexReading = undefined;
        });
    }
    return age < 2 * index.ttlMs
      ? this.indexed!.byRef.get(lowerRef)
      : undefined;
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = this.now();
    const hit = this.entries.get(key) as Entry<T> | undefined;
    if (hit && hit.expiresAt > now) return hit.value;
    // Expired but answered: served once more while one refresh runs, so
    // that callers do not all wait on the catalog every ttl.
    if (hit?.settled && !hit.refreshing) {
      hit.refreshing = true;
      this.load(key, load).catch(() => {
        hit.refreshing = false;
      });
      return hit.value;
    }
    if (hit?.refreshing) return hit.value;
    return this.load(key, load);
  }

  private load<T>(key: string, load: () => Promise<T>): Promise<T> {
    // Concurrent requests of a caller share one catalog call; a failure is
    // not kept.
    const value = load();
    const entry: Entry<T> = {
      expiresAt: this.now() + this.ttlMs,
      value,
      settled: false,
    };
    value.then(
      () => {
        entry.settled = true;
        entry.expiresAt = this.now() + this.ttlMs;
        this.entries.delete(key);
        this.entries.set(key, entry);
        this.evict();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    if (!this.entries.get(key)?.settled) this.entries.set(key, entry);
    this.evict();
    return value;
  }

  private evict() {
    while (this.entries.size > MAX_ENTRIES) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }
}
