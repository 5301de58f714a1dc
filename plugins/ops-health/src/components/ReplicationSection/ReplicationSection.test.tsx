import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OpsHealthApi, OpsHealthCanaryRun } from '../../api';
import {
  minutesAgo,
  renderWithApi,
  replicationDetails,
  responseError,
  result,
  testEntity,
} from '../../__testUtils__/fixtures';
import { ReplicationSection } from './ReplicationSection';

const detail = (results: ReturnType<typeof result>[]) => async () => ({
  entityRef: 'component:default/checkout-service',
  checkId: 'replication' as const,
  results,
  metricSamples: [],
});

const failing = result({
  checkId: 'replication',
  subject: 'checkout-data',
  status: 'critical',
  message: '7 operations failed to replicate',
  runbookSection: 's3-replication-failure',
  details: replicationDetails(),
});

function run(overrides: Partial<OpsHealthCanaryRun>): OpsHealthCanaryRun {
  return {
    id: 'run-1',
    bucket: 'checkout-data',
    entityRef: 'component:default/checkout-service',
    status: 'running',
    createdBy: 'user:default/jane',
    startedAt: minutesAgo(0),
    ...overrides,
  };
}

function api(overrides: Partial<OpsHealthApi>): Partial<OpsHealthApi> {
  return {
    getEntityCheck: detail([failing]),
    getReplicationCanaryRuns: async () => ({ runs: [] }),
    ...overrides,
  };
}

