import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogAccessCache } from './CatalogAccessCache';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

/** A catalog where alice sees a and b, bob sees a, eve none; counts its calls. */
function fakeCatalog() {
  const seen: Record<string, string[]> = {
    'user:default/alice': ['a', 'b'],
    'user:default/bob': ['a'],
    'user:default/eve': [],
  };
  const calls = { byRef: 0, byRefs: 0 };
  const userOf = (options: any) =>
    options.credentials.principal.userEntityRef as string;
  let failNext = false;
  const catalog = {
    async getEntityByRef(ref: string, options: any) {
      calls.byRef += 1;
      if (failNext) {
        failNext = false;
        throw new Error('catalog down');
      }
      const name = ref.split('/')[1];
      return seen[userOf(options)].includes(name) ? component(name) : undefined;
    },
    async getEntitiesByRefs(request: { entityRefs: string[] }, options: any) {
      calls.byRefs += 1;
      return {
        items: request.entityRefs.map(ref => {
          const name = ref.split('/')[1];
          return seen[userOf(options)].includes(name)
            ? component(name)
            : undefined;
        }),
      };
    },
  } as unknown as CatalogService;
  return {
    catalog,
    calls,
    seen,
    failOnce: () => {
      failNext = true;
    },
  };
}

/** Alice may read every entity; bob what a condition allows; eve nothing. */
function readPolicy() {
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockImplementation(
    async (_requests, options) => {
      const user = (options.credentials.principal as { userEntityRef: string })
        .userEntityRef;
      if (user === 'user:default/alice') {
        return [{ result: AuthorizeResult.ALLOW }];
      }
      if (user === 'user:default/eve') {
        return [{ result: AuthorizeResult.DENY }];
      }
      return [
        {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: [] },
          },
        },
      ];
    },
  );
  return permissions;
}

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');
const KNOWN = ['component:default/a', 'component:default/b'];

