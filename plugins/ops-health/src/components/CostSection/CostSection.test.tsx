import { screen, within } from '@testing-library/react';
import { OpsHealthDailyCost } from '../../api';
import {
  costDetails,
  minutesAgo,
  renderWithApi,
  responseError,
  result,
  testEntity,
  onAFixedDate,
} from '../../__testUtils__/fixtures';
import { CostSection } from './CostSection';

// Each test's clock stands still when the fixtures were made: "10 min ago"
// does not turn into "11 min ago" on a machine slow to render it.
onAFixedDate(new Date().toISOString());

/** `count` days ending with the fixture's today, 2026-11-26. */
function dailyCosts(count: number): OpsHealthDailyCost[] {
  return Array.from({ length: count }, (_, i) => ({
    day: new Date(Date.UTC(2026, 10, 26 - (count - 1) + i))
      .toISOString()
      .slice(0, 10),
    // Days 0, 10, 20, ... are over the 150 threshold.
    amount: i % 10 === 0 ? 400 : 90,
    unit: 'USD',
    estimated: i === count - 1,
  }));
}

describe('CostSection', () => {
  it('shows the chart against the daily threshold, the month and the drivers', async () => {
    const getEntityCheck = jest.fn(async () => ({
      entityRef: 'component:default/checkout-service',
      checkId: 'cost' as const,
      results: [
        result({
          checkId: 'cost',
          status: 'critical',
          unit: 'USD',
          headline: 'USD 420 yesterday, over USD 150/day',
          message:
            'Yesterday (25 Nov, UTC) cost USD 420.00, over the daily threshold of USD 150.',
          details: costDetails(),
        }),
      ],
      dailyCosts: dailyCosts(40),
    }));
    await renderWithApi(<CostSection />, { getEntityCheck });

    expect(await screen.findByText('AWS cost: critical')).toBeInTheDocument();
    expect(getEntityCheck).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout-service' },
      'cost',
      { days: 30 },
    );
    expect(
      screen.getByText('USD 420 yesterday, over USD 150/day'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Daily AWS cost of the last 30 days (UTC), today so far',
      ),
    ).toBeInTheDocument();
    // Exactly the 30 days the title names, ending today: days 10, 20 and
    // 30 of the 40 are over.
    expect(
      screen.getByRole('img', {
        name: 'Daily cost of the last 30 days, today so far, threshold USD 150.00: 3 days over it',
      }),
    ).toBeInTheDocument();
    const chart = screen.getByRole('img', { name: /Daily cost/ });
    // The threshold's label is in the legend above the bars, not on them.
    expect(
      within(chart).queryByText(/Daily threshold/),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Daily threshold USD 150.00')).toBeInTheDocument();
    expect(screen.getByText('Over the threshold')).toBeInTheDocument();
    expect(screen.getByText('Today so far')).toBeInTheDocument();
    expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(30);
    expect(screen.getByText('Yesterday (25 Nov)')).toBeInTheDocument();
    expect(
      screen.getByText('USD 420.00 of USD 150.00 a day'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/5.3× the 14-day average USD 80.00, a spike/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('So far today (26 Nov, partial)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('USD 1,875.50 of USD 2,500.00 (75%)', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /USD 1,840.50 settled \+ 5 days × the 14-day average USD 80.00/,
      ),
    ).toBeInTheDocument();

    const drivers = screen.getByRole('table', { name: 'Top cost drivers' });
    const rows = within(drivers).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(
      'Amazon Elastic Compute Cloud - ComputeUSD 1,200.0064%USD 300.00',
    );
    expect(within(drivers).getAllByRole('columnheader')[3]).toHaveTextContent(
      'Yesterday',
    );
    expect(rows[2]).toHaveTextContent('Amazon Simple Storage Service');
    expect(screen.queryByText('stale')).not.toBeInTheDocument();
    // Which spend this is: the tags to review first on an overrun.
    expect(screen.getByText('service=checkout').tagName).toBe('CODE');
    expect(
      screen.getByText(/^UnblendedCost of the resources tagged/),
    ).toHaveTextContent(
      'UnblendedCost of the resources tagged service=checkout. Spend that is missing here carries none of these tags, or the tag key is not activated as a cost allocation tag',
    );
  });

  it('says when the drivers were not looked up', async () => {
    await renderWithApi(<CostSection />, {
      getEntityCheck: async () => ({
        entityRef: 'component:default/checkout-service',
        checkId: 'cost' as const,
        results: [
          result({
            details: costDetails({ drivers: undefined, spike: false }),
          }),
        ],
        dailyCosts: dailyCosts(3),
      }),
    });
    expect(
      await screen.findByText(
        /Cost drivers are looked up when the entity is over/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/baseline/)).not.toBeInTheDocument();
  });

  it('tells an entity without cost tags what to add', async () => {
    await renderWithApi(
      <CostSection />,
      {
        getEntityCheck: async () => ({
          entityRef: 'component:default/checkout-service',
          checkId: 'cost' as const,
          results: [],
          dailyCosts: [],
        }),
      },
      { entity: testEntity({}) },
    );
    expect(
      await screen.findByText(/Add the ops-health\/cost-tags annotation/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('says when nothing was measured yet', async () => {
    await renderWithApi(<CostSection />, {
      getEntityCheck: async () => ({
        entityRef: 'component:default/checkout-service',
        checkId: 'cost' as const,
        results: [],
        dailyCosts: [],
      }),
    });
    expect(
      await screen.findByText('No cost has been measured for this entity yet.'),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the check cannot be read", async () => {
    const error = await responseError(
      404,
      'Entity component:default/checkout-service not found',
      'NotFoundError',
    );
    await renderWithApi(<CostSection />, {
      getEntityCheck: async () => {
        throw error;
      },
    });
    expect(
      await screen.findByText(
        'Error: Entity component:default/checkout-service not found',
      ),
    ).toBeInTheDocument();
  });

  it('marks a result the backend could not refresh as stale', async () => {
    await renderWithApi(<CostSection />, {
      getEntityCheck: async () => ({
        entityRef: 'component:default/checkout-service',
        checkId: 'cost' as const,
        results: [
          result({
            details: costDetails(),
            stale: true,
            error: 'ThrottlingException',
            errorAt: minutesAgo(20),
          }),
        ],
        dailyCosts: dailyCosts(3),
      }),
    });
    const chip = await screen.findByText('stale');
    expect(chip.closest('[aria-label]')).toHaveAttribute(
      'aria-label',
      'stale: Last collection failed 20 min ago: ThrottlingException',
    );
  });

  it('marks a result older than twice the schedule as stale', async () => {
    await renderWithApi(<CostSection />, {
      getEntityCheck: async () => ({
        entityRef: 'component:default/checkout-service',
        checkId: 'cost' as const,
        results: [
          result({ details: costDetails(), measuredAt: minutesAgo(13 * 60) }),
        ],
        dailyCosts: dailyCosts(3),
      }),
    });
    const chip = await screen.findByText('stale');
    expect(chip.closest('[aria-label]')).toHaveAttribute(
      'aria-label',
      'stale: Not refreshed for 13 h, more than 12 h',
    );
  });
});
