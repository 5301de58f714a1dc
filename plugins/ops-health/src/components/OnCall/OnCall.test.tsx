import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  OpsHealthAcknowledgement,
  OpsHealthApi,
  opsHealthApiRef,
  OpsHealthSchedule,
} from '../../api';
import { onAFixedDate, responseError } from '../../__testUtils__/fixtures';
import { formatHandoff, formatTime, toLocalInput } from '../common/format';
import { AcknowledgePage } from './AcknowledgePage';
import { SchedulePage } from './SchedulePage';

const ALICE = { entityRef: 'user:default/alice', displayName: 'Alice' };
const DAVE = { entityRef: 'user:default/dave', displayName: 'Dave' };

const SCHEDULE: OpsHealthSchedule = {
  name: 'platform-ops',
  title: 'Platform Operations on call',
  team: 'group:default/platform-ops',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      name: 'rotation',
      rotation: 'weekly',
      handoff: 'Monday 09:00 Europe/Berlin',
      members: [
        ALICE,
        DAVE,
        {
          ...ALICE,
          entityRef: 'user:default/erin',
          displayName: 'user:default/erin',
          missing: true,
        },
      ],
    },
  ],
  current: {
    from: '2026-12-02T10:00:00.000Z',
    to: '2026-12-07T08:00:00.000Z',
    person: ALICE,
    skipped: [],
  },
  next: {
    from: '2026-12-07T08:00:00.000Z',
    to: '2026-12-14T08:00:00.000Z',
    person: DAVE,
    skipped: ['user:default/erin'],
  },
  shifts: [
    {
      from: '2026-12-02T10:00:00.000Z',
      to: '2026-12-07T08:00:00.000Z',
      person: ALICE,
      skipped: [],
    },
    {
      from: '2026-12-07T08:00:00.000Z',
      to: '2026-12-14T08:00:00.000Z',
      person: DAVE,
      skipped: ['user:default/erin'],
    },
  ],
  overrides: [
    {
      id: 'o-1',
      person: DAVE,
      from: '2026-12-24T17:00:00.000Z',
      to: '2026-12-27T08:00:00.000Z',
      source: 'portal',
      createdBy: 'user:default/dave',
      note: 'Christmas',
    },
    {
      id: 'o-2',
      person: { entityRef: 'user:default/test', displayName: 'Test' },
      from: '2026-12-28T08:00:00.000Z',
      to: '2026-12-29T08:00:00.000Z',
      source: 'portal',
      createdBy: 'user:default/test',
    },
    {
      id: 'config:0',
      person: ALICE,
      from: '2026-12-31T17:00:00.000Z',
      to: '2027-01-01T08:00:00.000Z',
      source: 'config',
    },
  ],
  missing: ['user:default/erin'],
};

