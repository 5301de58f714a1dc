import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readEscalationConfig } from '../escalation/config';
import { readContactsConfig } from './config';
import { ContactResolver } from './ContactResolver';

function group(
  name: string,
  spec: {
    profile?: object;
    parent?: string;
    members?: string[];
    links?: Entity['metadata']['links'];
  } = {},
): Entity {
  const { links, ...rest } = spec;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, ...(links ? { links } : {}) },
    spec: { type: 'team', children: [], ...rest },
  };
}

function user(
  name: string,
  spec: { profile?: object; memberOf?: string[] } = {},
  links?: Entity['metadata']['links'],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, ...(links ? { links } : {}) },
    spec,
  };
}

function component(
  name: string,
  owner: string | undefined,
  annotations: Record<string, string> = {},
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations, ...(namespace ? { namespace } : {}) },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

/**
 * The memberOf relations the real catalog stitches onto users, from both
 * User.spec.memberOf and Group.spec.members (the in-memory catalog only
 * filters on the relations an entity carries).
 */
function withMemberships(entities: Entity[]): Entity[] {
  const memberOf = new Map<string, Set<string>>();
  const add = (userRef: string, groupRef: string) =>
    memberOf.set(userRef, (memberOf.get(userRef) ?? new Set()).add(groupRef));
  const ref = (value: string, defaultKind: string) =>
    stringifyEntityRef(
      parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
    );
  for (const e of entities) {
    if (e.kind === 'User') {
      for (const g of (e.spec?.memberOf as string[]) ?? []) {
        add(stringifyEntityRef(e), ref(g, 'group'));
      }
    }
    if (e.kind === 'Group') {
      for (const u of (e.spec?.members as string[]) ?? []) {
        add(ref(u, 'user'), stringifyEntityRef(e));
      }
    }
  }
  return entities.map(e => ({
    ...e,
    relations: [...(memberOf.get(stringifyEntityRef(e)) ?? [])].map(
      targetRef => ({ type: 'memberOf', targetRef }),
    ),
  }));
}

const catalogEntities = withMemberships([
  group('engineering', {
    profile: { displayName: 'Engineering', email: 'engineering@example.com' },
  }),
  group('platform-ops', {
    profile: { displayName: 'Platform Operations' },
    parent: 'engineering',
    members: ['erin-sre'],
    links: [
      { url: 'not a url', type: 'chat' },
      { url: 'https://chat.example.com/channels/platform-ops', type: 'chat' },
    ],
  }),
  group('sre', { profile: { email: 'sre@example.com' } }),
  group('nomail', { parent: 'group:default/nomail-parent' }),
  group('nomail-parent', {}),
  user(
    'alice-oncall',
    {
      profile: { displayName: 'Alice Moreau', email: 'alice@example.com' },
      memberOf: ['platform-ops'],
    },
    [{ url: 'https://chat.example.com/users/alice', type: 'chat' }],
  ),
  user('bob-manager', {
    profile: { displayName: 'Bob Okafor', email: 'bob@example.com' },
    memberOf: ['group:default/platform-ops'],
  }),
  user('guest', { memberOf: ['platform-ops'] }),
  user('erin-sre', { profile: { displayName: 'Erin', email: 'erin@x.com' } }),
  user('carol-cto', {
    profile: { displayName: 'Carol Lindqvist', email: 'cto@example.com' },
    memberOf: ['engineering'],
  }),
]);

const config = new ConfigReader({
  opsHealth: {
    contacts: {
      primary: {
        name: 'DevOps team',
        email: 'devops@company.com',
        chat: 'https://chat.example.com/devops',
      },
    },
    escalation: {
      policies: [
        {
          name: 'standard',
          levels: [
            { targets: ['user:default/alice-oncall'], delay: '0s' },
            {
              targets: [
                'user:default/bob-manager',
                'group:default/platform-ops',
              ],
              delay: '15m',
            },
            {
              targets: ['user:default/carol-cto', 'user:default/dave-departed'],
              delay: '1h',
            },
          ],
        },
        {
          name: 'groups',
          levels: [
            {
              targets: [
                'group:default/sre',
                'group:default/nomail',
                'group:default/engineering',
              ],
              delay: '5m',
            },
          ],
          // Only SRE's entities may name it.
          owners: ['sre'],
        },
      ],
    },
  },
});

function setup() {
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const auth = mockServices.auth({ pluginId: 'ops-health' });
  const resolver = new ContactResolver({
    catalog,
    auth,
    escalation: readEscalationConfig(config),
    contacts: readContactsConfig(config),
  });
  return { catalog, resolver };
}

