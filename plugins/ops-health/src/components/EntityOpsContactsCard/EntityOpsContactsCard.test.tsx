import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { OpsHealthApi, opsHealthApiRef, OpsHealthContacts } from '../../api';
import { responseError, testEntity } from '../../__testUtils__/fixtures';
import { formatHandoff } from '../common/format';
import { EntityOpsContactsCard } from './EntityOpsContactsCard';

function contacts(
  overrides: Partial<OpsHealthContacts> = {},
): OpsHealthContacts {
  return {
    entityRef: 'component:default/checkout-service',
    owner: {
      entityRef: 'group:default/payments',
      kind: 'group',
      displayName: 'Payments Team',
      email: 'engineering@example.com',
      emailFrom: 'group:default/engineering',
      chat: 'https://chat.example.com/channels/payments',
    },
    escalation: {
      policy: 'default',
      levels: [
        {
          level: 1,
          delayMs: 0,
          targets: [
            {
              entityRef: 'user:default/alice',
              kind: 'user',
              displayName: 'Alice On-Call',
              email: 'alice@example.com',
              chat: 'https://chat.example.com/dm/alice',
            },
          ],
        },
        {
          level: 2,
          name: 'DevOps manager',
          delayMs: 5 * 60_000,
          targets: [
            {
              entityRef: 'group:default/devops-managers',
              kind: 'group',
              displayName: 'DevOps managers',
              members: [
                {
                  entityRef: 'user:default/bob',
                  kind: 'user',
                  displayName: 'Bob Manager',
                  email: 'bob@example.com',
                },
              ],
            },
          ],
        },
        {
          level: 3,
          delayMs: 30 * 60_000,
          targets: [
            {
              entityRef: 'user:default/cto',
              kind: 'user',
              displayName: 'user:default/cto',
              missing: true,
            },
          ],
        },
      ],
    },
    primary: {
      name: 'DevOps team',
      email: 'devops@example.com',
      chat: 'https://chat.example.com/channels/devops',
    },
    ...overrides,
  };
}