async function renderAt(path: string, api: Partial<OpsHealthApi>) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [opsHealthApiRef, api],
        [
          identityApiRef,
          mockApis.identity({ userEntityRef: 'user:default/test' }),
        ],
      ]}
    >
      <Routes>
        <Route path="/schedules/:name" element={<SchedulePage />} />
        <Route path="/acknowledge" element={<AcknowledgePage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Thursday of Alice's shift in SCHEDULE, before Dave's. */
const THURSDAY = '2026-12-03T12:00:00.000Z';

describe('SchedulePage', () => {
  onAFixedDate(THURSDAY);

  it('says when no hand-off is scheduled or known rather than making one up (a rotation of one)', async () => {
    const shift = {
      from: '2026-12-02T10:00:00.000Z',
      to: '2026-12-23T10:00:00.000Z',
      person: ALICE,
      skipped: [],
      openStart: true,
      openEnded: true,
    };
    const { next: _next, ...rest } = SCHEDULE;
    await renderAt('/schedules/platform-ops', {
      getSchedule: async () => ({
        ...rest,
        current: shift,
        shifts: [shift],
        overrides: [],
        missing: [],
      }),
    });
    expect(
      await screen.findByText(/\(no hand-off scheduled\)/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(new RegExp(`until ${formatHandoff(shift.to)}`)),
    ).not.toBeInTheDocument();
    const shifts = within(screen.getByRole('table', { name: 'Shifts' }));
    expect(shifts.getAllByRole('row')[1]).toHaveTextContent(
      `before ${formatHandoff(shift.from)}no hand-off scheduledAlice`,
    );
  });

  it('asks before giving a shift back, and gives it back once however often the button is pressed', async () => {
    let done: () => void = () => {};
    const deleteScheduleOverride = jest.fn(
      () => new Promise<void>(resolve => (done = resolve)),
    );
    const getSchedule = jest.fn(async () => SCHEDULE);
    await renderAt('/schedules/platform-ops', {
      getSchedule,
      deleteScheduleOverride,
    });
    const overrides = within(
      await screen.findByRole('table', { name: 'Overrides' }),
    );
    await userEvent.click(
      await overrides.findByRole('button', { name: /^Give back the shift/ }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Give back this shift?',
    });
    expect(deleteScheduleOverride).not.toHaveBeenCalled();
    const confirm = within(dialog).getByRole('button', { name: 'Give back' });
    await userEvent.click(confirm);
    // Pressed again while the first is on its way (a double click).
    expect(confirm).toBeDisabled();
    fireEvent.click(confirm);
    expect(deleteScheduleOverride).toHaveBeenCalledTimes(1);
    done();
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(getSchedule).toHaveBeenCalledTimes(2);

    // Kept: nothing is given back.
    await userEvent.click(
      await overrides.findByRole('button', { name: /^Give back the shift/ }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Keep it',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(deleteScheduleOverride).toHaveBeenCalledTimes(1);
  });

  it('shows the rotation, the shifts and the overrides, and takes a shift for the signed-in user', async () => {
    const createScheduleOverride = jest.fn(async () => {
      throw await responseError(
        403,
        'You are not allowed to take a shift on schedule platform-ops: only members of group:default/platform-ops and of its rotation are',
      );
    });
    const getSchedule = jest.fn(async () => SCHEDULE);
    await renderAt('/schedules/platform-ops', {
      getSchedule,
      createScheduleOverride,
    });
    // One layer: the rotation, without its config name.
    expect(
      await screen.findByText(
        /^Weekly, hand-off Monday 09:00 Europe\/Berlin\. Members in order: Alice, Dave, user:default\/erin \(not in the catalog, skipped\)$/,
      ),
    ).toBeInTheDocument();
    // The team by name, as the catalog shows it, not its ref.
    expect(
      screen.getByText('Team platform-ops · Europe/Berlin'),
    ).toBeInTheDocument();
    const shifts = within(screen.getByRole('table', { name: 'Shifts' }));
    const rows = shifts.getAllByRole('row').slice(1);
    expect(rows[1]).toHaveTextContent(
      `${formatHandoff('2026-12-07T08:00:00.000Z')}${formatHandoff(
        '2026-12-14T08:00:00.000Z',
      )}Dave`,
    );
    expect(rows[1]).toHaveTextContent(
      'Skipped (not in the catalog): user:default/erin',
    );
    const overrides = within(screen.getByRole('table', { name: 'Overrides' }));
    expect(overrides.getAllByRole('row')[1]).toHaveTextContent(
      'the portal, by dave',
    );
    expect(
      within(overrides.getAllByRole('row')[1]).getByRole('link', {
        name: 'dave',
      }),
    ).toHaveAttribute('href', '/catalog/default/user/dave');
    expect(overrides.getAllByRole('row')[3]).toHaveTextContent(
      'app-config (opsHealth.schedules)',
    );
    // Only the signed-in user's own portal overrides can be given back.
    expect(
      await overrides.findAllByRole('button', {
        name: /^Give back the shift from /,
      }),
    ).toHaveLength(1);
    // Each says which shift it gives back.
    expect(
      overrides.getByRole('button', { name: /^Give back/ }),
    ).toHaveAccessibleName(
      /^Give back the shift from \w{3} \d+ \w{3}, \d\d:\d\d \S+ to \w{3} \d+ \w{3}, \d\d:\d\d \S+$/,
    );

    await userEvent.click(
      within(rows[1]).getByRole('button', { name: /Take the shift from/ }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/From/)).toHaveValue(
      toLocalInput('2026-12-07T08:00:00.000Z'),
    );
    expect(within(dialog).getByLabelText(/Note for the team/)).toHaveValue(
      'Taking over from Dave',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Take the shift' }),
    );
    // Times left as offered are sent as offered.
    expect(createScheduleOverride).toHaveBeenCalledWith('platform-ops', {
      from: '2026-12-07T08:00:00.000Z',
      to: '2026-12-14T08:00:00.000Z',
      note: 'Taking over from Dave',
    });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'only members of group:default/platform-ops and of its rotation are',
    );
  });
});

describe('SchedulePage on a fixed date', () => {
  onAFixedDate(THURSDAY);

  /** The schedule page, with the dialog to take the shift under way open. */
  async function takeTheShiftUnderWay() {
    const createScheduleOverride = jest.fn(async () => ({} as any));
    await renderAt('/schedules/platform-ops', {
      getSchedule: async () => SCHEDULE,
      createScheduleOverride,
    });
    const shifts = within(await screen.findByRole('table', { name: 'Shifts' }));
    await userEvent.click(
      within(shifts.getAllByRole('row')[1]).getByRole('button', {
        name: /Take the shift from/,
      }),
    );
    const dialog = await screen.findByRole('dialog');
    return { createScheduleOverride, dialog };
  }

  it('offers the shift under way from now, not from its start', async () => {
    const { createScheduleOverride, dialog } = await takeTheShiftUnderWay();
    expect(within(dialog).getByLabelText(/From/)).toHaveValue(
      toLocalInput('2026-12-03T12:00:00.000Z'),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Take the shift' }),
    );
    expect(createScheduleOverride).toHaveBeenCalledWith('platform-ops', {
      from: '2026-12-03T12:00:00.000Z',
      to: '2026-12-07T08:00:00.000Z',
      note: 'Taking over from Alice',
    });
  });

  it('says in your own time what the backend would refuse, without sending it', async () => {
    const { createScheduleOverride, dialog } = await takeTheShiftUnderWay();
    expect(dialog).toHaveTextContent(
      `Times are in your time zone (${
        new Intl.DateTimeFormat().resolvedOptions().timeZone
      }).`,
    );
    const setTo = async (iso: string) => {
      const to = within(dialog).getByLabelText(/To/);
      await userEvent.clear(to);
      await userEvent.type(to, toLocalInput(iso));
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Take the shift' }),
      );
    };
    // An end before the start (now, 3 Dec 12:00 UTC).
    await setTo('2026-12-03T11:00:00.000Z');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      `The end (${formatTime(
        '2026-12-03T11:00:00.000Z',
      )}) must be after the start (${formatTime('2026-12-03T12:00:00.000Z')}).`,
    );
    // A start left empty: asked for, in those words.
    await userEvent.clear(within(dialog).getByLabelText(/From/));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Take the shift' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /^Enter a start date and time\.$/,
    );
    expect(createScheduleOverride).not.toHaveBeenCalled();
  });
});