const platformOpsContact = {
  entityRef: 'group:default/platform-ops',
  kind: 'group',
  displayName: 'Platform Operations',
  email: 'engineering@example.com',
  emailFrom: 'group:default/engineering',
  chat: 'https://chat.example.com/channels/platform-ops',
};

describe('ContactResolver.getContacts', () => {
  it('resolves owner, escalation levels with members, and the primary contact', async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('checkout', 'platform-ops'),
    );

    expect(contacts.owner).toEqual(platformOpsContact);
    expect(contacts.primary).toEqual({
      name: 'DevOps team',
      email: 'devops@company.com',
      chat: 'https://chat.example.com/devops',
    });
    expect(contacts.escalation.policy).toBe('standard');
    expect(contacts.escalation.error).toBeUndefined();
    expect(contacts.escalation.levels).toEqual([
      {
        level: 1,
        delayMs: 0,
        targets: [
          {
            entityRef: 'user:default/alice-oncall',
            kind: 'user',
            displayName: 'Alice Moreau',
            email: 'alice@example.com',
            chat: 'https://chat.example.com/users/alice',
          },
        ],
      },
      {
        level: 2,
        delayMs: 900_000,
        targets: [
          {
            entityRef: 'user:default/bob-manager',
            kind: 'user',
            displayName: 'Bob Okafor',
            email: 'bob@example.com',
          },
          {
            ...platformOpsContact,
            // memberOf from the users' spec and from the group's members
            members: [
              {
                entityRef: 'user:default/alice-oncall',
                kind: 'user',
                displayName: 'Alice Moreau',
                email: 'alice@example.com',
                chat: 'https://chat.example.com/users/alice',
              },
              {
                entityRef: 'user:default/bob-manager',
                kind: 'user',
                displayName: 'Bob Okafor',
                email: 'bob@example.com',
              },
              {
                entityRef: 'user:default/erin-sre',
                kind: 'user',
                displayName: 'Erin',
                email: 'erin@x.com',
              },
              // no profile: shown by its ref, without email
              {
                entityRef: 'user:default/guest',
                kind: 'user',
                displayName: 'user:default/guest',
              },
            ],
          },
        ],
      },
      {
        level: 3,
        delayMs: 3_600_000,
        targets: [
          {
            entityRef: 'user:default/carol-cto',
            kind: 'user',
            displayName: 'Carol Lindqvist',
            email: 'cto@example.com',
          },
          {
            entityRef: 'user:default/dave-departed',
            kind: 'user',
            displayName: 'user:default/dave-departed',
            missing: true,
          },
        ],
      },
    ]);
  });

  it('marks an owner that is not in the catalog as missing', async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('orphan', 'ghosts', {}, 'payments'),
    );
    expect(contacts.owner).toEqual({
      entityRef: 'group:payments/ghosts',
      kind: 'group',
      displayName: 'group:payments/ghosts',
      missing: true,
    });
  });

  it('resolves a user owner and has no owner without spec.owner', async () => {
    const { resolver } = setup();
    expect(
      (await resolver.getContacts(component('solo', 'user:guest'))).owner,
    ).toEqual({
      entityRef: 'user:default/guest',
      kind: 'user',
      displayName: 'user:default/guest',
    });
    expect(
      (await resolver.getContacts(component('nobody', undefined))).owner,
    ).toBeUndefined();
  });

  it('shows group contacts: own email, parent email, none, and no members', async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('x', 'sre', { 'ops-health/escalation-policy': 'groups' }),
    );
    expect(contacts.escalation.policy).toBe('groups');
    expect(contacts.escalation.levels[0].targets).toEqual([
      {
        entityRef: 'group:default/sre',
        kind: 'group',
        displayName: 'group:default/sre',
        email: 'sre@example.com',
        members: [],
      },
      {
        entityRef: 'group:default/nomail',
        kind: 'group',
        displayName: 'group:default/nomail',
        members: [],
      },
      expect.objectContaining({
        entityRef: 'group:default/engineering',
        email: 'engineering@example.com',
        members: [expect.objectContaining({ displayName: 'Carol Lindqvist' })],
      }),
    ]);
  });

  it('reports an unknown policy and shows the default one', async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('x', 'sre', { 'ops-health/escalation-policy': 'nightly' }),
    );
    expect(contacts.escalation.policy).toBe('standard');
    expect(contacts.escalation.error).toBe(
      "Unknown escalation policy 'nightly'; configured: standard, groups; using the default policy 'standard'",
    );
    expect(contacts.escalation.levels).toHaveLength(3);
  });

  it("does not let an entity name another team's policy", async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('x', 'platform-ops', {
        'ops-health/escalation-policy': 'groups',
      }),
    );
    expect(contacts.escalation.policy).toBe('standard');
    expect(contacts.escalation.error).toBe(
      "Escalation policy 'groups' is for entities owned by group:default/sre (opsHealth.escalation.policies[].owners), not by group:default/platform-ops; using the default policy 'standard'",
    );
    expect(
      resolver.escalationPolicyOf(
        component('x', 'platform-ops', {
          'ops-health/escalation-policy': 'groups',
        }),
      ).policyName,
    ).toBe('standard');
  });

  it('reports a malformed policy annotation', async () => {
    const { resolver } = setup();
    const contacts = await resolver.getContacts(
      component('x', 'sre', { 'ops-health/escalation-policy': 'two words' }),
    );
    expect(contacts.escalation.policy).toBe('standard');
    expect(contacts.escalation.error).toBe(
      "Annotation ops-health/escalation-policy 'two words': expected the name of an escalation policy",
    );
  });

  it('has no levels without policies', async () => {
    const resolver = new ContactResolver({
      catalog: catalogServiceMock({ entities: catalogEntities }),
      auth: mockServices.auth(),
      escalation: readEscalationConfig(new ConfigReader({})),
      contacts: readContactsConfig(new ConfigReader({})),
    });
    const contacts = await resolver.getContacts(component('x', 'sre'));
    expect(contacts.escalation).toEqual({ levels: [] });
    // No contact is invented when none is configured.
    expect(contacts.primary).toBeUndefined();
  });

  it("reads the catalog with the caller's credentials, else the plugin's own", async () => {
    const { catalog, resolver } = setup();
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const getEntities = jest.spyOn(catalog, 'getEntities');

    await resolver.getContacts(component('x', 'platform-ops'));
    expect(byRefs).toHaveBeenCalledWith(expect.anything(), {
      credentials: mockCredentials.service('plugin:ops-health'),
    });
    expect(getEntities).toHaveBeenCalledWith(
      {
        filter: {
          kind: 'user',
          'relations.memberOf': 'group:default/platform-ops',
        },
      },
      { credentials: mockCredentials.service('plugin:ops-health') },
    );

    byRefs.mockClear();
    const caller = mockCredentials.user('user:default/guest');
    await resolver.getContacts(component('x', 'platform-ops'), caller);
    expect(byRefs).toHaveBeenCalledWith(expect.anything(), {
      credentials: caller,
    });
    expect(
      byRefs.mock.calls.every(
        ([, options]) =>
          (options as { credentials?: unknown } | undefined)?.credentials ===
          caller,
      ),
    ).toBe(true);
  });
});

