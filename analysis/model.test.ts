import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import {
  dalyOptimumMs,
  diskBoundMs,
  evalInverse,
  expectedRecoveryMs,
  expectedReplayedRecords,
  fitCostModel,
  fitInverse,
  largestIntervalWithin,
  showsCost,
  smallestIntervalWithin,
  youngOptimumMs,
} from './model.js';
import { maxRateFromCatchUp } from './runFigures.js';
import { syntheticRuns, TRUTH } from './synthetic.fixture.js';

const INTERVALS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

describe('fitInverse', () => {
  it('recovers a and C exactly from noiseless data', () => {
    const fit = fitInverse(INTERVALS.map((t) => ({ intervalMs: t, y: 3 + 12 / (t / 1000) })))!;
    expect(fit.a).toBeCloseTo(3, 9);
    expect(fit.c).toBeCloseTo(12, 9);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(evalInverse(fit, 4_000)).toBeCloseTo(6, 9);
  });

  it('tells a cost (C ≥ 0) from noise (C < 0)', () => {
    expect(showsCost({ a: 1, c: 2, n: 3 })).toBe(true);
    expect(showsCost({ a: 1, c: -0.5, n: 3 })).toBe(false);
    expect(showsCost(undefined)).toBe(false);
  });

  it('needs two distinct intervals', () => {
    expect(fitInverse([{ intervalMs: 5000, y: 1 }, { intervalMs: 5000, y: 2 }])).toBeUndefined();
  });

  it('inverts to the smallest interval within a limit', () => {
    const fit = { a: 1, c: 8, n: 3 };
    expect(smallestIntervalWithin(fit, 5)).toBeCloseTo(2_000, 9); // 1 + 8/2 = 5
    expect(smallestIntervalWithin(fit, 0.5)).toBe(Infinity);
    expect(smallestIntervalWithin({ a: 1, c: -2, n: 3 }, 5)).toBe(0);
  });
});

describe('the recovery model', () => {
  const m = { downtimeMs: 20_000, inputRate: 5_000, maxRate: 20_000 };

  it('is D + λ(D + T/2)/(μ − λ)', () => {
    // 20 s + 5000 · (20 s + 30 s) / 15000 = 20 s + 16.67 s
    expect(expectedRecoveryMs(m, 60_000)).toBeCloseTo(20_000 + (5_000 * 50_000) / 15_000, 6);
    expect(expectedRecoveryMs({ ...m, maxRate: 5_000 }, 60_000)).toBe(Infinity);
  });

  it('inverts to the longest interval within a recovery limit', () => {
    const T = largestIntervalWithin(m, 45_000);
    expect(expectedRecoveryMs(m, T)).toBeCloseTo(45_000, 6);
    expect(largestIntervalWithin(m, 20_000)).toBeLessThan(0);
  });

  it('predicts replay as λ(T/2 + C)', () => {
    expect(expectedReplayedRecords(5_000, 10_000, 300)).toBe(26_500);
  });

  it('reads μ from a catch-up: λ + (λ·D + replayed) / catch-up', () => {
    // 20 s down at 5000/s = 100,000 due + 25,000 replayed, drained in 10 s at μ − λ
    expect(maxRateFromCatchUp({ downtimeMs: 20_000, catchUpMs: 10_000, replayedRecords: 25_000 }, 5_000)).toBe(17_500);
    expect(maxRateFromCatchUp({ downtimeMs: 20_000, catchUpMs: 0, replayedRecords: 1 }, 5_000)).toBeUndefined();
  });
});

describe('Young, Daly and the disk', () => {
  it('matches the textbook values', () => {
    // C = 2 s, MTBF = 1 h: Young √(2·2·3600) s = 120 s
    expect(youngOptimumMs(2_000, 3_600_000)).toBeCloseTo(120_000, 6);
    const r = 2 / 7200;
    expect(dalyOptimumMs(2_000, 3_600_000)).toBeCloseTo(120_000 * (1 + Math.sqrt(r) / 3 + r / 9) - 2_000, 6);
    expect(dalyOptimumMs(10_000, 4_000)).toBe(4_000);
    expect(diskBoundMs(300e6, 100e6)).toBe(3_000);
  });
});

describe('fitCostModel on synthetic sweeps', () => {
  it('recovers the true parameters from noiseless runs', () => {
    const model = fitCostModel(aggregate(syntheticRuns(INTERVALS, 1)));
    expect(model.throughputLossPct!.a).toBeCloseTo(TRUTH.lossA, 6);
    expect(model.throughputLossPct!.c).toBeCloseTo(TRUTH.lossC, 6);
    expect(model.p99IncreaseMs!.a).toBeCloseTo(TRUTH.p99A, 6);
    expect(model.p99IncreaseMs!.c).toBeCloseTo(TRUTH.p99C, 6);
    expect(model.recovery).toEqual({ downtimeMs: TRUTH.downtimeMs, inputRate: TRUTH.inputRate, maxRate: TRUTH.maxRate });
    expect(model.recoveryErrorPct).toBeCloseTo(0, 6);
    expect(model.checkpointCostMs).toBe(TRUTH.checkpointMs);
  });

  it('stays close with ±10 % noise over 5 repeats', () => {
    const model = fitCostModel(aggregate(syntheticRuns(INTERVALS, 5, 0.1, 11)));
    expect(model.p99IncreaseMs!.c).toBeGreaterThan(TRUTH.p99C * 0.8);
    expect(model.p99IncreaseMs!.c).toBeLessThan(TRUTH.p99C * 1.2);
    expect(model.recovery!.maxRate).toBeGreaterThan(TRUTH.maxRate * 0.9);
    expect(model.recovery!.maxRate).toBeLessThan(TRUTH.maxRate * 1.1);
    expect(model.recoveryErrorPct!).toBeLessThan(15);
  });

  it('fits no recovery model from a sweep without failures', () => {
    const runs = syntheticRuns(INTERVALS, 1).map((r) => ({ ...r, failures: 0, downtimeMs: undefined, catchUpMs: undefined, recoveryMs: undefined, maxRateEventsPerSec: undefined }));
    const model = fitCostModel(aggregate(runs));
    expect(model.recovery).toBeUndefined();
    expect(model.p99IncreaseMs).toBeDefined();
  });
});
