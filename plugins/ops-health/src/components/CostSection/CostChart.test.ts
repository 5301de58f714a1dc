import { niceTicks } from './CostChart';

describe('niceTicks', () => {
  it('ends the cost axis on a round number past the highest bar', () => {
    // A USD 100 threshold over bars to 40 (the top tick was 111).
    expect(niceTicks(105)).toEqual([0, 25, 50, 75, 100, 125]);
    expect(niceTicks(486)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(42)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(1234.5)).toEqual([0, 250, 500, 750, 1000, 1250]);
  });

  it('draws an axis without costs', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
