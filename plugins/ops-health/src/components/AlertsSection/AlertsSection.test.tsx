import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpsHealthAlert, OpsHealthApi, OpsHealthSilence } from '../../api';
import {
  ENTITY_REF,
  minutesAgo,
  renderWithApi,
  responseError,
  onAFixedDate,
} from '../../__testUtils__/fixtures';
import { formatTime } from '../common/format';
import { AlertsSection } from './AlertsSection';

// Each test's clock stands still when the fixtures were made: "10 min ago"
// does not turn into "11 min ago" on a machine slow to render it.
onAFixedDate(new Date().toISOString());

function alert(overrides: Partial<OpsHealthAlert> = {}): OpsHealthAlert {
  return {
    id: 'a1',
    dedupKey: `${ENTITY_REF}|cost|`,
    entityRef: ENTITY_REF,
    checkId: 'cost',
    subject: '',
    state: 'firing',
    severity: 'critical',
    headline: 'USD 420 yesterday, over USD 150/day',
    message:
      'Yesterday (25 Nov, UTC) cost USD 420.00, over the daily threshold of USD 150.',
    runbookSection: 'cost-overrun-alert',
    firstSeen: minutesAgo(90),
    lastSeen: minutesAgo(1),
    firedAt: minutesAgo(60),
    notifyCount: 2,
    silenced: false,
    ...overrides,
  };
}

const silence: OpsHealthSilence = {
  id: 's1',
  dedupKey: `${ENTITY_REF}|replication|checkout-data`,
  reason: 'Planned migration of the DR bucket',
  createdBy: 'user:default/jane',
  createdAt: minutesAgo(10),
  // In an hour.
  expiresAt: minutesAgo(-60),
};