async function render(api: Partial<OpsHealthApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[opsHealthApiRef, api]]}>
      <EntityProvider entity={testEntity()}>
        <EntityOpsContactsCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityOpsContactsCard', () => {
  it('shows the owner, the escalation chain level by level and the primary contact', async () => {
    const getEntityContacts = jest.fn(async () => contacts());
    await render({ getEntityContacts });

    expect(await screen.findByText('Payments Team')).toBeInTheDocument();
    expect(getEntityContacts).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });
    expect(screen.getByText('Payments Team').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
    expect(
      screen.getByRole('link', {
        name: 'Email Payments Team: engineering@example.com',
      }),
    ).toHaveAttribute('href', 'mailto:engineering@example.com');
    expect(
      screen.getByRole('link', { name: /^Chat with Payments Team/ }),
    ).toHaveAttribute('href', 'https://chat.example.com/channels/payments');
    expect(screen.getByText(/Email from parent group/)).toHaveTextContent(
      'Email from parent group engineering',
    );

    expect(screen.getByText('Escalation: default')).toBeInTheDocument();
    const level1 = screen.getByRole('list', { name: 'Level 1 immediately' });
    expect(within(level1).getByText('Alice On-Call')).toBeInTheDocument();
    expect(
      within(level1).getByRole('link', {
        name: 'Email Alice On-Call: alice@example.com',
      }),
    ).toHaveAttribute('href', 'mailto:alice@example.com');
    expect(
      within(level1).getByRole('link', { name: /^Chat with Alice On-Call/ }),
    ).toHaveAttribute('href', 'https://chat.example.com/dm/alice');

    // A level config names is shown with its name.
    const level2 = screen.getByRole('list', {
      name: 'Level 2 · DevOps manager after 5 min',
    });
    expect(within(level2).getByText('DevOps managers')).toBeInTheDocument();
    const members = within(level2).getByRole('list', {
      name: 'Members of DevOps managers',
    });
    expect(within(members).getByText('Bob Manager')).toBeInTheDocument();
    expect(
      within(members).getByRole('link', {
        name: 'Email Bob Manager: bob@example.com',
      }),
    ).toHaveAttribute('href', 'mailto:bob@example.com');

    expect(
      screen.getByText(
        'user:default/cto: not found in the catalog, no contact details',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Level 3 after 30 min')).toBeInTheDocument();

    expect(screen.getByText('DevOps team')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'Email DevOps team: devops@example.com',
      }),
    ).toHaveAttribute('href', 'mailto:devops@example.com');
  });

  it('shows an escalation problem as a warning and still the primary contact', async () => {
    await render({
      getEntityContacts: async () =>
        contacts({
          owner: {
            entityRef: 'group:default/ghosts',
            kind: 'group',
            displayName: 'group:default/ghosts',
            missing: true,
          },
          escalation: {
            error: "Escalation policy 'nightly' is not configured",
            levels: [],
          },
        }),
    });
    expect(
      await screen.findByText('Warning: Problem with the escalation policy'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Escalation policy 'nightly' is not configured"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No escalation policy applies to this entity.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'group:default/ghosts: not found in the catalog, no contact details',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('DevOps team')).toBeInTheDocument();
  });

  it('says when a user has no email or chat in the profile', async () => {
    await render({
      getEntityContacts: async () =>
        contacts({
          owner: {
            entityRef: 'user:default/carol',
            kind: 'user',
            displayName: 'Carol',
          },
        }),
    });
    const owner = (await screen.findByText('Carol')).closest('div')!
      .parentElement!;
    expect(
      within(owner).getByText('No email or chat in the catalog profile'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error message", async () => {
    const error = await responseError(
      404,
      'Entity component:default/checkout-service not found',
      'NotFoundError',
    );
    await render({
      getEntityContacts: async () => {
        throw error;
      },
    });
    expect(
      (
        await screen.findAllByText(
          'Entity component:default/checkout-service not found',
        )
      )[0],
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Primary DevOps contact'),
    ).not.toBeInTheDocument();
  });

  it('shows who is on call now and next, with the hand-off in the viewer’s time zone, and the schedule a level pages', async () => {
    await render({
      getEntityContacts: async () =>
        contacts({
          escalation: {
            policy: 'platform',
            levels: [
              {
                level: 1,
                delayMs: 5 * 60_000,
                targets: [
                  {
                    entityRef: 'schedule:platform-ops',
                    kind: 'schedule',
                    displayName: 'Platform Operations on call',
                  },
                ],
              },
            ],
          },
          onCall: [
            {
              name: 'platform-ops',
              title: 'Platform Operations on call',
              team: 'group:default/platform-ops',
              timeZone: 'Europe/Berlin',
              current: {
                from: '2026-12-02T10:00:00.000Z',
                to: '2026-12-07T08:00:00.000Z',
                person: {
                  entityRef: 'user:default/guest',
                  displayName: 'Guest',
                },
                overrideId: 'o-1',
                skipped: [],
              },
              next: {
                from: '2026-12-07T08:00:00.000Z',
                to: '2026-12-14T08:00:00.000Z',
                person: { entityRef: 'user:default/dave', displayName: 'Dave' },
                skipped: [],
              },
              missing: [],
            },
          ],
        }),
    });
    const onCall = await screen.findByRole('region', {
      name: 'On call: Platform Operations on call',
    });
    expect(onCall).toHaveTextContent(
      `On call now: Guest override until ${formatHandoff(
        '2026-12-07T08:00:00.000Z',
      )}`,
    );
    expect(onCall).toHaveTextContent(
      `Next: Dave from ${formatHandoff('2026-12-07T08:00:00.000Z')}`,
    );
    expect(within(onCall).getByText('Guest').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/user/guest',
    );
    const level1 = screen.getByRole('list', { name: 'Level 1 after 5 min' });
    expect(level1).toHaveTextContent(
      'Platform Operations on call (on-call schedule)Pages whoever is on call: Guest now',
    );
  });
});
