import {
  dailyCostResults,
  dailyCostResultsByDimension,
} from './dailyCostResults';

describe('dailyCostResults', () => {
  it('shapes daily results grouped by tag as Cost Explorer does', () => {
    const [page] = dailyCostResults({
      start: '2026-10-30',
      days: 3,
      tagKey: 'service',
      series: { checkout: [120, 121.5, 420], '': [1, 2, 3] },
    });

    expect(page.GroupDefinitions).toEqual([{ Type: 'TAG', Key: 'service' }]);
    expect(page.NextPageToken).toBeUndefined();
    expect(page.ResultsByTime).toEqual([
      {
        TimePeriod: { Start: '2026-10-30', End: '2026-10-31' },
        Total: {},
        Groups: [
          {
            Keys: ['service$checkout'],
            Metrics: {
              UnblendedCost: { Amount: '120.0000000000', Unit: 'USD' },
            },
          },
          {
            Keys: ['service$'],
            Metrics: { UnblendedCost: { Amount: '1.0000000000', Unit: 'USD' } },
          },
        ],
        Estimated: false,
      },
      expect.objectContaining({
        TimePeriod: { Start: '2026-10-31', End: '2026-11-01' },
        Estimated: false,
      }),
      expect.objectContaining({
        TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
        Estimated: true,
      }),
    ]);
  });

  it('pages the days with a NextPageToken on all but the last page', () => {
    const pages = dailyCostResults({
      start: '2026-11-01',
      days: 5,
      tagKey: 'team',
      series: { a: [1, 2, 3, 4, 5] },
      metric: 'AmortizedCost',
      pageSize: 2,
    });

    expect(pages.map(page => page.ResultsByTime!.length)).toEqual([2, 2, 1]);
    expect(pages[0].NextPageToken).toEqual(expect.any(String));
    expect(pages[1].NextPageToken).toEqual(expect.any(String));
    expect(pages[1].NextPageToken).not.toBe(pages[0].NextPageToken);
    expect(pages[2].NextPageToken).toBeUndefined();
    expect(
      pages.flatMap(page =>
        page.ResultsByTime!.map(
          day => day.Groups![0].Metrics!.AmortizedCost.Amount,
        ),
      ),
    ).toEqual(['1', '2', '3', '4', '5'].map(n => `${n}.0000000000`));
  });

  it('rejects inconsistent input', () => {
    expect(() =>
      dailyCostResults({
        start: '2026-11-01',
        days: 2,
        tagKey: 'service',
        series: { checkout: [1] },
      }),
    ).toThrow("series 'checkout' has 1 values, expected one per day (2)");
    expect(() =>
      dailyCostResults({
        start: '2026-02-30',
        days: 1,
        tagKey: 's',
        series: {},
      }),
    ).toThrow("expected a YYYY-MM-DD date, got '2026-02-30'");
  });
});

describe('dailyCostResultsByDimension', () => {
  it('uses the plain dimension value as the group key', () => {
    const [page] = dailyCostResultsByDimension({
      start: '2026-11-26',
      days: 1,
      dimension: 'SERVICE',
      series: { 'AWS Lambda': [25] },
    });
    expect(page.GroupDefinitions).toEqual([
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
    expect(page.ResultsByTime![0].Groups![0].Keys).toEqual(['AWS Lambda']);
  });
});
