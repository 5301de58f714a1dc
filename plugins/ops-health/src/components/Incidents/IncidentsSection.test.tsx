import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { ENTITY_REF, responseError } from '../../__testUtils__/fixtures';
import {
  HOUR,
  incident,
  isoAgo,
  renderIncidents,
} from './__testUtils__/incidents';
import { IncidentsSection } from './IncidentsSection';

const metrics = {
  entityRef: ENTITY_REF,
  from: isoAgo(30 * 24 * HOUR),
  to: isoAgo(0),
  mttaMs: 12 * 60_000,
  mttrMs: 5 * HOUR,
  acknowledgedCount: 2,
  recoveredCount: 1,
  incidentCount: 2,
};

jest.setTimeout(30_000);

describe('IncidentsSection', () => {
  it('lists the incident history with links to each incident', async () => {
    const listIncidents = jest.fn(async () => ({
      items: [
        incident({ escalationLevelName: 'On-call engineer' }),
        incident({
          id: 'inc-0',
          title: 'Backups failed for two nights',
          severity: 'SEV3',
          phase: 'closed',
          escalationLevel: 0,
          escalationPolicy: undefined,
          phaseReachedAt: {
            detection: isoAgo(100 * HOUR),
            closed: isoAgo(52 * HOUR),
          },
        }),
      ],
    }));
    const getIncidentMetrics = jest.fn(async () => metrics);
    await renderIncidents(<IncidentsSection />, {
      listIncidents,
      getIncidentMetrics,
    });

    const table = await screen.findByRole('table', {
      name: 'Incident history',
    });
    const [, open, closed] = within(table).getAllByRole('row');
    const openCells = within(open).getAllByRole('cell');
    expect(
      within(openCells[0]).getByRole('link', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toHaveAttribute('href', '/incidents/inc-1');
    expect(openCells[1]).toHaveTextContent('SEV1');
    expect(openCells[2]).toHaveTextContent('Containment');
    expect(openCells[4]).toHaveTextContent('3 h so far');
    expect(openCells[5]).toHaveTextContent(
      'Level 1 · On-call engineer (checkout-oncall)',
    );

    const closedCells = within(closed).getAllByRole('cell');
    expect(closedCells[0]).toHaveTextContent('Backups failed for two nights');
    expect(closedCells[1]).toHaveTextContent('SEV3');
    expect(closedCells[2]).toHaveTextContent('Closed');
    expect(closedCells[4]).toHaveTextContent(/^2 d$/);
    expect(closedCells[5]).toHaveTextContent('Not escalated');

    expect(
      screen.getByText('2 in the last 30 days · MTTA 12 min · MTTR 5 h'),
    ).toBeInTheDocument();
    expect(listIncidents).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      limit: 50,
    });
    expect(getIncidentMetrics).toHaveBeenCalledWith({ entityRef: ENTITY_REF });
  });

  it('shows the ten newest and every open incident, the rest behind "Show more"', async () => {
    // 50 incidents, newest first; the 13th is still open.
    const items = Array.from({ length: 50 }, (_, i) =>
      incident({
        id: `inc-${i}`,
        title: `Incident ${i}`,
        phase: i === 12 ? 'containment' : 'closed',
        phaseReachedAt: {
          detection: isoAgo((i + 2) * HOUR),
          ...(i === 12 ? {} : { closed: isoAgo((i + 1) * HOUR) }),
        },
      }),
    );
    await renderIncidents(<IncidentsSection />, {
      listIncidents: async () => ({ items, totalCount: 73 }),
      getIncidentMetrics: async () => metrics,
    });
    const table = await screen.findByRole('table', {
      name: 'Incident history',
    });
    const titles = () =>
      within(table)
        .getAllByRole('link')
        .map(link => link.textContent);
    expect(titles()).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `Incident ${i}`),
      'Incident 12',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Show 39 more' }));
    expect(titles()).toHaveLength(50);
    expect(
      screen.getByText('The newest 50 of 73 incidents'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /more$/ }),
    ).not.toBeInTheDocument();
  });

  it('says when the entity has had no incidents', async () => {
    await renderIncidents(<IncidentsSection />, {
      listIncidents: async () => ({ items: [] }),
      getIncidentMetrics: async () => ({
        ...metrics,
        incidentCount: 0,
        mttaMs: undefined,
        mttrMs: undefined,
      }),
    });
    expect(
      await screen.findByText('No incidents on record'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('0 in the last 30 days · MTTA – · MTTR –'),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the history cannot be read", async () => {
    const error = await responseError(
      400,
      'Invalid entityRef: component:default/',
      'InputError',
    );
    await renderIncidents(<IncidentsSection />, {
      listIncidents: async () => {
        throw error;
      },
      getIncidentMetrics: async () => metrics,
    });
    expect(
      await screen.findByText('Error: Invalid entityRef: component:default/'),
    ).toBeInTheDocument();
  });

  it('warns, when declaring, that the entity already has an open incident', async () => {
    await renderIncidents(<IncidentsSection />, {
      listIncidents: async () => ({
        items: [
          incident(),
          incident({ id: 'inc-0', title: 'Old one', phase: 'closed' }),
        ],
      }),
      getIncidentMetrics: async () => metrics,
    });
    const declare = await screen.findByRole('button', {
      name: 'Declare incident',
    });
    await waitFor(() => expect(declare).toBeEnabled());
    await userEvent.click(declare);
    const dialog = await screen.findByRole('dialog', {
      name: 'Declare incident',
    });
    const warning = within(dialog).getByRole('alert');
    expect(warning).toHaveTextContent(
      /already has an open incident: Checkout returns 500 for card payments \(SEV1, Containment\)\. Add to it rather than declaring a second one/,
    );
    expect(warning).not.toHaveTextContent('Old one');
    expect(
      within(warning).getByRole('link', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toHaveAttribute('href', '/incidents/inc-1');
  });

  it('declares an incident and opens it', async () => {
    const createIncident = jest.fn(async () =>
      incident({ id: 'inc-9', phase: 'detection' }),
    );
    await renderIncidents(
      <Routes>
        <Route path="/" element={<IncidentsSection />} />
        <Route
          path="/incidents/:incidentId"
          element={<div>incident view inc-9</div>}
        />
      </Routes>,
      {
        listIncidents: async () => ({ items: [] }),
        getIncidentMetrics: async () => metrics,
        createIncident,
      },
    );
    const declare = await screen.findByRole('button', {
      name: 'Declare incident',
    });
    await waitFor(() => expect(declare).toBeEnabled());
    expect(screen.queryByText(/can declare incidents/)).not.toBeInTheDocument();
    await userEvent.click(declare);

    const dialog = await screen.findByRole('dialog', {
      name: 'Declare incident',
    });
    const submit = within(dialog).getByRole('button', { name: 'Declare' });
    expect(submit).toBeDisabled();
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Title/ }),
    );
    await userEvent.paste('Payments time out');
    await userEvent.click(
      within(dialog).getByRole('button', { name: /Severity/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /^SEV1: critical/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'First note' }),
    );
    await userEvent.paste('p99 above 10 s since 14:05');
    await userEvent.click(submit);

    expect(createIncident).toHaveBeenCalledWith(
      {
        entityRef: ENTITY_REF,
        title: 'Payments time out',
        severity: 'SEV1',
        note: 'p99 above 10 s since 14:05',
      },
      { idempotencyKey: expect.stringMatching(/^[!-~]{1,255}$/) },
    );
    expect(await screen.findByText('incident view inc-9')).toBeInTheDocument();
  });

  it("shows the backend's message when declaring fails, and sends the same declaration key again", async () => {
    const error = await responseError(
      403,
      'You are not allowed to declare incidents on component:default/checkout-service (permission ops-health.incident.create)',
    );
    const createIncident = jest.fn(async () => {
      throw error;
    });
    await renderIncidents(<IncidentsSection />, {
      listIncidents: async () => ({ items: [] }),
      getIncidentMetrics: async () => metrics,
      createIncident,
    });
    const declare = await screen.findByRole('button', {
      name: 'Declare incident',
    });
    await waitFor(() => expect(declare).toBeEnabled());
    await userEvent.click(declare);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: /Title/ }),
    );
    await userEvent.paste('Payments time out');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'You are not allowed to declare incidents on component:default/checkout-service (permission ops-health.incident.create)',
    );
    // The dialog stays open with what was typed.
    expect(within(dialog).getByRole('textbox', { name: /Title/ })).toHaveValue(
      'Payments time out',
    );
    // Sent again, it is the same declaration: the same key (had the first
    // declared it after all, the answer is that incident, not a second).
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Declare' }),
    );
    await waitFor(() => expect(createIncident).toHaveBeenCalledTimes(2));
    const keys = (createIncident.mock.calls as unknown[][]).map(
      call => (call[1] as { idempotencyKey: string }).idempotencyKey,
    );
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });
});
