import {
  dailyCostResults,
  dailyCostResultsByDimension,
  dailyCostResultsByTagAndDimension,
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

describe('dailyCostResultsByTagAndDimension', () => {
  it('keys each group by the tag value and the dimension value', () => {
    const pages = dailyCostResultsByTagAndDimension({
      start: '2026-11-30',
      days: 2,
      tagKey: 'service',
      dimension: 'SERVICE',
      pageSize: 1,
      series: {
        checkout: { 'AWS Lambda': [25, 5], 'Amazon S3': [1, 2] },
        search: { 'AWS Lambda': [3, 4] },
      },
    });
    expect(pages).toHaveLength(2);
    expect(pages[0].NextPageToken).toBeTruthy();
    expect(pages[1].NextPageToken).toBeUndefined();
    expect(pages[0].GroupDefinitions).toEqual([
      { Type: 'TAG', Key: 'service' },
      { Type: 'DIMENSION', Key: 'SERVICE' },
    ]);
    const day2 = pages[1].ResultsByTime![0];
    expect(day2.TimePeriod).toEqual({ Start: '2026-12-01', End: '2026-12-02' });
    expect(day2.Estimated).toBe(true);
    expect(
      day2.Groups!.map(g => [g.Keys, g.Metrics!.UnblendedCost.Amount]),
    ).toEqual([
      [['service$checkout', 'AWS Lambda'], '5.0000000000'],
      [['service$checkout', 'Amazon S3'], '2.0000000000'],
      [['service$search', 'AWS Lambda'], '4.0000000000'],
    ]);
    // The first day belongs to the previous, billed month.
    expect(pages[0].ResultsByTime![0].Estimated).toBe(false);
  });

  it('names the group whose series has the wrong length', () => {
    expect(() =>
      dailyCostResultsByTagAndDimension({
        start: '2026-11-30',
        days: 2,
        tagKey: 'service',
        dimension: 'SERVICE',
        series: { checkout: { 'AWS Lambda': [25] } },
      }),
    ).toThrow(
      "series 'checkout' / 'AWS Lambda' has 1 values, expected one per day (2)",
    );
  });
});
