import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpsHealthApi } from '../../api';
import {
  backupDetails,
  minutesAgo,
  renderWithApi,
  responseError,
  result,
  testEntity,
  onAFixedDate,
} from '../../__testUtils__/fixtures';
import { BackupSection } from './BackupSection';

// Each test's clock stands still when the fixtures were made: "10 min ago"
// does not turn into "11 min ago" on a machine slow to render it.
onAFixedDate(new Date().toISOString());

const detail = (results: ReturnType<typeof result>[]) => async () => ({
  entityRef: 'component:default/checkout-service',
  checkId: 'backup' as const,
  results,
  metricSamples: [],
});

const tooOld = result({
  checkId: 'backup',
  subject: 'checkout-service',
  status: 'critical',
  message: 'The newest backup is 30 h old, over 26 h',
  details: backupDetails(),
});

function api(overrides: Partial<OpsHealthApi> = {}): Partial<OpsHealthApi> {
  return { getEntityCheck: detail([tooOld]), ...overrides };
}

describe('BackupSection', () => {
  it('shows the restore point, its age against the maximum and the failed jobs', async () => {
    await renderWithApi(<BackupSection />, api());
    expect(await screen.findByText('Backup: critical')).toBeInTheDocument();
    expect(
      screen.getByText('S3 object s3://checkout-backups/db/2026-11-25.dump'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('30 h old, the maximum is 26 h'),
    ).toBeInTheDocument();
    // How to restore from it, ready to copy.
    const restore = screen.getByRole('region', { name: 'Restore command' });
    expect(restore).toHaveTextContent(
      "aws s3 cp 's3://checkout-backups/db/2026-11-25.dump' './2026-11-25.dump'",
    );
    expect(
      within(restore).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    const jobs = screen.getByRole('list', { name: 'Failed backup jobs' });
    expect(within(jobs).getByText('job-42: FAILED')).toBeInTheDocument();
    expect(
      within(jobs).getByText(
        'started 2 h ago · Insufficient privileges to perform backup',
      ),
    ).toBeInTheDocument();
  });

  it("shows how the backup function runs against its timeout and memory, with the runbook's tuning section", async () => {
    const slow = result({
      checkId: 'backup',
      subject: '',
      status: 'critical',
      message: 'Backup function nightly-dump timed out once (timeout 10 s)',
      details: {
        ...backupDetails(),
        tuning: {
          functionName: 'nightly-dump',
          windowSeconds: 24 * 3600,
          timeoutSeconds: 10,
          memorySizeMb: 512,
          invocations: 24,
          errors: 1,
          throttles: 0,
          maxDurationMs: 10_000,
          p95DurationMs: 8_200,
          maxMemoryUsedMb: 300,
          reports: 24,
          timeouts: 1,
          outOfMemory: 0,
          durationSeries: [
            { time: '2026-11-30T10:00:00.000Z', maxDurationMs: 6_000 },
            { time: '2026-11-30T11:00:00.000Z', maxDurationMs: 10_000 },
          ],
          periodSeconds: 3600,
        },
      },
    });
    await renderWithApi(
      <BackupSection />,
      api({ getEntityCheck: detail([slow]) }),
      {
        contentOptions: {
          runbookBaseUrl: 'https://runbooks.example.com/checkout',
        },
      },
    );
    const section = await screen.findByRole('region', {
      name: 'Backup function tuning',
    });
    expect(section).toHaveTextContent(
      'Backup function nightly-dump, last 24 h',
    );
    expect(section).toHaveTextContent(
      'Longest run10 s of 10 s timeout (100 %), timed out 1 time',
    );
    expect(section).toHaveTextContent('95th percentile8.2 s (24 runs logged)');
    expect(section).toHaveTextContent('Memory used300 of 512 MB (59 %)');
    expect(section).toHaveTextContent(
      'Invocations, errors, throttles24 · 1 · 0',
    );
    expect(
      within(section).getByRole('img', {
        name: /at most 10 s against a 10 s timeout/,
      }),
    ).toBeInTheDocument();
    // The chart's times are the viewer's, and say so.
    expect(section).toHaveTextContent(
      `Each point is the longest run in the 60 min from its time. Times in your time zone (${
        new Intl.DateTimeFormat().resolvedOptions().timeZone
      })`,
    );
    expect(
      within(section).getByRole('link', {
        name: /Runbook: optimizing-backup-functions/,
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('optimizing-backup-functions'),
    );
  });

  it('says when there is nothing to restore from', async () => {
    await renderWithApi(
      <BackupSection />,
      api({
        getEntityCheck: detail([
          result({
            ...tooOld,
            details: backupDetails({
              restorePoint: null,
              awsBackup: undefined,
            }),
          }),
        ]),
      }),
    );
    expect(
      await screen.findByText(
        'No successful backup found: there is nothing to restore from.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Restore command' }),
    ).not.toBeInTheDocument();
  });

  it('tells an entity without backup annotations what to add', async () => {
    await renderWithApi(
      <BackupSection />,
      api({ getEntityCheck: detail([]) }),
      {
        entity: testEntity({ 'ops-health/cost-tags': 'service=x' }),
      },
    );
    expect(
      await screen.findByText(
        /Add ops-health\/backup-s3 and ops-health\/backup-max-age to follow the backups/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Trigger backup' }),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's message when the check cannot be read", async () => {
    const error = await responseError(
      401,
      'Missing credentials',
      'AuthenticationError',
    );
    await renderWithApi(
      <BackupSection />,
      api({
        getEntityCheck: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText('Error: Missing credentials'),
    ).toBeInTheDocument();
  });

  it('marks a result whose collection failed as stale', async () => {
    await renderWithApi(
      <BackupSection />,
      api({
        getEntityCheck: detail([
          result({
            ...tooOld,
            stale: true,
            error: 'AccessDeniedException',
            errorAt: minutesAgo(5),
          }),
        ]),
      }),
    );
    const chip = await screen.findByText('stale');
    expect(chip.closest('[aria-label]')).toHaveAttribute(
      'aria-label',
      'stale: Last collection failed 5 min ago: AccessDeniedException',
    );
  });

  it('triggers the backup function and shows the invocation', async () => {
    const triggerBackup = jest.fn(async () => ({
      functionName: 'checkout-backup',
      statusCode: 202,
      requestId: 'req-7',
      invokedAt: '2026-11-26T10:00:00.000Z',
    }));
    await renderWithApi(<BackupSection />, api({ triggerBackup }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Trigger backup' }),
    );
    expect(
      await screen.findByText(
        /Backup function checkout-backup invoked at .* \(request req-7\)/,
      ),
    ).toBeInTheDocument();
    expect(triggerBackup).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });
  });

  it("shows the backend's explanation when triggering is not allowed (403)", async () => {
    const error = await responseError(
      403,
      'You are not allowed to trigger Ops Health actions on component:default/checkout-service (permission ops-health.action.trigger)',
    );
    await renderWithApi(
      <BackupSection />,
      api({
        triggerBackup: async () => {
          throw error;
        },
      }),
    );
    const button = await screen.findByRole('button', {
      name: 'Trigger backup',
    });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(
      await screen.findByText(
        'Error: Not allowed: You are not allowed to trigger Ops Health actions on component:default/checkout-service (permission ops-health.action.trigger)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/invoked at/)).not.toBeInTheDocument();
  });

  it('says when a backup was triggered moments ago as information, not as an error (429)', async () => {
    const message =
      'The backup function checkout-backup was triggered 10 min ago by user:default/alice; it runs on its own, and may be triggered again in 5 min (at most once every 15 min). Its result shows in the backup check.';
    const error = await responseError(429, message);
    await renderWithApi(
      <BackupSection />,
      api({
        triggerBackup: async () => {
          throw error;
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Trigger backup' }),
    );
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(message);
    expect(screen.queryByText(/^Error:/)).not.toBeInTheDocument();
  });

  it('checks the backup again now, and shows the new result', async () => {
    const fixed = result({
      checkId: 'backup',
      subject: 'checkout-service',
      status: 'ok',
      message: 'The newest backup is 1 h old (max 26 h)',
      details: backupDetails(),
    });
    const reads = [[tooOld], [fixed]];
    const getEntityCheck = jest.fn(async () => detail(reads.shift()!)());
    const measureEntityCheck = jest.fn(async () => ({ results: [fixed] }));
    await renderWithApi(
      <BackupSection />,
      api({ getEntityCheck, measureEntityCheck }),
    );
    expect(await screen.findByText('Backup: critical')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Check Backup now' }),
    );
    expect(await screen.findByText('Backup: ok')).toBeInTheDocument();
    expect(measureEntityCheck).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-service' },
      'backup',
    );
    expect(getEntityCheck).toHaveBeenCalledTimes(2);
  });

  it('says when the backend refuses to check again so soon (429)', async () => {
    const error = await responseError(
      429,
      'The backup check of component:default/checkout-service was measured on request less than 60 s ago; try again in 42 s',
    );
    (error.body.error as { retryAfterSeconds?: number }).retryAfterSeconds = 42;
    const getEntityCheck = jest.fn(detail([tooOld]));
    await renderWithApi(
      <BackupSection />,
      api({
        getEntityCheck,
        measureEntityCheck: async () => {
          throw error;
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Check Backup now' }),
    );
    // Said as a wait, counted down, with the button waiting too.
    expect(await screen.findByRole('status')).toHaveTextContent(
      /^Checked on request just now; check again in 4[12] s$/,
    );
    expect(
      screen.getByRole('button', { name: 'Check Backup now' }),
    ).toBeDisabled();
    expect(screen.getByText('Backup: critical')).toBeInTheDocument();
    expect(getEntityCheck).toHaveBeenCalledTimes(1);
  });

  it('takes the refusal away once the wait it gave is over', async () => {
    const error = await responseError(
      429,
      'The backup check of component:default/checkout-service was measured on request less than 60 s ago; try again in 1 s',
      'TooManyRequestsError',
    );
    // The wait, as the backend's body gives it; short here.
    (
      error.body.error as { retryAfterSeconds?: number }
    ).retryAfterSeconds = 0.3;
    await renderWithApi(
      <BackupSection />,
      api({
        getEntityCheck: jest.fn(detail([tooOld])),
        measureEntityCheck: async () => {
          throw error;
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Check Backup now' }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'check again in 1 s',
    );
    await waitFor(
      () =>
        expect(
          screen.queryByText(/Checked on request just now/),
        ).not.toBeInTheDocument(),
      { timeout: 5000 },
    );
    expect(
      screen.getByRole('button', { name: 'Check Backup now' }),
    ).toBeEnabled();
  });
});
