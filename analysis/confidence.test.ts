import { describe, expect, it } from 'vitest';
import { estimate, tQuantile975 } from './confidence.js';

describe('estimate', () => {
  it('gives the median and the 95 % t-interval of the mean', () => {
    const e = estimate([10, 12, 14]);
    expect(e.median).toBe(12);
    expect(e.mean).toBe(12);
    // sd 2, t(2) = 4.303 (to three places): half-width 4.303 · 2 / √3
    expect(e.ciLow).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 2);
    expect(e.ciHigh).toBeCloseTo(12 + (4.303 * 2) / Math.sqrt(3), 2);
  });

  it('has no interval for a single repeat, and skips missing values', () => {
    expect(estimate([5, undefined])).toEqual({ n: 1, median: 5, mean: 5 });
    expect(estimate([]).n).toBe(0);
  });

  it("takes Student's t quantile for every degree of freedom, with no jump past 30", () => {
    // Printed tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2): 12.706, 2.042, 2.040, 1.980.
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(30)).toBeCloseTo(2.042, 3);
    expect(tQuantile975(31)).toBeCloseTo(2.04, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(tQuantile975(31)).toBeGreaterThan(1.999);
  });
});
