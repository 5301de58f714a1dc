import { screen, within } from '@testing-library/react';
import { OpsHealthDailyCost } from '../../api';
import {
  costDetails,
  minutesAgo,
  renderWithApi,
  responseError,
  result,
  testEntity,
} from '../../__testUtils__/fixtures';
import { CostSection } from './CostSection';

function dailyCosts(count: number): OpsHealthDailyCost[] {
  return Array.from({ length: count }, (_, i) => ({
    day: new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10),
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
          message: 'USD 420.00 today, over USD 150.00',
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
      { days: 31 },
    );
    // Only the last 31 of the 40 days are drawn: days 10, 20 and 30 are over.
    expect(
      screen.getByRole('img', {
        name: 'Daily cost of the last 31 days, threshold USD 150.00: 3 days over it',
      }),
    ).toBeInTheDocument();
    const chart = screen.getByRole('img', { name: /Daily cost/ });
    expect(
      await within(chart).findByText('Daily threshold USD 150.00'),
    ).toBeInTheDocument();
    expect(chart.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(31);
    expect(
      screen.getByText('USD 1,875.50 of USD 2,500.00 (75%)', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('USD 3,100.25, over the monthly threshold'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Today is more than 2× the 14\s*-day baseline of USD 80.00/,
      ),
    ).toBeInTheDocument();

    const drivers = screen.getByRole('table', { name: 'Top cost drivers' });
    const rows = within(drivers).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(
      'Amazon Elastic Compute Cloud - ComputeUSD 1,200.0064%USD 300.00',
    );
    expect(rows[2]).toHaveTextContent('Amazon Simple Storage Service');
    expect(screen.queryByText('stale')).not.toBeInTheDocument();
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
