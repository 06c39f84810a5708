import { describe, expect, it } from 'vitest';
import { aggregate, type Aggregates } from './aggregate.js';
import { pricedInterval } from './pricedInterval.fixture.js';
import { compareCheckpointTypes } from './checkpointTypes.js';
import { formatPrediction } from './formatPrediction.js';
import { fitCostModel } from './model.js';
import { predict, type MeasuredMode, type MeasuredSweep } from './predict.js';
import { fitSizeModel } from './sizeModel.js';
import { syntheticRuns, trueRecoveryMs, TRUTH, type Truth } from './synthetic.fixture.js';

// Known laws over the state size S (bidders), stated here: a mode's cells at S come from this truth.
// Loss 0.5 % + 1e-4·S % + 8 %·s/T; checkpoint 100 ms + 0.01 ms·S; outage 15 s + 0.1 ms·S (the restore grows with S).
const truthAt = (S: number): Truth => ({ ...TRUTH, lossA: 0.5 + 1e-4 * S, checkpointMs: 100 + 0.01 * S, downtimeMs: 15_000 + 0.1 * S });
const INTERVALS = [1_000, 5_000, 30_000];
const modeAt = (S: number, noise = 0, seed = 7): MeasuredMode => {
  const agg = aggregate(syntheticRuns(INTERVALS, noise ? 3 : 1, noise, seed, truthAt(S)));
  return { stateMode: 'hybrid', bidders: S, aggregates: agg, model: fitCostModel(agg) };
};

describe('the size model (state size as a dimension)', () => {
  it('recovers laws that are linear in S from noiseless cells at three sizes, and predicts each size from the other two', () => {
    const m = fitSizeModel([modeAt(80_000), modeAt(5_000), modeAt(20_000)])!;
    expect(m.bidders).toEqual([5_000, 20_000, 80_000]);
    const d = m.laws.checkpointDurationMs;
    expect(d.shape).toBe('linear');
    expect(d.line!.slope).toBeCloseTo(0.01, 9);
    expect(d.line!.intercept).toBeCloseTo(100, 6);
    // Detection is 15 s at every size in the truth: a flat line.
    expect(m.laws.detectionMs.line!.slope).toBeCloseTo(0, 9);
    // Leave one size out: loss and duration lie on lines in S, so each held-out size is predicted exactly.
    expect(m.accuracy!.capacityLoss.accuracy).toBeCloseTo(1, 6);
    expect(m.accuracy!.checkpointDuration.accuracy).toBeCloseTo(1, 6);
    expect(m.accuracy!.capacityLoss.points).toHaveLength(9);
    // Recovery is not linear in S (the loss moves μ(T) too): predicted from the others' line, within 15 %.
    for (const p of m.accuracy!.recovery.points) expect(Math.abs(p.predicted / p.measured - 1)).toBeLessThan(0.15);
    expect(m.accuracy!.recovery.accuracy).toBeGreaterThan(0.85);
  });

  it('says when a figure is not linear in S, and says nothing of the shape with two sizes', () => {
    // Checkpoint duration that saturates: 100, 4,000 and 4,400 ms at 5, 20 and 80 thousand bidders (a line explains R² = 0.513 of it).
    const saturating: Record<number, number> = { 5_000: 100, 20_000: 4_000, 80_000: 4_400 };
    const bent = (S: number): MeasuredMode => {
      const agg = aggregate(syntheticRuns(INTERVALS, 1, 0, 7, { ...truthAt(S), checkpointMs: saturating[S]! }));
      return { stateMode: 'hybrid', bidders: S, aggregates: agg, model: fitCostModel(agg) };
    };
    const m = fitSizeModel([bent(5_000), bent(20_000), bent(80_000)])!;
    expect(m.laws.checkpointDurationMs.line!.r2).toBeCloseTo(0.513, 3);
    expect(m.laws.checkpointDurationMs.shape).toBe('not linear');
    expect(fitSizeModel([modeAt(5_000), modeAt(20_000)])!.laws.checkpointDurationMs.shape).toBe('two sizes');
    expect(fitSizeModel([modeAt(5_000)])).toBeUndefined();
  });

  it('predicts a held-out size within its 95 % interval from noisy cells (±5 %, three repeats)', () => {
    const sweep: MeasuredSweep = { modes: [modeAt(5_000, 0.05, 3), modeAt(80_000, 0.05, 4)], checkpointType: 'full' };
    const p = predict(sweep, { intervalMs: 5_000, bidders: 20_000 });
    const truth = truthAt(20_000);
    const inside = (v: number, q: { low?: number; high?: number } | undefined) => {
      expect(q?.low).toBeDefined();
      expect(v).toBeGreaterThanOrEqual(q!.low!);
      expect(v).toBeLessThanOrEqual(q!.high!);
    };
    inside(truth.checkpointMs, p.checkpointDurationMs);
    inside(truth.lossA + truth.lossC / 5, p.capacityLossPct);
    expect(p.measuredBidders).toEqual([5_000, 80_000]);
    expect(p.extrapolation).toEqual([]);
    expect(trueRecoveryMs(truth, 5_000)).toBeGreaterThan(0);
  });
});