describe('AcknowledgePage', () => {
  const acknowledged: OpsHealthAcknowledgement = {
    acknowledged: true,
    incident: {
      id: 'i-1',
      entityRef: 'component:default/checkout',
      title: 'Checkout returns 502',
      severity: 'SEV1',
      phase: 'assessment',
      version: 2,
      createdBy: 'ops-health:automation',
      createdAt: '2026-12-02T10:00:00.000Z',
      updatedAt: '2026-12-02T10:07:00.000Z',
      escalationLevel: 1,
    } as OpsHealthAcknowledgement['incident'],
    link: '/catalog/default/component/checkout/ops-health/incidents/i-1',
  };

  it('posts the link once and says the incident moved to assessment', async () => {
    const acknowledgeFromLink = jest.fn(async () => acknowledged);
    await renderAt('/acknowledge?token=abc.def', { acknowledgeFromLink });
    expect(
      await screen.findByText(/You acknowledged the SEV1 incident/),
    ).toHaveTextContent(
      'You acknowledged the SEV1 incident “Checkout returns 502” on component:default/checkout. It moved to assessment, and its escalation stopped.',
    );
    expect(
      screen.getByRole('link', { name: 'Open the incident' }),
    ).toHaveAttribute('href', acknowledged.link);
    expect(acknowledgeFromLink).toHaveBeenCalledTimes(1);
    expect(acknowledgeFromLink).toHaveBeenCalledWith('abc.def');
  });

  it.each([
    ['expired', 403, 'NotAllowedError', 'This acknowledge link has expired'],
    ['used', 409, 'ConflictError', 'This acknowledge link was already used'],
    ['tampered', 400, 'InputError', 'This acknowledge link is damaged'],
    [
      'wrong-recipient',
      403,
      'NotAllowedError',
      'This acknowledge link is for someone else',
    ],
  ])(
    'says why a %s link is refused, with the backend’s message',
    async (reason, status, name, title) => {
      const message = `Backend says: ${reason}`;
      await renderAt(`/acknowledge?token=${reason}-token`, {
        acknowledgeFromLink: async () => {
          throw await responseError(status, message, name, { reason });
        },
      });
      expect(await screen.findByText(new RegExp(title))).toBeInTheDocument();
      expect(screen.getByText(message)).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'Ops Health page' }),
      ).toBeInTheDocument();
    },
  );

  it('asks for the link when there is no token', async () => {
    const acknowledgeFromLink = jest.fn();
    await renderAt('/acknowledge', { acknowledgeFromLink });
    expect(await screen.findByText(/No acknowledge link/)).toBeInTheDocument();
    await waitFor(() => expect(acknowledgeFromLink).not.toHaveBeenCalled());
  });
});
