import { describe, expect, it } from 'vitest';
import { estimate, tQuantile975 } from './confidence.js';

describe('estimate', () => {
  it('gives the median and the 95 % t-interval of the mean', () => {
    const e = estimate([10, 12, 14]);
    expect(e.median).toBe(12);
    expect(e.mean).toBe(12);
    // sd 2, t(2) = 4.303: half-width 4.303 · 2 / √3
    expect(e.ciLow).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 6);
    expect(e.ciHigh).toBeCloseTo(12 + (4.303 * 2) / Math.sqrt(3), 6);
  });

  it('has no interval for a single repeat, and skips missing values', () => {
    expect(estimate([5, undefined])).toEqual({ n: 1, median: 5, mean: 5 });
    expect(estimate([]).n).toBe(0);
  });

  it('uses the normal quantile beyond 30 degrees of freedom', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(31)).toBe(1.96);
  });
});
