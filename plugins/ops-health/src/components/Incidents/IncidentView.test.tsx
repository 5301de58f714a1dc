import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpsHealthIncidentDetails } from '../../api/incidentTypes';
import {
  backupDetails,
  responseError,
  result,
} from '../../__testUtils__/fixtures';
import { formatTime } from '../common/format';
import { details, renderIncidents } from './__testUtils__/incidents';
import { IncidentView } from './IncidentView';

jest.setTimeout(30_000);

/** A backend whose incident changes with each successful move. */
function backend(initial: OpsHealthIncidentDetails) {
  let current = initial;
  return {
    getIncident: jest.fn(async () => current),
    transitionIncident: jest.fn(
      async (_id: string, request: { to: string; version: number }) => {
        current = details({
          phase: request.to as OpsHealthIncidentDetails['phase'],
          version: request.version + 1,
          allowedTransitions: [],
        });
        return current;
      },
    ),
  };
}

/** The value of one of the incident's facts (a `dd` after its `dt`). */
function fact(name: string) {
  return screen.getByText(name, { selector: 'dt' })
    .nextElementSibling as HTMLElement;
}

async function movesGroup() {
  return screen.findByRole('group', { name: 'Move the incident' });
}

describe('IncidentView', () => {
  it('shows the facts, the phase stepper and the timeline', async () => {
    const incident = details();
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => incident,
    });

    expect(
      await screen.findByRole('heading', {
        name: 'Checkout returns 500 for card payments',
      }),
    ).toBeInTheDocument();
    expect(fact('Phase')).toHaveTextContent(/^Containment$/);
    // People by name, linked to their catalog page.
    expect(fact('Commander')).toHaveTextContent(/^jane$/);
    expect(within(fact('Commander')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/user/jane',
    );
    expect(fact('Time to acknowledge')).toHaveTextContent(/^12 min$/);
    expect(fact('Time to recover')).toHaveTextContent(/^Not recovered yet$/);
    expect(fact('Open for')).toHaveTextContent(/^3 h so far$/);
    expect(fact('Escalation')).toHaveTextContent(
      /^Level 1 \(policy checkout-oncall\)$/,
    );
    expect(screen.getAllByText('SEV1')[0]).toBeInTheDocument();

    const stepper = screen.getByRole('list', { name: 'Incident phases' });
    const steps = within(stepper).getAllByRole('listitem');
    expect(steps).toHaveLength(7);
    [
      'Detection',
      'Assessment',
      'Containment',
      'Eradication',
      'Recovery',
      'Lessons learned',
      'Closed',
    ].forEach((label, index) =>
      expect(within(steps[index]).getByText(label)).toBeInTheDocument(),
    );
    expect(steps[0]).toHaveTextContent(
      formatTime(incident.phaseReachedAt.detection),
    );
    expect(steps[2]).toHaveAttribute('aria-current', 'step');
    expect(steps[2]).toHaveTextContent(
      formatTime(incident.phaseReachedAt.containment),
    );
    expect(steps[3]).toHaveTextContent('EradicationNot reached');
    expect(steps[6]).toHaveTextContent('ClosedNot reached');

    const timeline = screen.getByRole('list', { name: 'Timeline' });
    const events = within(timeline).getAllByRole('listitem');
    expect(events).toHaveLength(4);
    expect(events[0]).toHaveTextContent('Incident declared');
    expect(events[0]).toHaveTextContent(
      'Card payments fail since the 10:00 deploy',
    );
    expect(events[1]).toHaveTextContent(
      'Escalated to level 1 · On-call engineer (policy checkout-oncall)',
    );
    // Who was paged and whom the level targets, by name and linked; the
    // note, which says the same with refs, is not repeated.
    expect(events[1]).toHaveTextContent('Still in detection after 10 min');
    expect(events[1]).toHaveTextContent('Paged: oncall, devops');
    expect(events[1]).toHaveTextContent(
      'Targets: on-call schedule checkout-primary, devops',
    );
    expect(events[1]).not.toHaveTextContent('user:default/oncall');
    expect(
      within(events[1])
        .getAllByRole('link')
        .map(a => a.getAttribute('href')),
    ).toEqual([
      '/catalog/default/user/oncall',
      '/catalog/default/group/devops',
      '/ops-health/schedules/checkout-primary',
      '/catalog/default/group/devops',
    ]);
    expect(events[1]).toHaveTextContent('Channels: email, slack');
    expect(events[1]).toHaveTextContent('Ops Health ·');
    expect(events[2]).toHaveTextContent(
      'Phase changed: Detection → Assessment',
    );
    expect(events[3]).toHaveTextContent(
      'Phase changed: Assessment → Containment',
    );
    expect(events[3]).toHaveTextContent('Rolled back to 1.41');
    expect(events[3]).toHaveTextContent(
      `jane · ${formatTime(incident.events[3].at)}`,
    );
    // Before lessons-learned there is no post-mortem to write.
    expect(
      screen.queryByRole('form', { name: 'Post-mortem' }),
    ).not.toBeInTheDocument();
  });

  it('shows a move forward past phases as one change naming what it skipped', async () => {
    const incident = details();
    incident.events = [
      incident.events[0],
      {
        ...incident.events[3],
        fromPhase: 'detection',
        toPhase: 'containment',
        data: { skipped: ['assessment'] },
      },
    ];
    incident.eventCount = 2;
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => incident,
    });
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    const events = within(timeline).getAllByRole('listitem');
    expect(events).toHaveLength(2);
    expect(events[1]).toHaveTextContent(
      'Phase changed: Detection → Containment (skipped Assessment)',
    );
    expect(events[1]).toHaveTextContent('Rolled back to 1.41');
  });

  it('loads older timeline events a page at a time', async () => {
    const incident = details();
    // The backend sent the newest 2 of 5 events.
    const newest = {
      ...incident,
      events: incident.events.slice(2),
      eventCount: 5,
    };
    const listIncidentEvents = jest.fn(
      async (_id: string, { before }: { before?: number }) => ({
        items:
          before === 3
            ? [
                {
                  id: 0,
                  incidentId: incident.id,
                  at: incident.events[0].at,
                  actor: 'ops-health',
                  type: 'notification' as const,
                  note: 'Paged the on-call engineer',
                },
                ...incident.events.slice(0, 2),
              ]
            : [],
        totalCount: 5,
      }),
    );
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => newest,
      listIncidentEvents,
    });
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(within(timeline).getAllByRole('listitem')).toHaveLength(2);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show older events (3 more)' }),
    );
    await waitFor(() =>
      expect(within(timeline).getAllByRole('listitem')).toHaveLength(5),
    );
    expect(listIncidentEvents).toHaveBeenCalledWith('inc-1', { before: 3 });
    expect(timeline).toHaveTextContent('Paged the on-call engineer');
    expect(
      screen.queryByRole('button', { name: /Show older events/ }),
    ).not.toBeInTheDocument();
  });

  it('says when escalation restarted after a return to detection', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () =>
        details({
          phase: 'detection',
          escalationLevel: 0,
          escalationSince: since,
        }),
    });
    await screen.findByRole('heading', {
      name: 'Checkout returns 500 for card payments',
    });
    expect(fact('Escalation')).toHaveTextContent(
      `Not escalated (policy checkout-oncall), restarted when it returned to detection at ${formatTime(
        since,
      )}`,
    );
  });

  it('says how long an incident has waited to be acknowledged', async () => {
    const incident = details({
      phase: 'detection',
      phaseReachedAt: {
        detection: new Date(Date.now() - 25 * 60_000).toISOString(),
      },
    });
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => incident,
    });
    expect(
      await screen.findByText('25 min so far, not acknowledged'),
    ).toBeInTheDocument();
  });

  it("keeps a reopened incident's post-mortem in view, read-only", async () => {
    const incident = details({
      phase: 'detection',
      postmortem: {
        summary: 'Card payments failed for 40 minutes',
        actionItems: [],
      },
    });
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => incident,
    });
    expect(
      await screen.findByText(
        'Written before the incident was moved back to Detection; it can be edited again from lessons-learned on',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Save post-mortem' }),
    ).toBeDisabled();
    expect(
      screen.getByDisplayValue('Card payments failed for 40 minutes'),
    ).toBeInTheDocument();
  });

  it('says an acknowledgement was before a move back to detection', async () => {
    const detected = Date.now() - 60 * 60_000;
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () =>
        details({
          phase: 'detection',
          phaseReachedAt: {
            detection: new Date(detected).toISOString(),
            assessment: new Date(detected + 12 * 60_000).toISOString(),
          },
        }),
    });
    await screen.findByText('Time to acknowledge', { selector: 'dt' });
    expect(fact('Time to acknowledge')).toHaveTextContent(
      /^12 min, before it was moved back to detection$/,
    );
    // The stepper: assessment is not reached now; when it was, on hover.
    const steps = within(
      screen.getByRole('list', { name: 'Incident phases' }),
    ).getAllByRole('listitem');
    expect(steps[1]).toHaveTextContent('AssessmentNot reached');
    expect(
      within(steps[1]).getByTitle(
        /^First reached .*, before the incident was moved back$/,
      ),
    ).toBeInTheDocument();
  });

  it('shows no post-mortem before lessons-learned when none was written', async () => {
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () =>
        details({ phase: 'containment', postmortem: { actionItems: [] } }),
    });
    expect(await screen.findByText('Timeline')).toBeInTheDocument();
    expect(screen.queryByText('Post-mortem')).not.toBeInTheDocument();
  });

  it('goes on counting while the incident is open', async () => {
    const start = Date.now();
    let now = start;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const incident = details({
        phase: 'detection',
        phaseReachedAt: {
          detection: new Date(start - 25 * 60_000).toISOString(),
        },
      });
      await renderIncidents(<IncidentView incidentId="inc-1" />, {
        getIncident: async () => incident,
      });
      expect(
        await screen.findByText('25 min so far, not acknowledged'),
      ).toBeInTheDocument();
      now = start + 60_000;
      expect(
        await screen.findByText(
          '26 min so far, not acknowledged',
          {},
          { timeout: 3000 },
        ),
      ).toBeInTheDocument();
      expect(fact('Open for')).toHaveTextContent(/^26 min so far$/);
    } finally {
      clock.mockRestore();
    }
  });

  it('stops the time to recover at recovery, and says how long the incident was open', async () => {
    const incident = details({
      phase: 'closed',
      phaseReachedAt: {
        detection: '2027-02-28T23:00:00.000Z',
        assessment: '2027-02-28T23:05:00.000Z',
        recovery: '2027-03-01T00:30:00.000Z',
        closed: '2027-03-02T09:00:00.000Z',
      },
    });
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => incident,
    });
    await screen.findByRole('heading', {
      name: 'Checkout returns 500 for card payments',
    });
    expect(fact('Time to recover')).toHaveTextContent(/^1 h 30 min$/);
    expect(fact('Open for')).toHaveTextContent(/^34 h \(closed\)$/);
  });

  it('offers the restore command of the last good backup during recovery', async () => {
    const getEntityCheck = jest.fn(async () => ({
      entityRef: 'component:default/checkout-service',
      checkId: 'backup' as const,
      results: [
        result({
          checkId: 'backup',
          subject: 'checkout-service',
          status: 'ok',
          message: 'The newest backup is 2 h old',
          details: backupDetails(),
        }),
      ],
      metricSamples: [],
    }));
    const { unmount } = await renderIncidents(
      <IncidentView incidentId="inc-1" />,
      {
        getIncident: async () => details({ phase: 'recovery' }),
        getEntityCheck,
      },
    );
    const restore = await screen.findByRole('region', {
      name: 'Restore command',
    });
    expect(restore).toHaveTextContent(
      "aws s3 cp 's3://checkout-backups/db/2026-11-25.dump'",
    );
    unmount();

    // Not in the other phases.
    getEntityCheck.mockClear();
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => details({ phase: 'containment' }),
      getEntityCheck,
    });
    await screen.findByText('Timeline');
    expect(
      screen.queryByRole('region', { name: 'Restore command' }),
    ).not.toBeInTheDocument();
    expect(getEntityCheck).not.toHaveBeenCalled();
  });

  it("shows the backend's message when the incident cannot be read", async () => {
    const error = await responseError(
      404,
      'No incident inc-404',
      'NotFoundError',
    );
    await renderIncidents(<IncidentView incidentId="inc-404" />, {
      getIncident: async () => {
        throw error;
      },
    });
    expect(
      await screen.findByText('Error: No incident inc-404'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /All incidents and operations/ }),
    ).toBeInTheDocument();
  });

  it('offers one next step, confirmed in a dialog with an optional note', async () => {
    const api = backend(details());
    await renderIncidents(<IncidentView incidentId="inc-1" />, api);

    const group = await movesGroup();
    const buttons = within(group).getAllByRole('button');
    expect(buttons.map(b => b.textContent)).toEqual([
      'Start eradication',
      'Other phase…',
    ]);
    expect(buttons[0]).toHaveClass('MuiButton-containedPrimary');
    expect(buttons[1]).toHaveClass('MuiButton-outlined');

    await waitFor(() => expect(buttons[0]).toBeEnabled());
    await userEvent.click(buttons[0]);
    const dialog = await screen.findByRole('dialog', { name: 'Change phase' });
    expect(
      within(dialog).getByRole('radio', { name: 'Start eradication' }),
    ).toBeChecked();
    // Closing is not among the choices before lessons learned.
    expect(
      within(dialog)
        .getAllByRole('radio')
        .map(r => r.closest('label')!.textContent),
    ).toEqual([
      'Back to Detection (back, with a reason)',
      'Back to Assessment (back, with a reason)',
      'Start eradication',
      'Mark recovered',
      'Start the post-mortem',
    ]);
    expect(
      within(dialog).getByRole('textbox', { name: 'Note (optional)' }),
    ).not.toBeRequired();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start eradication' }),
    );

    expect(api.transitionIncident).toHaveBeenCalledWith('inc-1', {
      to: 'eradication',
      version: 4,
    });
    await waitFor(() =>
      expect(fact('Phase')).toHaveTextContent(/^Eradication$/),
    );
    expect(api.getIncident).toHaveBeenCalledTimes(2);
  });

  it('acknowledges an incident in detection as its one next step', async () => {
    const api = backend(
      details({
        phase: 'detection',
        phaseReachedAt: { detection: new Date().toISOString() },
        allowedTransitions: [
          {
            to: 'assessment',
            direction: 'forward',
            requiresNote: false,
            requiresPostmortem: false,
          },
          {
            to: 'containment',
            direction: 'forward',
            requiresNote: false,
            requiresPostmortem: false,
          },
        ],
      }),
    );
    await renderIncidents(<IncidentView incidentId="inc-1" />, api);
    const acknowledge = await within(await movesGroup()).findByRole('button', {
      name: 'Acknowledge',
    });
    expect(acknowledge).toHaveClass('MuiButton-containedPrimary');
    await waitFor(() => expect(acknowledge).toBeEnabled());
    await userEvent.click(acknowledge);
    const dialog = await screen.findByRole('dialog', { name: 'Change phase' });
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'Note (optional)' }),
    );
    await userEvent.paste('Looking at it');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Acknowledge' }),
    );
    expect(api.transitionIncident).toHaveBeenCalledWith('inc-1', {
      to: 'assessment',
      version: 4,
      note: 'Looking at it',
    });
  });

  it('asks for a reason to recover while a linked alert still fires', async () => {
    const api = backend(
      details({
        phase: 'eradication',
        alerts: [
          {
            dedupKey: 'component:default/checkout-service|cost|',
            linkedAt: new Date().toISOString(),
          },
        ],
        allowedTransitions: [
          {
            to: 'recovery',
            direction: 'forward',
            requiresNote: false,
            requiresPostmortem: false,
          },
        ],
      }),
    );
    await renderIncidents(<IncidentView incidentId="inc-1" />, api);
    expect(fact('Linked alerts')).toHaveTextContent('AWS cost: firing');
    const recovered = await within(await movesGroup()).findByRole('button', {
      name: 'Mark recovered',
    });
    await waitFor(() => expect(recovered).toBeEnabled());
    await userEvent.click(recovered);
    const dialog = await screen.findByRole('dialog', { name: 'Change phase' });
    expect(dialog).toHaveTextContent('Linked alerts still fire');
    expect(dialog).toHaveTextContent(
      'AWS cost: the incident would count as recovered while they do',
    );
    const submit = within(dialog).getByRole('button', {
      name: 'Mark recovered',
    });
    expect(submit).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('textbox', { name: /Why/ }));
    await userEvent.paste('Failed over; the daily cost settles tomorrow');
    await userEvent.click(submit);
    expect(api.transitionIncident).toHaveBeenCalledWith('inc-1', {
      to: 'recovery',
      version: 4,
      note: 'Failed over; the daily cost settles tomorrow',
    });
  });

  it('offers only reopening on a closed incident, and no commander controls', async () => {
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () =>
        details({
          phase: 'closed',
          missingPostmortem: [],
          allowedTransitions: [
            {
              to: 'lessons-learned',
              direction: 'backward',
              requiresNote: true,
              requiresPostmortem: false,
            },
          ],
        }),
    });
    const group = await movesGroup();
    expect(
      within(group)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Reopen…']);
    expect(
      screen.queryByRole('group', { name: 'Commander and severity' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Take command' }),
    ).not.toBeInTheDocument();
  });

  it('moves back only with a note', async () => {
    const api = backend(details());
    await renderIncidents(<IncidentView incidentId="inc-1" />, api);
    const other = await within(await movesGroup()).findByRole('button', {
      name: 'Other phase…',
    });
    await waitFor(() => expect(other).toBeEnabled());
    await userEvent.click(other);

    const dialog = await screen.findByRole('dialog', { name: 'Change phase' });
    expect(dialog).toHaveTextContent(
      'The incident is in the containment phase.',
    );
    // Nothing chosen: no single click makes a move nobody picked.
    expect(
      within(dialog)
        .getAllByRole('radio')
        .filter(r => (r as HTMLInputElement).checked),
    ).toEqual([]);
    expect(
      within(dialog).getByRole('button', { name: 'Choose where to move it' }),
    ).toBeDisabled();
    // A move forward past phases says what it records.
    await userEvent.click(
      within(dialog).getByRole('radio', {
        name: /lessons learned|post-mortem/i,
      }),
    );
    expect(within(dialog).getByRole('status')).toHaveTextContent(
      'This skips Eradication, Recovery: they are recorded as reached now, and the time to recover ends now.',
    );
    await userEvent.click(
      within(dialog).getByRole('radio', { name: /Back to Detection/ }),
    );
    expect(within(dialog).queryByRole('status')).not.toBeInTheDocument();
    const submit = within(dialog).getByRole('button', {
      name: 'Back to Detection',
    });
    expect(submit).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('textbox', { name: /Why/ }));
    await userEvent.paste('The rollback did not fix it');
    expect(submit).toBeEnabled();
    await userEvent.click(submit);

    expect(api.transitionIncident).toHaveBeenCalledWith('inc-1', {
      to: 'detection',
      version: 4,
      note: 'The rollback did not fix it',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('offers Close only once the post-mortem is complete, saying what it lacks', async () => {
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () =>
        details({
          phase: 'lessons-learned',
          missingPostmortem: [
            'rootCause',
            'actionItems[0].owner',
            'actionItems[1].dueDate',
            'monitoringChanges',
          ],
          allowedTransitions: [
            {
              to: 'recovery',
              direction: 'backward',
              requiresNote: true,
              requiresPostmortem: false,
            },
            {
              to: 'closed',
              direction: 'forward',
              requiresNote: false,
              requiresPostmortem: true,
            },
          ],
        }),
    });
    const group = await movesGroup();
    expect(
      within(group).queryByRole('button', { name: 'Close incident' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Closing needs a complete post-mortem (below), saved. Missing from what is saved:',
      ),
    ).toBeInTheDocument();
    // The post-mortem editor is right there.
    expect(
      screen.getByRole('form', { name: 'Post-mortem' }),
    ).toBeInTheDocument();
    const missing = screen.getByRole('list', {
      name: 'Missing post-mortem parts',
    });
    expect(
      within(missing)
        .getAllByRole('listitem')
        .map(i => i.textContent),
    ).toEqual([
      'Root cause',
      'Action item 1: owner',
      'Action item 2: due date',
      'Monitoring rules to change',
    ]);
  });

  it('closes from lessons learned once the post-mortem is complete', async () => {
    const api = backend(
      details({
        phase: 'lessons-learned',
        missingPostmortem: [],
        allowedTransitions: [
          {
            to: 'closed',
            direction: 'forward',
            requiresNote: false,
            requiresPostmortem: true,
          },
        ],
      }),
    );
    await renderIncidents(<IncidentView incidentId="inc-1" />, api);
    const close = await within(await movesGroup()).findByRole('button', {
      name: 'Close incident',
    });
    await waitFor(() => expect(close).toBeEnabled());
    expect(
      screen.queryByRole('list', { name: 'Missing post-mortem parts' }),
    ).not.toBeInTheDocument();
    await userEvent.click(close);
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Close incident',
      }),
    );
    expect(api.transitionIncident).toHaveBeenCalledWith('inc-1', {
      to: 'closed',
      version: 4,
    });
  });

  it('shows a stale-version 409 with the backend message and reloads', async () => {
    const conflict = await responseError(
      409,
      'Incident inc-1 changed since you read it (it is at version 5, you sent 4): read it again, then retry',
      'ConflictError',
    );
    let version = 4;
    const getIncident = jest.fn(async () => details({ version }));
    const transitionIncident = jest.fn(async () => {
      throw conflict;
    });
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
      transitionIncident,
    });
    const next = await within(await movesGroup()).findByRole('button', {
      name: 'Start eradication',
    });
    await waitFor(() => expect(next).toBeEnabled());
    await userEvent.click(next);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start eradication' }),
    );

    // The dialog stays open with the backend's message and a reload.
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'The incident changed since this page loaded it (someone else changed it, or you did in another tab). Reload to see the change, then try again.',
    );
    version = 5;
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('alert')).not.toBeInTheDocument(),
    );
    expect(getIncident).toHaveBeenCalledTimes(2);

    // The next try sends the version just read.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start eradication' }),
    );
    expect(transitionIncident).toHaveBeenLastCalledWith('inc-1', {
      to: 'eradication',
      version: 5,
    });
  });

  it('adds a note with the version it saw', async () => {
    const addIncidentNote = jest.fn(async () => ({
      id: 5,
      incidentId: 'inc-1',
      at: new Date().toISOString(),
      actor: 'user:default/jane',
      type: 'note' as const,
      note: 'Error rate back to normal',
    }));
    const getIncident = jest.fn(async () => details());
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
      addIncidentNote,
    });
    const note = await screen.findByRole('textbox', { name: 'Note' });
    await waitFor(() => expect(note).toBeEnabled());
    const add = screen.getByRole('button', { name: 'Add note' });
    expect(add).toBeDisabled();
    await userEvent.click(note);
    await userEvent.paste('Error rate back to normal');
    await userEvent.click(add);
    expect(addIncidentNote).toHaveBeenCalledWith('inc-1', {
      note: 'Error rate back to normal',
      version: 4,
    });
    await waitFor(() => expect(note).toHaveValue(''));
    expect(getIncident).toHaveBeenCalledTimes(2);
  });

  it('lets the signed-in user take command, with the version it saw', async () => {
    let current = details({ commander: undefined });
    const getIncident = jest.fn(async () => current);
    const updateIncident = jest.fn(
      async (_id: string, request: { commander?: string | null }) => {
        current = details({
          commander: request.commander ?? undefined,
          version: 5,
          events: [
            ...current.events,
            {
              id: 9,
              incidentId: 'inc-1',
              at: new Date().toISOString(),
              actor: 'user:default/sam',
              type: 'commander-changed',
              data: { from: null, to: 'user:default/sam' },
            },
          ],
        });
        return current;
      },
    );
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
      updateIncident,
    });
    expect(
      await screen.findByText('None assigned', { selector: 'dd' }),
    ).toBeInTheDocument();
    const take = await screen.findByRole('button', { name: 'Take command' });
    await waitFor(() => expect(take).toBeEnabled());
    await userEvent.click(take);
    expect(updateIncident).toHaveBeenCalledWith('inc-1', {
      commander: 'user:default/sam',
      version: 4,
    });
    await waitFor(() => expect(fact('Commander')).toHaveTextContent(/^sam$/));
    // The commander is not offered to take command again.
    expect(
      screen.queryByRole('button', { name: 'Take command' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Timeline' })).toHaveTextContent(
      'Commander: sam',
    );
  });

  it('hands command to a catalog user and raises the severity in one change', async () => {
    const getIncident = jest.fn(async () =>
      details({ severity: 'SEV3', commander: 'user:default/sam' }),
    );
    const updateIncident = jest.fn(async () => details());
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
      updateIncident,
    });
    const change = await screen.findByRole('button', {
      name: 'Change commander or severity…',
    });
    await waitFor(() => expect(change).toBeEnabled());
    await userEvent.click(change);
    const dialog = await screen.findByRole('dialog', {
      name: 'Commander and severity',
    });
    const save = within(dialog).getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    // The commander list comes from the catalog's users.
    await userEvent.click(within(dialog).getByLabelText('Commander'));
    const jane = await screen.findByRole('option', {
      name: 'Jane (user:default/jane)',
    });
    expect(screen.getByRole('option', { name: 'No commander' })).toBeVisible();
    await userEvent.click(jane);
    await userEvent.click(within(dialog).getByLabelText(/^Severity/));
    await userEvent.click(
      await screen.findByRole('option', { name: /^SEV1:/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('textbox', { name: 'Note' }),
    );
    await userEvent.paste('Night shift takes over');
    await userEvent.click(save);

    expect(updateIncident).toHaveBeenCalledWith('inc-1', {
      commander: 'user:default/jane',
      severity: 'SEV1',
      note: 'Night shift takes over',
      version: 4,
    });
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Commander and severity' }),
      ).not.toBeInTheDocument(),
    );
    expect(getIncident).toHaveBeenCalledTimes(2);
  });

  it('keeps the dialog open with the backend message when the change fails', async () => {
    const updateIncident = jest.fn(async () => {
      throw await responseError(
        400,
        'The commander user:default/jane is not a user in the catalog',
        'InputError',
      );
    });
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => details({ commander: undefined }),
      updateIncident,
    });
    const change = await screen.findByRole('button', {
      name: 'Change commander or severity…',
    });
    await waitFor(() => expect(change).toBeEnabled());
    await userEvent.click(change);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByLabelText('Commander'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Jane (user:default/jane)' }),
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'The commander user:default/jane is not a user in the catalog',
      ),
    ).toBeInTheDocument();
    expect(dialog).toBeInTheDocument();
  });

  it('shows severity and commander changes on the timeline', async () => {
    const base = details();
    const at = new Date().toISOString();
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident: async () => ({
        ...base,
        events: [
          ...base.events,
          {
            id: 10,
            incidentId: 'inc-1',
            at,
            actor: 'user:default/jane',
            type: 'severity-changed' as const,
            note: 'Payments down too',
            data: { from: 'SEV2', to: 'SEV1' },
          },
          {
            id: 11,
            incidentId: 'inc-1',
            at,
            actor: 'user:default/jane',
            type: 'commander-changed' as const,
            data: { from: 'user:default/jane', to: 'user:default/sam' },
          },
          {
            id: 12,
            incidentId: 'inc-1',
            at,
            actor: 'user:default/sam',
            type: 'commander-changed' as const,
            data: { from: 'user:default/sam', to: null },
          },
        ],
      }),
    });
    const timeline = await screen.findByRole('list', { name: 'Timeline' });
    expect(
      within(timeline).getByText('Severity changed: SEV2 → SEV1'),
    ).toBeInTheDocument();
    expect(within(timeline).getByText('Payments down too')).toBeInTheDocument();
    const items = within(timeline).getAllByRole('listitem');
    expect(items[items.length - 2]).toHaveTextContent(
      /^Commander: sam \(was jane\)/,
    );
    expect(items[items.length - 1]).toHaveTextContent(
      /^Commander sam stepped down/,
    );
  });
});

describe('IncidentView left open', () => {
  afterEach(() => jest.useRealTimers());

  it('offers a reload when the incident changed elsewhere, without replacing what is on screen', async () => {
    jest.useFakeTimers();
    let current = details({ version: 4 });
    const getIncident = jest.fn(async () => current);
    await renderIncidents(<IncidentView incidentId="inc-1" />, {
      getIncident,
    });
    await screen.findByText('Phase', { selector: 'dt' });
    // Unchanged: nothing to say.
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    expect(getIncident).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByText('This incident changed since the page loaded it.'),
    ).not.toBeInTheDocument();

    // Someone moves it on.
    current = details({ version: 5, phase: 'eradication' });
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    const status = await screen.findByText(
      'This incident changed since the page loaded it.',
    );
    // What is shown stays as read until the reader reloads.
    expect(fact('Phase')).toHaveTextContent('Containment');
    jest.useRealTimers();
    await userEvent.click(
      within(status.parentElement!).getByRole('button', { name: 'Reload' }),
    );
    await waitFor(() => expect(fact('Phase')).toHaveTextContent('Eradication'));
    expect(
      screen.queryByText('This incident changed since the page loaded it.'),
    ).not.toBeInTheDocument();
  });
});
