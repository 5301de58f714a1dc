import { addDays } from './days';
import { costHeadline, costMessage, evaluateCost } from './evaluateCost';

const LIMITS = {
  dailyThreshold: 150,
  monthlyThreshold: 3500,
  spikeFactor: 2,
  baselineDays: 14,
};

/** `amount` a day for the `count` days before `today`, and today's so far. */
function series(
  today: string,
  options: {
    amount: number;
    count?: number;
    overrides?: Record<string, number>;
  },
): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = options.count ?? 60; i >= 1; i--) {
    out.set(addDays(today, -i), options.amount);
  }
  for (const [day, amount] of Object.entries(options.overrides ?? {})) {
    out.set(day, amount);
  }
  return out;
}

describe('evaluateCost', () => {
  it('on the 1st, does not multiply a one-day spike by the days of the month', () => {
    // 250 USD on the 1st (so far), 100 a day before: the old projection
    // said 250 × 31 = 7,750.
    const e = evaluateCost({
      ...LIMITS,
      today: '2027-01-01',
      series: series('2027-01-01', {
        amount: 100,
        overrides: { '2027-01-01': 250 },
      }),
    });
    expect(e).toMatchObject({
      lastCompleteDay: '2026-12-31',
      lastCompleteDayCost: 100,
      todaySoFar: 250,
      settledMonthToDate: 0,
      monthToDate: 250,
      remainingDays: 31,
      baseline: 100,
      projectedMonthEnd: 3100,
      spike: false,
      overDaily: false,
      overDailyToday: true,
      projectedOverMonthly: false,
      status: 'critical',
    });
    expect(costHeadline(e, LIMITS)).toBe(
      'USD 250 so far today, over USD 150/day',
    );
  });

  it('on the 1st, judges the spike of the last day of the month before', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2026-12-01',
      series: series('2026-12-01', {
        amount: 120,
        overrides: { '2026-11-30': 420, '2026-12-01': 50 },
      }),
    });
    expect(e).toMatchObject({
      lastCompleteDay: '2026-11-30',
      lastCompleteDayCost: 420,
      todaySoFar: 50,
      settledMonthToDate: 0,
      monthToDate: 50,
      remainingDays: 31,
      // 31 days at the 14-day average of complete days before the spike
      projectedMonthEnd: 31 * 120,
      spike: true,
      overDaily: true,
      projectedOverMonthly: true,
      status: 'critical',
    });
    expect(costHeadline(e, LIMITS)).toBe('USD 420 yesterday, over USD 150/day');
    expect(costMessage(e, LIMITS)).toBe(
      'Yesterday (30 Nov, UTC) cost USD 420.00, over the daily threshold of USD 150 and 3.5× the 14-day average of USD 120.00. ' +
        'So far today (1 Dec, partial): USD 50.00. ' +
        'Month to date USD 50.00 of USD 3,500; on course for USD 3,720.00 by 31 Dec (USD 0.00 settled + 31 days × the 14-day average of USD 120.00), over the monthly threshold.',
    );
  });

  it('on the 2nd, counts the 1st as settled', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2026-03-02',
      series: series('2026-03-02', {
        amount: 100,
        overrides: { '2026-03-02': 10 },
      }),
    });
    expect(e).toMatchObject({
      lastCompleteDay: '2026-03-01',
      settledMonthToDate: 100,
      monthToDate: 110,
      remainingDays: 30,
      projectedMonthEnd: 100 + 30 * 100,
      status: 'ok',
    });
    expect(costHeadline(e, LIMITS)).toBe(
      'USD 100 yesterday, USD 110 this month, within thresholds',
    );
  });

  it('mid-month, projects the settled days plus the rest at the baseline', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2026-06-15',
      series: series('2026-06-15', {
        amount: 130,
        overrides: { '2026-06-15': 40 },
      }),
    });
    expect(e).toMatchObject({
      settledMonthToDate: 14 * 130,
      remainingDays: 16,
      projectedMonthEnd: 14 * 130 + 16 * 130,
      projectedOverMonthly: true,
      status: 'warning',
    });
    expect(costHeadline(e, LIMITS)).toBe(
      'On course for USD 3,900 this month, over USD 3,500',
    );
  });

  it('on the last day, has one day left and never projects below the month to date', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2026-04-30',
      series: series('2026-04-30', {
        amount: 100,
        overrides: { '2026-04-30': 140 },
      }),
    });
    expect(e).toMatchObject({
      remainingDays: 1,
      settledMonthToDate: 2900,
      monthToDate: 3040,
      // 2,900 + 1 × 100 would be below what the month has cost already
      projectedMonthEnd: 3040,
      status: 'ok',
    });
  });

  it('on 29 February of a leap year, has one day left of 29', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2028-02-29',
      series: series('2028-02-29', { amount: 100 }),
    });
    expect(e).toMatchObject({
      lastCompleteDay: '2028-02-28',
      settledMonthToDate: 2800,
      remainingDays: 1,
      projectedMonthEnd: 2900,
    });
    expect(costMessage(e, LIMITS)).toContain('by 29 Feb');
  });

  it('on 28 February of a common year, has one day left of 28', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2027-02-28',
      series: series('2027-02-28', { amount: 100 }),
    });
    expect(e).toMatchObject({ settledMonthToDate: 2700, remainingDays: 1 });
    expect(costMessage(e, LIMITS)).toContain('by 28 Feb');
  });

  it('is unknown without any known day', () => {
    const e = evaluateCost({
      ...LIMITS,
      today: '2026-12-01',
      series: new Map(),
    });
    expect(e.status).toBe('unknown');
    expect(costHeadline(e, LIMITS)).toBe('No cost data for these tags yet');
  });

  it('keeps every headline within 90 characters', () => {
    const huge = evaluateCost({
      ...LIMITS,
      dailyThreshold: 123456789.12,
      today: '2026-12-01',
      series: series('2026-12-01', { amount: 987654321.98 }),
    });
    expect(
      costHeadline(huge, { ...LIMITS, dailyThreshold: 123456789.12 }, 'USD')
        .length,
    ).toBeLessThanOrEqual(90);
  });
});
