import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { expectedCostSecPerHour } from './costPerHour.js';
import {
  dalyOptimumMs,
  diskBoundMs,
  evalInverse,
  expectedRecoveryMs,
  expectedReplayedRecords,
  fitCostModel,
  fitInverse,
  largestIntervalWithin,
  lossPctAt,
  capacityAt,
  optimumIntervalMs,
  showsCost,
  smallestIntervalWithin,
  youngOptimumMs,
} from './model.js';
import { maxRateFromCatchUp } from './runFigures.js';
import { syntheticRuns, trueRecoveryMs, TRUTH } from './synthetic.fixture.js';

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
    expect(
      fitInverse([
        { intervalMs: 5000, y: 1 },
        { intervalMs: 5000, y: 2 },
      ]),
    ).toBeUndefined();
  });

  it('inverts to the smallest interval within a limit', () => {
    const fit = { a: 1, c: 8, n: 3 };
    expect(smallestIntervalWithin(fit, 5)).toBeCloseTo(2_000, 9); // 1 + 8/2 = 5
    expect(smallestIntervalWithin(fit, 0.5)).toBe(Infinity);
    expect(smallestIntervalWithin({ a: 1, c: -2, n: 3 }, 5)).toBe(0);
  });
});

describe('the recovery model', () => {
  const m = { downtimeMs: 20_000, inputRate: 5_000, baselineCapacity: 20_000 };

  it('is D + λ(D + T/2)/(μ(T) − λ), with μ(T) from the capacity fit', () => {
    // 20 s + 5000 · (20 s + 30 s) / 15000 = 20 s + 16.67 s
    expect(expectedRecoveryMs(m, 60_000)).toBeCloseTo(20_000 + (5_000 * 50_000) / 15_000, 6);
    // loss 0.5 % + 8 %·s / 2 s = 4.5 %: μ = 19,100
    const withLoss = { ...m, capacityLossPct: { a: 0.5, c: 8, n: 3 } };
    expect(capacityAt(withLoss, 2_000)).toBeCloseTo(19_100, 6);
    expect(expectedRecoveryMs(withLoss, 2_000)).toBeCloseTo(20_000 + (5_000 * 21_000) / 14_100, 6);
    expect(expectedRecoveryMs({ ...m, baselineCapacity: 5_000 }, 60_000)).toBe(Infinity);
  });

  it('inverts to the longest interval within a recovery limit', () => {
    const T = largestIntervalWithin(m, 45_000);
    expect(expectedRecoveryMs(m, T)).toBeCloseTo(45_000, 3);
    expect(largestIntervalWithin(m, 20_000)).toBeLessThan(0);
  });

  it('predicts replay as λ(T/2 + checkpoint duration)', () => {
    expect(expectedReplayedRecords(5_000, 10_000, 300)).toBe(26_500);
  });

  it('reads the catch-up rate: λ + (λ·D + replayed) / catch-up (descriptive only)', () => {
    expect(maxRateFromCatchUp({ downtimeMs: 20_000, catchUpMs: 10_000, replayedRecords: 25_000 }, 5_000)).toBe(17_500);
    expect(maxRateFromCatchUp({ downtimeMs: 20_000, catchUpMs: 0, replayedRecords: 1 }, 5_000)).toBeUndefined();
  });
});

describe('T*, Young, Daly and the disk', () => {
  it('T* = √(2·C·M·(μ − λ)/λ) is Young’s form when μ = 2λ, and shrinks as the job nears its capacity', () => {
    expect(optimumIntervalMs(2_000, 3_600_000, 10_000, 5_000)).toBeCloseTo(youngOptimumMs(2_000, 3_600_000), 6);
    expect(optimumIntervalMs(2_000, 3_600_000, 6_000, 5_000)).toBeCloseTo(Math.sqrt((2 * 2_000 * 3_600_000) / 5), 6);
    expect(optimumIntervalMs(2_000, 3_600_000, 5_000, 5_000)).toBe(0);
  });

  it('matches the textbook values', () => {
    // C = 2 s, MTBF = 1 h: Young √(2·2·3600) s = 120 s
    expect(youngOptimumMs(2_000, 3_600_000)).toBeCloseTo(120_000, 6);
    const r = 2 / 7200;
    expect(dalyOptimumMs(2_000, 3_600_000)).toBeCloseTo(120_000 * (1 + Math.sqrt(r) / 3 + r / 9) - 2_000, 6);
    expect(dalyOptimumMs(10_000, 4_000)).toBe(4_000);
    expect(diskBoundMs(300e6, 100e6)).toBe(3_000);
  });

  it('the expected cost per hour is lowest at T* for the same C, R and MTBF', () => {
    const m = { downtimeMs: 2_000, inputRate: 5_000, baselineCapacity: 10_000 };
    const C = 500;
    const M = 3_600_000;
    const tStar = optimumIntervalMs(C, M, 10_000, 5_000);
    const cost = (t: number) => expectedCostSecPerHour(C, t, expectedRecoveryMs(m, t), M);
    expect(cost(tStar)).toBeLessThan(cost(tStar * 0.7));
    expect(cost(tStar)).toBeLessThan(cost(tStar * 1.4));
  });
});

