import { screen, waitFor, within } from '@testing-library/react';
import { ENTITY_REF } from '../../__testUtils__/fixtures';
import {
  details,
  HOUR,
  incident,
  isoAgo,
  renderIncidents,
} from './__testUtils__/incidents';
import { IncidentsSection } from './IncidentsSection';
import { IncidentView } from './IncidentView';

// usePermission caches decisions per permission and entity for the whole
// test file (SWR), so the denied user has a file of their own.

jest.setTimeout(30_000);

const metrics = {
  entityRef: ENTITY_REF,
  from: isoAgo(30 * 24 * HOUR),
  to: isoAgo(0),
  acknowledgedCount: 0,
  recoveredCount: 0,
  incidentCount: 1,
};

describe('incidents for a user who may not change them', () => {
  it('explains why the button is disabled to those not allowed', async () => {
    await renderIncidents(
      <IncidentsSection />,
      {
        listIncidents: async () => ({ items: [incident()] }),
        getIncidentMetrics: async () => metrics,
      },
      { allow: false },
    );
    const reason = await screen.findByText(
      'Only the owners of checkout-service and admins can declare incidents',
    );
    const declare = screen.getByRole('button', { name: 'Declare incident' });
    expect(declare).toBeDisabled();
    expect(declare).toHaveAccessibleDescription(reason.textContent!);
    // The history is still there to read.
    expect(
      screen.getByRole('link', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toBeInTheDocument();
  });

  it('offers no change to a user without the update permission, and says why', async () => {
    await renderIncidents(
      <IncidentView incidentId="inc-1" />,
      { getIncident: async () => details() },
      { allow: false },
    );
    const group = await screen.findByRole('group', {
      name: 'Move the incident',
    });
    const reason =
      'Only the owners of checkout-service and admins can change this incident';
    expect((await screen.findAllByText(reason)).length).toBeGreaterThanOrEqual(
      1,
    );
    const buttons = within(group).getAllByRole('button');
    expect(buttons.map(b => b.textContent)).toEqual([
      'Start eradication',
      'Other phase…',
    ]);
    for (const button of buttons) {
      expect(button).toBeDisabled();
    }
    expect(group).toHaveAccessibleDescription(reason);
    expect(screen.getByRole('textbox', { name: 'Note' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add note' })).toBeDisabled();
    const command = screen.getByRole('group', {
      name: 'Commander and severity',
    });
    const take = await within(command).findByRole('button', {
      name: 'Take command',
    });
    expect(take).toBeDisabled();
    expect(
      within(command).getByRole('button', {
        name: 'Change commander or severity…',
      }),
    ).toBeDisabled();
    expect(command).toHaveAccessibleDescription(reason);
  });

  it('is read-only without the update permission', async () => {
    await renderIncidents(
      <IncidentView incidentId="inc-1" />,
      {
        getIncident: async () =>
          details({
            phase: 'lessons-learned',
            postmortem: { summary: 'Card payments failed for 40 minutes.' },
          }),
      },
      { allow: false },
    );
    const editor = await screen.findByRole('form', { name: 'Post-mortem' });
    await waitFor(() =>
      expect(
        within(editor).getByRole('button', { name: 'Save post-mortem' }),
      ).toBeDisabled(),
    );
    const summary = within(editor).getByRole('textbox', { name: /^Summary/ });
    expect(summary).toBeDisabled();
    expect(summary).toHaveValue('Card payments failed for 40 minutes.');
    expect(
      within(editor).getByRole('button', { name: 'Add action item' }),
    ).toBeDisabled();
    expect(
      within(editor).getByText(
        'Only the owners of checkout-service and admins can change this incident',
      ),
    ).toBeInTheDocument();
  });
});
