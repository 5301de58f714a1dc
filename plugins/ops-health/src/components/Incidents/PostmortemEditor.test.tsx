import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../../__testUtils__/fixtures';
import { details, renderIncidents } from './__testUtils__/incidents';
import { IncidentView } from './IncidentView';

jest.setTimeout(30_000);

const lessonsLearned = () =>
  details({
    phase: 'lessons-learned',
    version: 7,
    postmortem: {
      summary: 'Card payments failed for 40 minutes after release 1.42.',
      impact: '',
      rootCause: '**Connection pool** exhausted on `payments-db`',
      actionItems: [
        {
          text: 'Alert on pool saturation',
          owner: 'group:default/payments',
          dueDate: '2026-12-15',
          done: false,
        },
      ],
      monitoringChanges: '',
    },
  });

async function form() {
  return screen.findByRole('form', { name: 'Post-mortem' });
}

describe('PostmortemEditor', () => {
  it('saves the post-mortem with the version it saw', async () => {
    const updateIncidentPostmortem = jest.fn(async () => lessonsLearned());
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => lessonsLearned(),
      updateIncidentPostmortem,
    });
    const editor = await form();
    const impact = within(editor).getByRole('textbox', { name: /^Impact/ });
    await waitFor(() => expect(impact).toBeEnabled());
    expect(
      within(editor).getByRole('textbox', { name: /^Summary/ }),
    ).toHaveValue('Card payments failed for 40 minutes after release 1.42.');
    await userEvent.click(impact);
    await userEvent.paste('All card payments in the EU');

    // One existing action item: mark it done, add a second, remove nothing.
    await userEvent.click(
      within(editor).getByRole('checkbox', { name: 'Action item 1: done' }),
    );
    await userEvent.click(
      within(editor).getByRole('button', { name: 'Add action item' }),
    );
    await userEvent.click(
      within(editor).getByRole('textbox', { name: 'Action item 2: action' }),
    );
    await userEvent.paste('Canary the pool size');
    // Owners are chosen from the catalog, not typed.
    expect(
      within(editor).getByRole('button', { name: 'Action item 1: owner' }),
    ).toHaveTextContent('group:default/payments');
    await userEvent.click(
      within(editor).getByRole('button', { name: 'Action item 2: owner' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Jane (user:default/jane)' }),
    );
    // Chosen, the narrow column shows the name.
    expect(
      within(editor).getByRole('button', { name: 'Action item 2: owner' }),
    ).toHaveTextContent(/^Jane$/);
    // A day before today is said to be overdue (not refused).
    await userEvent.type(
      within(editor).getByLabelText('Action item 2: due date'),
      '2020-02-29',
    );
    const dueCell = within(editor)
      .getByLabelText('Action item 2: due date')
      .closest('td')!;
    expect(await within(dueCell).findByText('Overdue')).toBeInTheDocument();
    await userEvent.clear(
      within(editor).getByLabelText('Action item 2: due date'),
    );
    await userEvent.type(
      within(editor).getByLabelText('Action item 2: due date'),
      '2026-12-31',
    );
    await userEvent.click(
      within(editor).getByRole('textbox', {
        name: /^Monitoring rules to change/,
      }),
    );
    await userEvent.paste('- Page on `pool_waiting > 10` for 5 min');

    await userEvent.click(
      within(editor).getByRole('button', { name: 'Save post-mortem' }),
    );
    expect(updateIncidentPostmortem).toHaveBeenCalledWith('inc-1', {
      version: 7,
      postmortem: {
        summary: 'Card payments failed for 40 minutes after release 1.42.',
        impact: 'All card payments in the EU',
        rootCause: '**Connection pool** exhausted on `payments-db`',
        monitoringChanges: '- Page on `pool_waiting > 10` for 5 min',
        actionItems: [
          {
            text: 'Alert on pool saturation',
            owner: 'group:default/payments',
            dueDate: '2026-12-15',
            done: true,
          },
          {
            text: 'Canary the pool size',
            owner: 'user:default/jane',
            dueDate: '2026-12-31',
            done: false,
          },
        ],
      },
    });
    expect(await within(editor).findByRole('status')).toHaveTextContent(
      'Saved',
    );
  });

  it('removes an action item', async () => {
    const updateIncidentPostmortem = jest.fn(async () => lessonsLearned());
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => lessonsLearned(),
      updateIncidentPostmortem,
    });
    const editor = await form();
    const remove = within(editor).getByRole('button', {
      name: 'Remove action item 1',
    });
    await waitFor(() => expect(remove).toBeEnabled());
    await userEvent.click(remove);
    expect(
      within(editor).queryByRole('textbox', { name: 'Action item 1: action' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(editor).getByRole('button', { name: 'Save post-mortem' }),
    );
    expect(updateIncidentPostmortem).toHaveBeenCalledWith(
      'inc-1',
      expect.objectContaining({
        postmortem: expect.objectContaining({ actionItems: [] }),
      }),
    );
  });

  it('keeps what a closed incident closed with: its findings and items stay, items can be done or added, and the timeline says what changed', async () => {
    const closed = () => {
      const incident = lessonsLearned();
      return {
        ...incident,
        phase: 'closed' as const,
        events: [
          ...incident.events,
          {
            id: 99,
            incidentId: 'inc-1',
            at: '2026-12-01T10:00:00.000Z',
            actor: 'user:default/jane',
            type: 'postmortem-updated' as const,
            data: {
              changes: [
                "action item 'Alert on pool saturation' done",
                "action item 'Canary the pool size' added",
              ],
            },
          },
        ],
      };
    };
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => closed(),
    });
    const editor = await form();
    const done = within(editor).getByRole('checkbox', {
      name: 'Action item 1: done',
    });
    await waitFor(() => expect(done).toBeEnabled());
    expect(editor).toHaveTextContent(
      'The incident is closed, so its post-mortem keeps what it closed with',
    );
    expect(
      within(editor).getByRole('textbox', { name: /^Summary/ }),
    ).toHaveAttribute('readonly');
    expect(
      within(editor).getByRole('textbox', { name: 'Action item 1: action' }),
    ).toHaveAttribute('readonly');
    expect(
      within(editor).getByRole('button', { name: 'Remove action item 1' }),
    ).toBeDisabled();
    await userEvent.click(
      within(editor).getByRole('button', { name: 'Add action item' }),
    );
    expect(
      within(editor).getByRole('textbox', { name: 'Action item 2: action' }),
    ).not.toHaveAttribute('readonly');
    expect(
      within(editor).getByRole('button', { name: 'Remove action item 2' }),
    ).toBeEnabled();
    expect(
      await screen.findByText(
        "Post-mortem updated: action item 'Alert on pool saturation' done; action item 'Canary the pool size' added",
      ),
    ).toBeInTheDocument();
  });

  it('previews the Markdown', async () => {
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => lessonsLearned(),
    });
    const editor = await form();
    await userEvent.click(
      within(editor).getByRole('checkbox', { name: 'Preview' }),
    );
    const preview = within(editor).getByRole('region', {
      name: 'Post-mortem preview',
    });
    expect(within(preview).getByText('Connection pool').tagName).toBe('STRONG');
    expect(within(preview).getByText('payments-db').tagName).toBe('CODE');
    expect(
      within(preview).getByText(
        'Card payments failed for 40 minutes after release 1.42.',
      ),
    ).toBeInTheDocument();
    // Impact is still empty.
    expect(within(preview).getAllByText('Not written yet.')).toHaveLength(2);
    const row = within(
      within(preview).getByRole('table', { name: 'Action items preview' }),
    ).getAllByRole('row')[1];
    expect(row).toHaveTextContent(
      'Alert on pool saturationpayments2026-12-15No',
    );
    expect(
      within(editor).queryByRole('textbox', { name: /^Summary/ }),
    ).not.toBeInTheDocument();
  });

  it('shows a stale-version 409 with a reload, keeping the draft', async () => {
    const conflict = await responseError(
      409,
      'Incident inc-1 changed since you read it (it is at version 8, you sent 7): read it again, then retry',
      'ConflictError',
    );
    const getIncident = jest.fn(async () => lessonsLearned());
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
      updateIncidentPostmortem: async () => {
        throw conflict;
      },
    });
    const editor = await form();
    const impact = within(editor).getByRole('textbox', { name: /^Impact/ });
    await waitFor(() => expect(impact).toBeEnabled());
    await userEvent.click(impact);
    await userEvent.paste('EU card payments');
    await userEvent.click(
      within(editor).getByRole('button', { name: 'Save post-mortem' }),
    );
    const alert = await within(editor).findByRole('alert');
    expect(alert).toHaveTextContent(
      'The incident changed since this page loaded it (someone else changed it, or you did in another tab). Reload to see the change, then try again.',
    );
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() => expect(getIncident).toHaveBeenCalledTimes(2));
    expect(impact).toHaveValue('EU card payments');
  });
});
