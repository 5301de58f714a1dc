import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { NOT_MEASURED_YET } from '@ops-health/backstage-plugin-ops-health-common';
import { minutesAgo, result, onAFixedDate } from '../../__testUtils__/fixtures';
import { ResultSummary } from './ResultSummary';

// Each test's clock stands still when the fixtures were made: "10 min ago"
// does not turn into "11 min ago" on a machine slow to render it.
onAFixedDate(new Date().toISOString());

describe('ResultSummary', () => {
  it('says a message its headline cuts short once, whole', async () => {
    const message =
      'Replicating to billing-ledger-replica, latency up to 60 s, no failed operations in the last 60 min, 0 pending';
    const r = result({ checkId: 'replication', status: 'ok', message });
    expect(r.headline.endsWith('…')).toBe(true);
    await renderInTestApp(<ResultSummary result={r} title="S3 replication" />);
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByText(r.headline)).not.toBeInTheDocument();
    expect(document.body).toHaveTextContent(/measured 3 min ago/);
  });

  it('keeps a headline that is not the message cut short, and the message after it', async () => {
    const r = result({
      status: 'ok',
      headline: 'USD 420 yesterday, over USD 150/day',
      message:
        'Yesterday (5 Dec, UTC) cost USD 420.00, over the daily threshold',
    });
    await renderInTestApp(<ResultSummary result={r} title="AWS cost" />);
    expect(
      screen.getByText('USD 420 yesterday, over USD 150/day'),
    ).toBeInTheDocument();
    expect(document.body).toHaveTextContent(
      /Yesterday \(5 Dec, UTC\) cost USD 420\.00, over the daily threshold · measured 3 min ago/,
    );
  });

  it('does not call a check that has only ever failed measured', async () => {
    const r = result({
      status: 'unknown',
      message: `${NOT_MEASURED_YET}GetCostAndUsage: AccessDenied`,
      measuredAt: minutesAgo(34),
      stale: true,
    });
    await renderInTestApp(<ResultSummary result={r} title="AWS cost" />);
    expect(document.body).toHaveTextContent(/first tried 34 min ago/);
    expect(document.body).not.toHaveTextContent(/measured 34 min ago/);
  });
});
