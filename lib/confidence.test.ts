import { describe, expect, it } from 'vitest';
import { estimate, pooledEstimate, tQuantile975, welchDifference } from './confidence.js';

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

describe('welchDifference', () => {
  it('matches a difference of means worked out by hand, its interval widening with the second sample’s variance', () => {
    // a = 10, 12, 14: mean 12, variance 4, var of mean 4/3; b = 5, 5, 5: mean 5, no variance.
    // se = √(4/3) = 1.1547, df = (4/3)² / ((4/3)²/2) = 2, t(2) = 4.3027 → half-width 4.968.
    const tight = welchDifference([10, 12, 14], [5, 5, 5])!;
    expect(tight.difference).toBe(7);
    expect(tight.ciHigh! - tight.difference).toBeCloseTo(4.968, 2);
    // The same a against a baseline with spread (0, 5, 10: variance 25): se = √(4/3 + 25/3) = 3.109,
    // df = (29/3)² / ((4/3)²/2 + (25/3)²/2) = 2.62, t ≈ 3.6 → half-width ≈ 11.2.
    const wide = welchDifference([10, 12, 14], [0, 5, 10])!;
    expect(wide.difference).toBe(7);
    expect(wide.ciHigh! - wide.difference).toBeGreaterThan(10.5);
    expect(wide.ciHigh! - wide.difference).toBeLessThan(12);
  });
});

describe('pooledEstimate', () => {
  it('weights each mean by its precision and narrows the interval, worked by hand', () => {
    // 0.6 ± 0.1 (weight 1/0.01 = 100) and −1.0 ± 1.0 (weight 1): (60 − 1) / 101 = 0.5842; half-width 1/√101 = 0.0995.
    const pooled = pooledEstimate([
      { n: 100, mean: 0.6, ciLow: 0.5, ciHigh: 0.7 },
      { n: 10, mean: -1, ciLow: -2, ciHigh: 0 },
    ])!;
    expect(pooled.mean).toBeCloseTo(59 / 101, 9);
    expect(pooled.ciHigh! - pooled.mean!).toBeCloseTo(1 / Math.sqrt(101), 9);
    expect(pooled.n).toBe(110);
    // Two equal measurements: the same mean, the half-width shrinks by √2.
    const twice = pooledEstimate([
      { n: 5, mean: 2, ciLow: 1, ciHigh: 3 },
      { n: 5, mean: 2, ciLow: 1, ciHigh: 3 },
    ])!;
    expect([twice.mean, twice.ciHigh! - 2]).toEqual([2, 1 / Math.sqrt(2)]);
  });

  it('falls back to the median of the means without intervals, and to nothing without means', () => {
    expect(
      pooledEstimate([
        { n: 1, mean: 1 },
        { n: 1, mean: 3 },
      ])?.mean,
    ).toBe(2);
    expect(pooledEstimate([{ n: 0 }])).toBeUndefined();
  });
});