describe('CatalogAccessCache', () => {
  it('asks the catalog once per caller per ttl, and again after it', async () => {
    const { catalog, calls, seen } = fakeCatalog();
    let now = 1_000;
    const cache = new CatalogAccessCache(catalog, 10_000, () => now);
    const known = jest.fn(async () => KNOWN);

    const [first, second] = await Promise.all([
      cache.visibleRefs('results', known, alice),
      cache.visibleRefs('results', known, alice),
    ]);
    expect([...first]).toEqual(KNOWN);
    expect(second).toBe(first);
    expect(calls.byRefs).toBe(1);
    expect(known).toHaveBeenCalledTimes(1);
    // Another caller never gets alice's answer.
    expect([...(await cache.visibleRefs('results', known, bob))]).toEqual([
      'component:default/a',
    ]);
    expect(calls.byRefs).toBe(2);

    // Alice loses b: within the ttl she still has it; the first read after
    // it is answered from the expired answer while the catalog is asked
    // again (one call), and the reads after that no longer have it.
    seen['user:default/alice'] = ['a'];
    now += 9_999;
    expect(
      ((await cache.visibleRefs('results', known, alice)) as Set<string>).size,
    ).toBe(2);
    now += 1;
    const [stale, alsoStale] = await Promise.all([
      cache.visibleRefs('results', known, alice),
      cache.visibleRefs('results', known, alice),
    ]);
    expect([
      (stale as Set<string>).size,
      (alsoStale as Set<string>).size,
    ]).toEqual([2, 2]);
    await new Promise(resolve => setImmediate(resolve));
    expect(
      ((await cache.visibleRefs('results', known, alice)) as Set<string>).size,
    ).toBe(1);
    expect(calls.byRefs).toBe(3);
    // The new answer has a ttl of its own.
    now += 9_999;
    await cache.visibleRefs('results', known, alice);
    expect(calls.byRefs).toBe(3);
  });

  it('keeps serving the last answer when a refresh fails, and tries again', async () => {
    const { catalog, calls, failOnce } = fakeCatalog();
    let now = 0;
    const cache = new CatalogAccessCache(catalog, 1_000, () => now);
    await cache.entity('component:default/a', alice);
    now = 1_000;
    failOnce();
    await cache.entity('component:default/a', alice); // stale; refresh fails
    await new Promise(resolve => setImmediate(resolve));
    expect(calls.byRef).toBe(2);
    const again = await cache.entity('component:default/a', alice);
    expect(again.entityRef).toBe('component:default/a');
    await new Promise(resolve => setImmediate(resolve));
    expect(calls.byRef).toBe(3);
  });

  it('caches entity reads per caller, never a failure or a refusal', async () => {
    const { catalog, calls, failOnce } = fakeCatalog();
    const cache = new CatalogAccessCache(catalog, 10_000, () => 0);

    failOnce();
    await expect(cache.entity('component:default/a', alice)).rejects.toThrow(
      'catalog down',
    );
    const read = await cache.entity(
      { kind: 'component', namespace: 'default', name: 'a' },
      alice,
    );
    expect(read.entityRef).toBe('component:default/a');
    // The same entity by string ref, in another case: the cached answer.
    await cache.entity('Component:default/A', alice);
    expect(calls.byRef).toBe(2);

    await expect(cache.entity('component:default/b', bob)).rejects.toThrow(
      NotFoundError,
    );
    await expect(cache.entity('component:default/b', bob)).rejects.toThrow(
      NotFoundError,
    );
    expect(calls.byRef).toBe(4);
  });

  it("answers 'all' without a list of refs when the policy lets the caller read every entity", async () => {
    const { catalog, calls } = fakeCatalog();
    const permissions = readPolicy();
    const cache = new CatalogAccessCache(catalog, 10_000, () => 0, permissions);
    const known = jest.fn(async () => KNOWN);

    expect(await cache.visibleRefs('results', known, alice)).toBe('all');
    expect(await cache.visibleRefs('results', known, alice)).toBe('all');
    expect([
      ...((await cache.visibleRefs('results', known, bob)) as Set<string>),
    ]).toEqual(['component:default/a']);
    expect(
      await cache.visibleRefs(
        'results',
        known,
        mockCredentials.user('user:default/eve'),
      ),
    ).toEqual(new Set());
    // The catalog was asked for bob's refs only; the decisions once each.
    expect(calls.byRefs).toBe(1);
    expect(known).toHaveBeenCalledTimes(1);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [{ permission: catalogEntityReadPermission }],
      { credentials: alice },
    );
  });

  it('asks the catalog every time with a ttl of 0', async () => {
    const { catalog, calls } = fakeCatalog();
    const cache = new CatalogAccessCache(catalog, 0);
    await cache.entity('component:default/a', alice);
    await cache.entity('component:default/a', alice);
    await cache.visibleRefs('results', async () => KNOWN, alice);
    await cache.visibleRefs('results', async () => KNOWN, alice);
    expect(calls).toEqual({ byRef: 2, byRefs: 2 });
  });

  it('serves the summaries of callers who may read everything from the index of annotated entities, read again after its ttl', async () => {
    const { catalog, calls } = fakeCatalog();
    let now = 0;
    let annotated = [component('a'), component('b')];
    const load = jest.fn(async () => annotated);
    const cache = new CatalogAccessCache(
      catalog,
      10_000,
      () => now,
      readPolicy(),
      { load, ttlMs: 60_000 },
    );
    // The first read starts reading the index and asks the catalog.
    expect(
      (await cache.entitySummary('component:default/a', alice)).entityRef,
    ).toBe('component:default/a');
    expect(calls.byRef).toBe(1);
    await new Promise(setImmediate);
    // Now the index answers, whatever the case of the ref: no catalog read.
    const b = await cache.entitySummary(
      { kind: 'Component', namespace: 'default', name: 'B' },
      alice,
    );
    expect(b.entity).toBe(annotated[1]);
    expect(calls.byRef).toBe(1);
    // Bob's reads are conditional: the catalog decides, per entity.
    await expect(
      cache.entitySummary('component:default/b', bob),
    ).rejects.toThrow(NotFoundError);
    // Eve may read nothing: the index never answers her.
    await expect(
      cache.entitySummary(
        'component:default/a',
        mockCredentials.user('user:default/eve'),
      ),
    ).rejects.toThrow(NotFoundError);
    expect(calls.byRef).toBe(3);
    // An entity the index does not hold is read from the catalog.
    await expect(
      cache.entitySummary('component:default/c', alice),
    ).rejects.toThrow(NotFoundError);
    expect(calls.byRef).toBe(4);
    expect(load).toHaveBeenCalledTimes(1);

    // Past its ttl it is read again, once, and used until the new one is in.
    const changed = component('a');
    changed.metadata.annotations = { 'ops-health/cost-tags': 'service=a' };
    annotated = [changed];
    now = 60_000;
    expect(
      (await cache.entitySummary('component:default/a', alice)).entity,
    ).not.toBe(changed);
    await cache.entitySummary('component:default/a', alice);
    expect(calls.byRef).toBe(4);
    await new Promise(setImmediate);
    expect(load).toHaveBeenCalledTimes(2);
    expect(
      (await cache.entitySummary('component:default/a', alice)).entity,
    ).toBe(changed);
    expect(calls.byRef).toBe(4);

    // When it cannot be read again, it is used up to twice its ttl old,
    // then no more: the catalog answers.
    load.mockRejectedValue(new Error('catalog unavailable'));
    now = 120_000;
    await cache.entitySummary('component:default/a', alice);
    await new Promise(setImmediate);
    expect(load).toHaveBeenCalledTimes(3);
    now = 179_999;
    await cache.entitySummary('component:default/a', alice);
    expect(calls.byRef).toBe(4);
    now = 180_000;
    await cache.entitySummary('component:default/a', alice);
    expect(calls.byRef).toBe(5);
  });

  it('never uses the index with a ttl of 0', async () => {
    const { catalog, calls } = fakeCatalog();
    const load = jest.fn(async () => [component('a')]);
    const cache = new CatalogAccessCache(
      catalog,
      10_000,
      () => 0,
      readPolicy(),
      {
        load,
        ttlMs: 0,
      },
    );
    await cache.entitySummary('component:default/a', alice);
    await new Promise(setImmediate);
    await cache.entitySummary('component:default/b', alice);
    expect(load).not.toHaveBeenCalled();
    expect(calls.byRef).toBe(2);
  });
});