describe('fitCostModel on synthetic sweeps', () => {
  it('recovers the true parameters from noiseless runs, and leave-one-out accuracy is exact', () => {
    const model = fitCostModel(aggregate(syntheticRuns(INTERVALS, 1)), { writeBytesPerSec: 120e6 });
    expect(model.capacityLossPct!.a).toBeCloseTo(TRUTH.lossA, 6);
    expect(model.capacityLossPct!.c).toBeCloseTo(TRUTH.lossC, 6);
    // C = 8 %·s = 0.08 capacity-seconds per checkpoint
    expect(model.checkpointCostMs).toBeCloseTo(80, 6);
    expect(model.p99IncreaseMs!.a).toBeCloseTo(TRUTH.p99A, 6);
    expect(model.p99IncreaseMs!.c).toBeCloseTo(TRUTH.p99C, 6);
    expect(model.recovery!.downtimeMs).toBe(TRUTH.downtimeMs);
    expect(model.recovery!.baselineCapacity).toBe(TRUTH.maxRate);
    for (const t of INTERVALS) expect(expectedRecoveryMs(model.recovery!, t)).toBeCloseTo(trueRecoveryMs(TRUTH, t), 3);
    expect(model.accuracy.recovery.accuracy).toBeCloseTo(1, 6);
    expect(model.accuracy.recovery.points).toHaveLength(INTERVALS.length);
    expect(model.accuracy.capacityLoss.accuracy).toBeCloseTo(1, 6);
    expect(model.writeBytesPerSec).toBe(120e6);
  });

  it('predicts a held-out interval from the others, not from itself', () => {
    // Corrupt the 10 s cell's recovery: its own prediction must not follow it, the others' must stay exact.
    const runs = syntheticRuns(INTERVALS, 1).map((r) => (r.intervalMs === 10_000 ? { ...r, recoveryMs: r.recoveryMs! * 2 } : r));
    const acc = fitCostModel(aggregate(runs)).accuracy.recovery;
    const held = acc.points.find((p) => p.intervalMs === 10_000)!;
    expect(held.predicted).toBeCloseTo(trueRecoveryMs(TRUTH, 10_000), 3);
    expect(held.measured).toBeCloseTo(2 * trueRecoveryMs(TRUTH, 10_000), 3);
    expect(acc.accuracy).toBeCloseTo(1, 6); // the median error is still 0: one of six is off
  });

  it('learns the slower drain right after a restore (ρ) from the other intervals’ catch-ups', () => {
    const truth = { ...TRUTH, restoreRatio: 0.6 };
    const model = fitCostModel(aggregate(syntheticRuns(INTERVALS, 1, 0, 7, truth)));
    expect(model.recovery!.restoredCapacityRatio).toBeCloseTo(0.6, 6);
    for (const t of INTERVALS) expect(expectedRecoveryMs(model.recovery!, t)).toBeCloseTo(trueRecoveryMs(truth, t), 3);
    expect(model.accuracy.recovery.accuracy).toBeCloseTo(1, 6);
  });

  it('stays close with ±5 % noise over 5 repeats', () => {
    const model = fitCostModel(aggregate(syntheticRuns(INTERVALS, 5, 0.05, 11)));
    expect(model.p99IncreaseMs!.c).toBeGreaterThan(TRUTH.p99C * 0.8);
    expect(model.p99IncreaseMs!.c).toBeLessThan(TRUTH.p99C * 1.2);
    expect(model.accuracy.recovery.accuracy!).toBeGreaterThan(0.9);
  });

  it('fits no recovery model from a sweep without failures or without a baseline capacity', () => {
    const noFailures = syntheticRuns(INTERVALS, 1).map((r) => ({
      ...r,
      failures: 0,
      downtimeMs: undefined,
      catchUpMs: undefined,
      recoveryMs: undefined,
      maxRateEventsPerSec: undefined,
    }));
    const model = fitCostModel(aggregate(noFailures));
    expect(model.recovery).toBeUndefined();
    expect(model.accuracy.recovery.accuracy).toBeUndefined();
    expect(model.p99IncreaseMs).toBeDefined();
    const noProbe = syntheticRuns(INTERVALS, 1).map((r) => ({ ...r, capacityEventsPerSec: undefined }));
    expect(fitCostModel(aggregate(noProbe)).recovery).toBeUndefined();
  });
});

describe('lossPctAt', () => {
  it('keeps a modelled loss between 0 and 100 %: a checkpoint cannot take more than all the CPU, nor give any back', () => {
    // c = 164 %·s (a 1.8 CPU-s checkpoint on 1.1 CPU-s/s): 164 % at 1 s is capped, 16.4 % at 10 s is not.
    const fit = { a: 0, c: 164, n: 2 };
    expect(lossPctAt(fit, 1_000)).toBe(100);
    expect(lossPctAt(fit, 10_000)).toBeCloseTo(16.4, 9);
    expect(lossPctAt({ a: -5, c: 10, n: 2 }, 10_000)).toBe(0);
  });
});
