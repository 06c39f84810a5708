import { describe, expect, it } from 'vitest';
import { fitLine, fitTwoRegressors, lineWeightsAt, predictOnLine } from './leastSquares.js';

describe('fitLine', () => {
  it('fits by hand: (0, 1), (1, 3), (2, 4) → slope 1.5, intercept 7/6, R² 27/28', () => {
    // x̄ = 1, ȳ = 8/3; Sxy = (−1)(−5/3) + 0 + (1)(4/3) = 3, Sxx = 2 → slope 1.5, intercept 8/3 − 1.5 = 7/6.
    // Syy = 25/9 + 1/9 + 16/9 = 42/9; SSE = (1/6)² + (1/3)² + (1/6)² = 1/6 → R² = 1 − (1/6)/(42/9) = 27/28.
    const f = fitLine([0, 1, 2], [1, 3, 4])!;
    expect(f.slope).toBeCloseTo(1.5, 12);
    expect(f.intercept).toBeCloseTo(7 / 6, 12);
    expect(f.r2).toBeCloseTo(27 / 28, 12);
    expect(f.n).toBe(3);
  });

  it('has no line through fewer than two distinct x, and no R² when y is constant', () => {
    expect(fitLine([1], [2])).toBeUndefined();
    expect(fitLine([3, 3, 3], [1, 2, 3])).toBeUndefined();
    expect(fitLine([1, 2, 3], [5, 5, 5])).toEqual({ intercept: 5, slope: 0, n: 3, r2: undefined });
  });
});

describe('predictOnLine', () => {
  it('gives the line at x0 and the 95 % interval for one new observation, worked by hand', () => {
    // (1,2) (2,4) (3,5) (4,8): slope 9.5/5 = 1.9, intercept 0; residuals 0.1, 0.2, −0.7, 0.4, SSE 0.70, s = √0.35.
    // At x0 = 5: 9.5 ± t(2) · 0.5916 · √(1 + 1/4 + 2.5²/5) = 9.5 ± 4.3027 · 0.5916 · 1.5811 = 9.5 ± 4.025.
    const p = predictOnLine([1, 2, 3, 4], [2, 4, 5, 8], 5)!;
    expect(p.value).toBeCloseTo(9.5, 9);
    expect(p.low).toBeCloseTo(5.475, 2);
    expect(p.high).toBeCloseTo(13.525, 2);
    // Two points fit exactly: a value, no interval.
    expect(predictOnLine([1, 2], [3, 5], 4)).toEqual({ value: 9 });
  });
});

describe('lineWeightsAt', () => {
  it('interpolates between two points by distance and extrapolates with weights past 1, worked by hand', () => {
    // x = 5,000 and 20,000; at 10,000: w = 1/2 ∓ (10,000 − 12,500)(7,500)/(2 · 7,500²) = 1/2 ∓ 1/6.
    const [w1, w2] = lineWeightsAt([5_000, 20_000], 10_000)!;
    expect(w1).toBeCloseTo(2 / 3, 12);
    expect(w2).toBeCloseTo(1 / 3, 12);
    // At 50,000: 1/2 ∓ (37,500 · 7,500)/(2 · 7,500²) = 1/2 ∓ 2.5 → −2 and 3.
    expect(lineWeightsAt([5_000, 20_000], 50_000)).toEqual([-2, 3]);
    // Three points 0, 1, 2 at x0 = 1 (the mean): each 1/3.
    expect(lineWeightsAt([0, 1, 2], 1)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(lineWeightsAt([3, 3], 1)).toBeUndefined();
  });
});

describe('fitTwoRegressors', () => {
  it('recovers y = 2u + 3v exactly, and a least-squares answer worked by hand', () => {
    const us = [1, 2, 3, 4];
    const vs = [0, 1, 0, 2];
    const fit = fitTwoRegressors(us, vs, [2, 7, 6, 14])!;
    expect(fit.a).toBeCloseTo(2, 12);
    expect(fit.b).toBeCloseTo(3, 12);
    // u = (1, 0, 1), v = (0, 1, 1), y = (1, 1, 3): Suu = Svv = 2, Suv = 1, Suy = Svy = 4 → a = b = (4·2 − 4·1)/3 = 4/3.
    const ls = fitTwoRegressors([1, 0, 1], [0, 1, 1], [1, 1, 3])!;
    expect(ls.a).toBeCloseTo(4 / 3, 12);
    expect(ls.b).toBeCloseTo(4 / 3, 12);
  });

  it('refuses regressors that cannot be told apart (proportional), and fewer than two points', () => {
    expect(fitTwoRegressors([1, 2, 3], [2, 4, 6], [1, 2, 3])).toBeUndefined();
    expect(fitTwoRegressors([1], [2], [3])).toBeUndefined();
  });
});