describe('ContactResolver.recipientsForLevel', () => {
  const checkout = component('checkout', 'platform-ops');

  it('lists the users and groups of a level, with emails', async () => {
    const { resolver } = setup();
    expect(await resolver.recipientsForLevel(checkout, 0)).toEqual({
      level: 1,
      delayMs: 0,
      entityRefs: ['user:default/alice-oncall'],
      emails: ['alice@example.com'],
      missing: [],
    });
    // a group without a mailbox of its own: its members' emails, not the parent's
    expect(await resolver.recipientsForLevel(checkout, 1)).toEqual({
      level: 2,
      delayMs: 900_000,
      entityRefs: ['user:default/bob-manager', 'group:default/platform-ops'],
      emails: ['bob@example.com', 'alice@example.com', 'erin@x.com'],
      missing: [],
    });
  });

  it('leaves out targets that are not in the catalog', async () => {
    const { resolver } = setup();
    expect(await resolver.recipientsForLevel(checkout, 2)).toEqual({
      level: 3,
      delayMs: 3_600_000,
      entityRefs: ['user:default/carol-cto'],
      emails: ['cto@example.com'],
      missing: ['user:default/dave-departed'],
    });
  });

  it("uses a group's own email, and nothing for a group with neither email nor members", async () => {
    const { resolver } = setup();
    const e = component('x', 'sre', {
      'ops-health/escalation-policy': 'groups',
    });
    expect(await resolver.recipientsForLevel(e, 0)).toEqual({
      level: 1,
      delayMs: 300_000,
      entityRefs: [
        'group:default/sre',
        'group:default/nomail',
        'group:default/engineering',
      ],
      emails: ['sre@example.com', 'engineering@example.com'],
      missing: [],
    });
  });

  it('is undefined past the last level', async () => {
    const { resolver } = setup();
    expect(await resolver.recipientsForLevel(checkout, 3)).toBeUndefined();
    expect(await resolver.recipientsForLevel(checkout, -1)).toBeUndefined();
  });
});