// The price per checkpoint typed in by hand: 0.1 + 2e-5·S CPU-s at every interval, each ±0.1, P = 1.0 CPU-s/s.
const pricedMode = (S: number, checkpointType?: 'full' | 'incremental', bytesAt = (_t: number) => 1e4 * S): MeasuredMode => {
  const agg: Aggregates = {
    cpuBaseline: { cpuSecondsPerEvent: 0.0001, blocks: 10, processingCpuSecondsPerSec: 1.0 },
    intervals: [1_000, 5_000, 30_000].map((t) => pricedInterval(t, 0.1 + 2e-5 * S, 300, bytesAt(t))),
  };
  return { stateMode: 'hybrid', bidders: S, ...(checkpointType ? { checkpointType } : {}), aggregates: agg, model: fitCostModel(agg) };
};

describe('predict at a size the sweep did not measure', () => {
  const two: MeasuredSweep = { modes: [pricedMode(5_000), pricedMode(20_000)], checkpointType: 'full' };

  it('interpolates on the line through the sizes, carrying each size’s interval through the line’s weights, worked by hand', () => {
    // 0.2 CPU-s at 5,000 and 0.5 at 20,000; each size's interval for one more cell: √(0.1² + (0.1/√3)²) = 0.11547.
    // At 10,000 the weights are 2/3 and 1/3: 0.3 CPU-s ± 0.11547 · √(4/9 + 1/9) = 0.08607.
    const p = predict(two, { intervalMs: 10_000, bidders: 10_000 });
    expect(p.cpuSecondsPerCheckpoint!.value).toBeCloseTo(0.3, 9);
    expect(p.cpuSecondsPerCheckpoint!.low).toBeCloseTo(0.21393, 4);
    expect(p.cpuSecondsPerCheckpoint!.high).toBeCloseTo(0.38607, 4);
    // Loss at 10 s: 100 · 0.3 / (10 · 1.0) = 3 %; bytes 1e4 · 10,000 = 100 MB.
    expect(p.capacityLossPct!.value).toBeCloseTo(3, 9);
    expect(p.checkpointedBytes!.value).toBeCloseTo(100e6, 0);
    expect(p.extrapolation).toEqual([]);
    const text = formatPrediction(p);
    expect(text).toContain('the line through the sizes measured, 5,000, 20,000 bidders');
    expect(text).toContain('price per checkpoint 0.30 CPU-s [0.21 CPU-s – 0.39 CPU-s]');
  });

  it('extrapolates past the largest size with weights −4 and 5, and says by how much', () => {
    // At 80,000: 1.7 CPU-s ± 0.11547 · √(16 + 25) = 0.7394.
    const p = predict(two, { intervalMs: 10_000, bidders: 80_000 });
    expect(p.cpuSecondsPerCheckpoint!.value).toBeCloseTo(1.7, 9);
    expect(p.cpuSecondsPerCheckpoint!.high! - p.cpuSecondsPerCheckpoint!.value).toBeCloseTo(0.7394, 3);
    expect(p.extrapolation).toEqual(['80,000 bidders is 4.0 × the largest state measured (20,000)']);
  });

  it('refuses what the sweep did not measure, naming what it did', () => {
    expect(() => predict(two, { intervalMs: 10_000 })).toThrow('The sweep measured hybrid at several sizes: name one with --bidders. Measured: 5000, 20000');
    const types: MeasuredSweep = { modes: [pricedMode(5_000, 'full'), pricedMode(5_000, 'incremental')] };
    expect(() => predict(types, { intervalMs: 10_000 })).toThrow(
      'The sweep measured full and incremental checkpoints: name one with --checkpoint-type. Allowed: full, incremental.',
    );
    expect(predict(types, { intervalMs: 10_000, checkpointType: 'incremental' }).checkpointType).toBe('incremental');
    expect(() => predict(two, { intervalMs: 10_000, bidders: 10_000, checkpointType: 'incremental' })).toThrow(
      "Invalid --checkpoint-type: 'incremental': the sweep measured full checkpoints only. Allowed: full.",
    );
  });
});

describe('full against incremental checkpoints', () => {
  it('names the interval where incremental stops uploading fewer bytes, interpolated in log T, worked by hand', () => {
    // Full uploads 100 MB at every T; incremental 30 %, 70 %, 120 % of it at 1 s, 5 s and 30 s → crossing between 5 s and 30 s:
    // ln(0.7) = −0.35667, ln(1.2) = 0.18232; share 0.35667 / 0.53899 = 0.66175 of ln(30/5) = 1.79176 → 5 s · e^1.18570 = 16.36 s.
    const ratio: Record<number, number> = { 1_000: 0.3, 5_000: 0.7, 30_000: 1.2 };
    const c = compareCheckpointTypes({ full: pricedMode(10_000, 'full'), incremental: pricedMode(10_000, 'incremental', (t) => ratio[t]! * 1e8) });
    expect(c.crossover).toBe('between measured intervals');
    expect(c.crossoverMs).toBeCloseTo(16_364, -1);
    expect(c.rows.map((r) => r.incremental.checkpointedBytes)).toEqual([0.3e8, 0.7e8, 1.2e8]);
    const always = compareCheckpointTypes({ full: pricedMode(10_000, 'full'), incremental: pricedMode(10_000, 'incremental', () => 0.5e8) });
    expect([always.crossover, always.crossoverMs]).toEqual(['incremental fewer at every interval', undefined]);
  });
});
