import {
  DEMO_COSTS,
  demoCheckoutServiceSeries,
  demoCostResults,
  demoCostSeries,
  demoCostWindow,
} from './demoStory';

describe('demoCostWindow', () => {
  it('covers the 120 days before today and today, on any day of the month', () => {
    expect(demoCostWindow(new Date('2026-11-26T15:00:00Z'))).toEqual({
      start: '2026-07-29',
      days: 121,
    });
    expect(demoCostWindow(new Date('2026-03-01T00:30:00Z'))).toEqual({
      start: '2025-11-01',
      days: 121,
    });
    expect(demoCostWindow(new Date('2027-01-01T00:30:00Z'))).toEqual({
      start: '2026-09-03',
      days: 121,
    });
  });
});

describe('demoCostSeries', () => {
  it('keeps every service near its baseline but checkout yesterday, with today partial', () => {
    const series = demoCostSeries(40);
    for (const [value, baseline] of Object.entries(DEMO_COSTS.dailyBaseline)) {
      const days =
        value === 'checkout'
          ? series[value].slice(0, -2)
          : series[value].slice(0, -1);
      expect(series[value]).toHaveLength(40);
      for (const amount of days) {
        expect(Math.abs(amount - baseline)).toBeLessThanOrEqual(
          baseline * 0.05,
        );
      }
      expect(series[value][39]).toBeCloseTo(baseline * 0.4, 6);
    }
    expect(series.checkout[38]).toBe(420);
  });

  it('splits checkout by service with EC2 taking the spike', () => {
    const checkout = demoCostSeries(10).checkout;
    const byService = demoCheckoutServiceSeries(checkout);
    checkout.forEach((total, day) => {
      const sum = Object.values(byService).reduce((acc, s) => acc + s[day], 0);
      expect(sum).toBeCloseTo(total, 6);
    });
    expect(byService['Amazon Elastic Compute Cloud - Compute'][8]).toBe(350);
    expect(byService['Amazon Elastic Compute Cloud - Compute'][0]).toBeCloseTo(
      70,
      0,
    );
  });
});

describe('demoCostResults', () => {
  it('pages the tag results and ends with the service drill-down', () => {
    const { byTag, checkoutByService } = demoCostResults(
      new Date('2026-11-26T15:00:00Z'),
    );
    expect(byTag.map(page => page.ResultsByTime!.length)).toEqual([50, 50, 21]);
    expect(byTag.at(-1)!.ResultsByTime!.at(-1)!.TimePeriod).toEqual({
      Start: '2026-11-26',
      End: '2026-11-27',
    });
    expect(checkoutByService).toHaveLength(1);
    expect(checkoutByService[0].GroupDefinitions).toEqual([
      { Type: 'TAG', Key: 'service' },
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
    expect(
      new Set(
        checkoutByService[0].ResultsByTime![0].Groups!.map(g => g.Keys![0]),
      ),
    ).toEqual(new Set(['service$checkout']));
  });
});