describe('ReplicationSection', () => {
  it('shows the rules of each bucket with status, latency and failed operations', async () => {
    await renderWithApi(<ReplicationSection />, api({}));
    expect(
      await screen.findByText('checkout-data: critical'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('7 operations failed to replicate in the last hour'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Replication rules of checkout-data',
    });
    const [, row] = within(table).getAllByRole('row');
    const cells = within(row).getAllByRole('cell');
    expect(cells.map(c => c.textContent)).toEqual([
      'to-dr',
      'Enabled',
      'checkout-data-dr',
      '30 min',
      '12',
      '7',
    ]);
    expect(
      screen.getByText('Replication role replication: assumable by S3'),
    ).toBeInTheDocument();
  });

  it('checks the replication of every bucket again now, from the card header', async () => {
    const measureEntityCheck = jest.fn(async () => ({ results: [failing] }));
    const getEntityCheck = jest.fn(detail([failing]));
    await renderWithApi(
      <ReplicationSection />,
      api({ getEntityCheck, measureEntityCheck }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Check replication now' }),
    );
    await waitFor(() => expect(getEntityCheck).toHaveBeenCalledTimes(2));
    expect(measureEntityCheck).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-service' },
      'replication',
    );
    expect(screen.getByText('checkout-data: critical')).toBeInTheDocument();
  });

  it('tells an entity without buckets what to add, without a test button', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({ getEntityCheck: detail([]) }),
      { entity: testEntity({ 'ops-health/cost-tags': 'service=x' }) },
    );
    expect(
      await screen.findByText(/Add the ops-health\/s3-replication annotation/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run replication test' }),
    ).not.toBeInTheDocument();
  });

  it("shows the backend's message when the check cannot be read", async () => {
    const error = await responseError(500, 'database is locked', 'Error');
    await renderWithApi(
      <ReplicationSection />,
      api({
        getEntityCheck: async () => {
          throw error;
        },
      }),
    );
    expect(
      await screen.findByText('Error: database is locked'),
    ).toBeInTheDocument();
  });

  it('marks a result not refreshed for twice the schedule as stale', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({
        getEntityCheck: detail([
          result({ ...failing, status: 'ok', measuredAt: minutesAgo(25) }),
        ]),
      }),
    );
    const chip = await screen.findByText('stale');
    expect(chip.closest('[aria-label]')).toHaveAttribute(
      'aria-label',
      'stale: Not refreshed for 25 min, more than 10 min',
    );
  });

  it('runs a replication test and shows its progress until it has finished', async () => {
    const polls = [
      {
        runs: [
          run({ progress: 'Probe written, waiting for checkout-data-dr' }),
        ],
      },
      {
        runs: [
          run({
            status: 'ok',
            finishedAt: minutesAgo(0),
            result: {
              message: 'Replicated to 1 destination in 12 s',
              destinations: [
                {
                  bucket: 'checkout-data-dr',
                  ruleId: 'to-dr',
                  replicatedAfterMs: 4_100,
                  timedOut: false,
                },
              ],
            },
          }),
        ],
      },
    ];
    let initial = true;
    // Holds the first poll until the test has seen the running state.
    let openGate: () => void;
    const gate = new Promise<void>(resolve => {
      openGate = resolve;
    });
    const getReplicationCanaryRuns = jest.fn(async () => {
      if (initial) {
        initial = false;
        return { runs: [] };
      }
      const next = polls.shift();
      if (polls.length === 1) await gate;
      return next ?? { runs: [] };
    });
    const startReplicationCanary = jest.fn(async () => ({
      started: true as const,
      runs: [run({})],
    }));
    const getEntityCheck = jest.fn(detail([failing]));
    await renderWithApi(
      <ReplicationSection />,
      api({ getReplicationCanaryRuns, startReplicationCanary, getEntityCheck }),
    );

    await userEvent.click(
      await screen.findByRole('button', { name: 'Run replication test' }),
    );
    expect(startReplicationCanary).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });
    expect(
      await screen.findByText('Test of checkout-data: running'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Replication test running…' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('progressbar', {
        name: 'Test of checkout-data running',
      }),
    ).toBeInTheDocument();
    openGate!();
    expect(
      await screen.findByText('Probe written, waiting for checkout-data-dr'),
    ).toBeInTheDocument();

    expect(
      await screen.findByText('Test of checkout-data: replicated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('checkout-data-dr: replicated in 4.1 s'),
    ).toBeInTheDocument();
    // Only the progress and outcome are a live region: who started the
    // test, and how long ago, are not announced as they change.
    const progress = screen.getByRole('status', {
      name: 'Progress of the test of checkout-data',
    });
    expect(progress).toHaveTextContent('checkout-data-dr: replicated in 4.1 s');
    expect(progress).not.toHaveTextContent(/Started by|jane/);
    expect(
      screen.getByText(/^Started by/).closest('[aria-live], [role="status"]'),
    ).toBeNull();
    // Who started it, by name, linked to them in the catalog.
    expect(screen.getByRole('link', { name: 'jane' })).toHaveAttribute(
      'href',
      '/catalog/default/user/jane',
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Run replication test' }),
    ).toBeEnabled();
    // The check is read again to show the new canary result.
    await waitFor(() => expect(getEntityCheck).toHaveBeenCalledTimes(2));
  });

  it('shows a test that timed out', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({
        getReplicationCanaryRuns: async () => ({
          runs: [
            run({
              status: 'critical',
              finishedAt: minutesAgo(1),
              result: {
                message:
                  'The probe did not reach checkout-data-dr within 5 min',
                destinations: [
                  {
                    bucket: 'checkout-data-dr',
                    ruleId: 'to-dr',
                    timedOut: true,
                  },
                ],
                cleanupErrors: ['checkout-data/probe-1: AccessDenied'],
              },
            }),
          ],
        }),
      }),
    );
    expect(
      await screen.findByText('Test of checkout-data: failed'),
    ).toBeInTheDocument();
    // Said once, per destination, with what to do next.
    expect(
      screen.queryByText(
        'The probe did not reach checkout-data-dr within 5 min',
      ),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('checkout-data-dr: timed out, the probe did not arrive'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^Next: fix what this section lists for the bucket/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Could not delete the probe: checkout-data/probe-1: AccessDenied',
      ),
    ).toBeInTheDocument();
  });

  it('shows why a test could not run and what to do', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({
        getReplicationCanaryRuns: async () => ({
          runs: [
            run({
              status: 'error',
              finishedAt: minutesAgo(1),
              result: {
                error: 'Could not write the probe: AccessDenied',
              },
            }),
          ],
        }),
      }),
    );
    expect(
      await screen.findByText('Test of checkout-data: could not run'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Could not write the probe: AccessDenied'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Ops Health's AWS role needs s3:PutObject/),
    ).toBeInTheDocument();
  });

  it('says to run a test again when its process stopped, not to fix permissions', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({
        getReplicationCanaryRuns: async () => ({
          runs: [
            run({
              status: 'error',
              finishedAt: minutesAgo(1),
              result: {
                error:
                  'did not finish: no result came within its timeout and a minute more, so the backend process running it most likely stopped (e.g. a restart or a redeploy); run the test again',
                reason: 'abandoned',
              },
            }),
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(/^Next: run the test again; if it keeps/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Test of checkout-data: did not finish'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/s3:PutObject/)).not.toBeInTheDocument();
  });

  it('reads a run an older backend closed as abandoned by its error', async () => {
    await renderWithApi(
      <ReplicationSection />,
      api({
        getReplicationCanaryRuns: async () => ({
          runs: [
            run({
              status: 'error',
              finishedAt: minutesAgo(1),
              result: { error: 'abandoned: the run did not finish' },
            }),
          ],
        }),
      }),
    );
    expect(
      await screen.findByText('Test of checkout-data: did not finish'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/s3:PutObject/)).not.toBeInTheDocument();
  });

  it('shows the running test when one was already going on (409)', async () => {
    let calls = 0;
    await renderWithApi(
      <ReplicationSection />,
      api({
        getReplicationCanaryRuns: async () => {
          calls += 1;
          return calls === 1
            ? { runs: [] }
            : {
                runs: [run({ id: 'run-0', progress: 'Polling destinations' })],
              };
        },
        startReplicationCanary: async () => ({
          started: false as const,
          message:
            'A replication test of bucket checkout-data is already running: started by user:default/joe',
          running: run({
            id: 'run-0',
            createdBy: 'user:default/joe',
            progress: 'Polling destinations',
          }),
        }),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run replication test' }),
    );
    expect(
      await screen.findByText(
        'Info: A test is already running: A replication test of bucket checkout-data is already running: started by user:default/joe',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Test of checkout-data: running'),
    ).toBeInTheDocument();
    expect(screen.getByText('Polling destinations')).toBeInTheDocument();
  });

  it("shows the backend's explanation when the test is not allowed (403)", async () => {
    const error = await responseError(
      403,
      'You are not allowed to trigger Ops Health actions on component:default/checkout-service (permission ops-health.action.trigger)',
    );
    await renderWithApi(
      <ReplicationSection />,
      api({
        startReplicationCanary: async () => {
          throw error;
        },
      }),
    );
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Run replication test' }),
    );
    expect(
      await screen.findByText(
        'Error: Not allowed: You are not allowed to trigger Ops Health actions on component:default/checkout-service (permission ops-health.action.trigger)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Run replication test' }),
    ).toBeEnabled();
  });
});