describe('AlertsSection', () => {
  it('lists the open alerts with their silenced state', async () => {
    const listAlerts = jest.fn(async () => ({
      items: [
        alert(),
        alert({
          id: 'a2',
          dedupKey: `${ENTITY_REF}|replication|checkout-data`,
          checkId: 'replication',
          subject: 'checkout-data',
          severity: 'warning',
          headline: 'Replication latency 30 min',
          message: 'Replication latency 30 min',
          silenced: true,
        }),
      ],
    }));
    await renderWithApi(<AlertsSection />, {
      listAlerts,
      listSilences: async () => ({ items: [silence], totalCount: 1 }),
    });
    const list = await screen.findByRole('list', { name: 'Open alerts' });
    const [cost, replication] = within(list).getAllByRole('listitem');
    // The headline (the explanation as its tooltip), then what and since
    // when; the section of the check has the long explanation.
    expect(cost).toHaveTextContent(
      /^USD 420 yesterday, over USD 150\/dayAWS cost · critical · firing since 60 min ago/,
    );
    expect(
      within(cost).getByText('USD 420 yesterday, over USD 150/day'),
    ).toHaveAttribute(
      'title',
      'Yesterday (25 Nov, UTC) cost USD 420.00, over the daily threshold of USD 150.',
    );
    expect(
      within(cost).getByRole('button', { name: 'Silence AWS cost' }),
    ).toBeInTheDocument();
    expect(replication).toHaveTextContent(
      'S3 replication · checkout-data · warning · firing',
    );
    // When it ends and how long it has left, the date and zone as its
    // tooltip.
    expect(
      within(replication)
        .getByText(/^silenced until \d\d:\d\d \S+ \(in 60 min\)$/)
        .closest('[title]'),
    ).toHaveAttribute('title', `Until ${formatTime(silence.expiresAt)}`);
    // Who silenced it by name, linked to them in the catalog.
    expect(replication).toHaveTextContent(
      'silenced by jane: Planned migration of the DR bucket',
    );
    expect(
      within(replication).getByRole('link', { name: 'jane' }),
    ).toHaveAttribute('href', '/catalog/default/user/jane');
    expect(
      within(replication).queryByRole('button', { name: /^Silence/ }),
    ).not.toBeInTheDocument();
    expect(listAlerts).toHaveBeenCalledWith({ entityRef: ENTITY_REF });
  });

  it('shows the whole message of an alert whose headline was cut short', async () => {
    const message =
      'Account 123456789012: metric filter iam-policy-changes watches IAM policy changes but no alarm watches its metric';
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => ({
        items: [
          alert({
            checkId: 'posture',
            severity: 'warning',
            headline:
              '1 posture finding: metric filter iam-policy-changes watches IAM policy changes but no…',
            message,
          }),
        ],
      }),
      listSilences: async () => ({ items: [], totalCount: 0 }),
    });
    const list = await screen.findByRole('list', { name: 'Open alerts' });
    expect(within(list).getByText(message)).toBeInTheDocument();
  });

  it('says when there are no open alerts', async () => {
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => ({ items: [] }),
      listSilences: async () => ({ items: [], totalCount: 0 }),
    });
    expect(await screen.findByText('No open alerts')).toBeInTheDocument();
  });

  it("shows the backend's message when alerts cannot be read", async () => {
    const error = await responseError(
      400,
      'Invalid entityRef: bad',
      'InputError',
    );
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => {
        throw error;
      },
      listSilences: async () => ({ items: [], totalCount: 0 }),
    });
    expect(
      await screen.findByText('Error: Invalid entityRef: bad'),
    ).toBeInTheDocument();
  });

  it('silences an alert for a duration with a reason', async () => {
    let silenced = false;
    const createSilence = jest.fn(async () => {
      silenced = true;
      return { ...silence, id: 's2', dedupKey: alert().dedupKey };
    });
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => ({ items: [alert({ silenced })] }),
      listSilences: async () => ({
        items: silenced
          ? [{ ...silence, id: 's2', dedupKey: alert().dedupKey }]
          : [],
        totalCount: silenced ? 1 : 0,
      }),
      createSilence,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence AWS cost' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Silence alert' });
    const submit = within(dialog).getByRole('button', { name: 'Silence' });
    expect(submit).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('1 day'));
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Load test until tomorrow',
    );
    await userEvent.click(submit);

    expect(createSilence).toHaveBeenCalledWith(
      {
        dedupKey: `${ENTITY_REF}|cost|`,
        duration: '1d',
        reason: 'Load test until tomorrow',
      },
      { idempotencyKey: expect.stringMatching(/^[!-~]{1,255}$/) },
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      await screen.findByText(/^silenced until \d\d:\d\d \S+ \(in 60 min\)$/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'End silence of AWS cost' }),
    ).toBeInTheDocument();
  });

  /** Silences the alert through the dialog; the backend answers `status`. */
  async function silenceRefused(status: number, message: string) {
    const error = await responseError(status, message);
    const createSilence = jest.fn(async () => {
      throw error;
    });
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => ({ items: [alert()] }),
      listSilences: async () => ({ items: [], totalCount: 0 }),
      createSilence,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Silence AWS cost' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'noise{Enter}',
    );
    return { dialog, createSilence };
  }

  it("shows the backend's explanation in the dialog when silencing is not allowed, and a retry sends the same key", async () => {
    const { dialog, createSilence } = await silenceRefused(
      403,
      'You are not allowed to manage silences (permission ops-health.silence.manage)',
    );
    expect(
      await within(dialog).findByText(
        'Error: You are not allowed to manage silences (permission ops-health.silence.manage)',
      ),
    ).toBeInTheDocument();
    // Sent again from the same dialog: the same silence as far as the
    // backend knows (one Idempotency-Key per dialog).
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Silence' }),
    );
    await waitFor(() => expect(createSilence).toHaveBeenCalledTimes(2));
    const keys = (createSilence.mock.calls as unknown[][]).map(
      call => (call[1] as { idempotencyKey: string }).idempotencyKey,
    );
    expect(keys[0]).toMatch(/^[!-~]{1,255}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('says the alert is already silenced when a retry with changed fields is refused as a conflict', async () => {
    const { dialog } = await silenceRefused(
      409,
      "You already created silence s1 with the Idempotency-Key k, with other fields than this request's; send a new key for a new silence",
    );
    expect(
      await within(dialog).findByText(
        /^Error: This dialog already silenced the alert: an earlier try went through/,
      ),
    ).toBeInTheDocument();
  });

  it('ends a silence', async () => {
    let active = true;
    const expireSilence = jest.fn(async () => {
      active = false;
      return { ...silence, expiredAt: minutesAgo(0) };
    });
    await renderWithApi(<AlertsSection />, {
      listAlerts: async () => ({
        items: [
          alert({
            dedupKey: silence.dedupKey!,
            checkId: 'replication',
            subject: 'checkout-data',
            silenced: active,
          }),
        ],
      }),
      listSilences: async () => ({
        items: active ? [silence] : [],
        totalCount: active ? 1 : 0,
      }),
      expireSilence,
    } as Partial<OpsHealthApi>);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'End silence of S3 replication checkout-data',
      }),
    );
    expect(expireSilence).toHaveBeenCalledWith('s1');
    expect(
      await screen.findByRole('button', {
        name: 'Silence S3 replication checkout-data',
      }),
    ).toBeInTheDocument();
  });
});
