import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { syntheticRuns, TRUTH } from './synthetic.fixture.js';

describe('aggregate', () => {
  const agg = aggregate(syntheticRuns([5_000, 1_000], 3, 0.05, 3));

  it('separates the baseline (no failures) and sorts the intervals', () => {
    expect(agg.baseline?.intervalMs).toBe(0);
    expect(agg.baseline?.failures).toBe(0);
    expect(agg.baseline?.overhead).toBeUndefined();
    expect(agg.intervals.map((a) => a.intervalMs)).toEqual([1_000, 5_000]);
    expect(agg.intervals[0]!.runs).toBe(3);
  });

  it('gives each figure a median and a confidence interval that contains it', () => {
    const p99 = agg.intervals[0]!.figures.latencyP99Ms;
    expect(p99.n).toBe(3);
    expect(p99.ciLow!).toBeLessThanOrEqual(p99.median!);
    expect(p99.ciHigh!).toBeGreaterThanOrEqual(p99.median!);
  });

  it('measures the overhead against the baseline median', () => {
    const exact = aggregate(syntheticRuns([2_000], 1));
    expect(exact.intervals[0]!.overhead!.throughputLossPct.median).toBeCloseTo(TRUTH.lossA + TRUTH.lossC / 2, 9);
    expect(exact.intervals[0]!.overhead!.capacityLossPct.median).toBeCloseTo(TRUTH.lossA + TRUTH.lossC / 2, 9);
    expect(exact.intervals[0]!.overhead!.p99IncreaseMs.median).toBeCloseTo(TRUTH.p99A + TRUTH.p99C / 2, 9);
  });

  it('has no overhead without a baseline, and reports a failed verification', () => {
    const runs = syntheticRuns([2_000], 1)
      .filter((r) => r.intervalMs > 0)
      .map((r) => ({ ...r, verificationOk: false }));
    const a = aggregate(runs);
    expect(a.baseline).toBeUndefined();
    expect(a.intervals[0]!.overhead).toBeUndefined();
    expect(a.intervals[0]!.verificationOk).toBe(false);
  });
});
