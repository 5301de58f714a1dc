import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Route, Routes } from 'react-router-dom';
import { OpsHealthApi, opsHealthApiRef } from '../../api';
import { EntityOpsHealthContent } from '../../index';
import { entityHealth, result, testEntity } from '../../__testUtils__/fixtures';
import { details } from '../Incidents/__testUtils__/incidents';
import { operationsTabApi as api } from '../../__testUtils__/operationsTabApi';

async function render(
  apiImpl: Partial<OpsHealthApi>,
  props: { runbookBaseUrl?: string } = {},
  routeEntries = ['/ops-health'],
) {
  // Mounted like the entity page mounts its tabs: the tab's path plus `/*`.
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [opsHealthApiRef, apiImpl],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={testEntity()}>
        <Routes>
          <Route
            path="/ops-health/*"
            element={<EntityOpsHealthContent {...props} />}
          />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityOpsHealthContent (legacy export)', () => {
  it('keeps the other sections when one cannot render', async () => {
    // React logs the error the boundary catches.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    await render(
      api({
        getEntityCheck: async (_e, checkId) =>
          checkId === 'backup'
            ? // Not even an array: the section cannot map over it.
              ({ results: 42 } as any)
            : {
                entityRef: 'component:default/checkout-service',
                checkId,
                results: [],
                dailyCosts: [],
                metricSamples: [],
              },
      }),
    );
    expect(
      await screen.findByText(/The Backups section could not be shown/),
    ).toBeInTheDocument();
    expect(screen.getByText(/is not a function/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Reload section' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Cost over threshold')).toBeInTheDocument();
    expect(
      await screen.findByText('No cost has been measured for this entity yet.'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/section could not be shown/)).toHaveLength(1);
    logged.mockRestore();
  });

  it('renders every section of the tab', async () => {
    await render(api());
    expect(await screen.findByText('AWS cost: critical')).toBeInTheDocument();
    expect(screen.getByText('Open alerts')).toBeInTheDocument();
    expect(screen.getByText('Cost')).toBeInTheDocument();
    expect(screen.getByText('Replication')).toBeInTheDocument();
    expect(screen.getByText('Backups')).toBeInTheDocument();
    expect(screen.getByText('Incidents')).toBeInTheDocument();
    expect(
      await screen.findByText(
        'No replication has been measured for this entity yet.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No backup has been checked for this entity yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Run replication test' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Trigger backup' }),
    ).toBeInTheDocument();
  });

  it('puts the most severe check section first', async () => {
    const sectionTitles = () =>
      screen
        .getAllByText(/^(Cost|Replication|Backups)$/)
        .map(e => e.textContent);
    await render(
      api({
        getEntityHealth: async () =>
          entityHealth([
            result({ checkId: 'cost', status: 'ok' }),
            result({ checkId: 'replication', status: 'warning' }),
            result({ checkId: 'backup', status: 'critical' }),
          ]),
      }),
    );
    await waitFor(() =>
      expect(sectionTitles()).toEqual(['Backups', 'Replication', 'Cost']),
    );
  });

  it('keeps the written order among equals and while the summary loads', async () => {
    await render(api({ getEntityHealth: () => new Promise(() => {}) }));
    expect(
      (await screen.findAllByText(/^(Cost|Replication|Backups)$/)).map(
        e => e.textContent,
      ),
    ).toEqual(['Cost', 'Replication', 'Backups']);
  });

  it('scrolls to the section a notification links to', async () => {
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
      scrolled.push(this.id);
    };
    await render(api(), {}, ['/ops-health#ops-health-backup']);
    // Once the order has settled, and again as the tab fills in.
    await waitFor(() => expect(scrolled).toContain('ops-health-backup'));
    expect(new Set(scrolled)).toEqual(new Set(['ops-health-backup']));
    expect(document.getElementById('ops-health-backup')).toHaveTextContent(
      'Backups',
    );
  });

  it("links failing checks to the backend's runbook section", async () => {
    const getEntityRunbook = jest.fn(async () => ({
      url: '/docs/default/component/ops-runbook/#cost-overrun-alert',
      source: 'annotation' as const,
      section: 'cost-overrun-alert',
    }));
    await render(api({ getEntityRunbook }));
    const links = await screen.findAllByRole('link', {
      name: 'Runbook: cost-overrun-alert',
    });
    // One for the cost result, one for the alert; one request for both.
    expect(links).toHaveLength(2);
    for (const link of links) {
      expect(link).toHaveAttribute(
        'href',
        '/docs/default/component/ops-runbook/#cost-overrun-alert',
      );
    }
    expect(getEntityRunbook).toHaveBeenCalledTimes(1);
    expect(getEntityRunbook).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-service' },
      'cost',
    );
  });

  it('falls back to the runbook base URL when the backend has none (404)', async () => {
    await render(api(), { runbookBaseUrl: 'https://wiki.example.com/ops' });
    const cost = await screen.findByText('AWS cost: critical');
    const section = cost.closest('.MuiCard-root') as HTMLElement;
    expect(
      // An external link's name also says that it opens a new window.
      await within(section).findByRole('link', {
        name: /^Runbook: cost-overrun-alert/,
      }),
    ).toHaveAttribute(
      'href',
      'https://wiki.example.com/ops#cost-overrun-alert',
    );
  });

  it('shows no runbook link when there is no runbook at all', async () => {
    await render(api());
    expect(await screen.findByText('AWS cost: critical')).toBeInTheDocument();
    expect(await screen.findByText('Cost over threshold')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Runbook/ }),
    ).not.toBeInTheDocument();
  });

  it("opens an incident at the tab's incidents/:incidentId and links back", async () => {
    const getIncident = jest.fn(async () => details());
    await render(api({ getIncident }));
    const link = await screen.findByRole('link', {
      name: 'Checkout returns 500 for card payments',
    });
    expect(link).toHaveAttribute('href', '/ops-health/incidents/inc-1');
    await userEvent.click(link);

    expect(
      await screen.findByRole('heading', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toBeInTheDocument();
    expect(getIncident).toHaveBeenCalledWith('inc-1');
    expect(
      screen.getByRole('list', { name: 'Incident phases' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Open alerts')).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All incidents and operations/ }),
    ).toHaveAttribute('href', '/ops-health');
  });

  it('serves the incident view at a deep link, as notifications send', async () => {
    const getIncident = jest.fn(async () => details({ id: 'inc-7' }));
    await render(api({ getIncident }), {}, ['/ops-health/incidents/inc-7']);
    expect(
      await screen.findByRole('heading', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toBeInTheDocument();
    expect(getIncident).toHaveBeenCalledWith('inc-7');
  });
});
