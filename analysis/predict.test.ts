import { describe, expect, it } from 'vitest';
import { aggregate, type Aggregates } from './aggregate.js';
import { pricedInterval } from './pricedInterval.fixture.js';
import { fitCostModel } from './model.js';
import { checkpointTypeOfWorkload, predict, PredictionRefused, type MeasuredSweep } from './predict.js';
import { syntheticRuns, trueRecoveryMs, TRUTH } from './synthetic.fixture.js';

// Three intervals typed in by hand, priced in CPU-seconds: 0.45, 0.50 and 0.55 CPU-s per checkpoint, each
// ±0.10, against a cluster whose processing uses 1.0 CPU-s/s (the loss's denominator P).
const priced = pricedInterval;
const handMade: Aggregates = {
  cpuBaseline: { cpuSecondsPerEvent: 0.0001, blocks: 10, processingCpuSecondsPerSec: 1.0 },
  intervals: [priced(1_000, 0.45, 300, 100e6), priced(5_000, 0.5, 320, 110e6), priced(30_000, 0.55, 340, 120e6)],
};
const handSweep: MeasuredSweep = {
  modes: [{ stateMode: 'hybrid', bidders: 10_000, aggregates: handMade, model: fitCostModel(handMade) }],
  checkpointType: 'full',
};

describe('predict from the CPU price', () => {
  it('prices a checkpoint the same at any T and turns it into the loss at that T, with a prediction interval worked by hand', () => {
    const p = predict(handSweep, { intervalMs: 10_000 });
    // Pooled price: equal weights, 0.50 CPU-s. For one more cell the wider half-width wins: the three prices'
    // spread, t(2) · sd 0.05 · √(1 + 1/3) = 4.3027 · 0.05 · 1.1547 = 0.2484, over the pooled interval combined
    // with a cell's own (√(0.1² + (0.1/√3)²) = 0.1155).
    expect(p.cpuSecondsPerCheckpoint!.value).toBeCloseTo(0.5, 9);
    expect(p.cpuSecondsPerCheckpoint!.low).toBeCloseTo(0.2516, 3);
    expect(p.cpuSecondsPerCheckpoint!.high).toBeCloseTo(0.7484, 3);
    // Loss at 10 s = 100 · 0.5 / (10 s · 1.0 CPU-s/s) = 5 %, and 2.516 … 7.484 %.
    expect(p.capacityLossPct).toMatchObject({ from: 'CPU price' });
    expect(p.capacityLossPct!.value).toBeCloseTo(5, 9);
    expect(p.capacityLossPct!.low).toBeCloseTo(2.516, 2);
    expect(p.capacityLossPct!.high).toBeCloseTo(7.484, 2);
    // Duration, independent of T: mean 320 ms ± 4.3027 · 20 · 1.1547 = 99.4 ms.
    expect(p.checkpointDurationMs!.value).toBeCloseTo(320, 9);
    expect(p.checkpointDurationMs!.low).toBeCloseTo(220.6, 1);
    expect(p.checkpointedBytes!.value).toBeCloseTo(110e6, 0);
    expect(p.extrapolation).toEqual([]);
    expect(p.recovery).toBeUndefined(); // no failures in this sweep
  });

  it('says how far outside the measured range a request lies', () => {
    expect(predict(handSweep, { intervalMs: 120_000 }).extrapolation).toEqual(['2m is 4.0 × the longest interval measured (30s)']);
    expect(predict(handSweep, { intervalMs: 250 }).extrapolation).toEqual(['250ms is 1/4.0 of the shortest interval measured (1s)']);
    // At 2 s the loss is 100 · 0.5 / 2 = 25 %: inside the range, nothing said.
    const p = predict(handSweep, { intervalMs: 2_000, rateEventsPerSec: 10_000 });
    expect(p.capacityLossPct!.value).toBeCloseTo(25, 9);
    expect(p.extrapolation).toEqual([
      "the rate 10,000 events/s is 2.00 × the sweep's 5,000: the price per checkpoint is taken as the same at that rate, replay and catch-up follow λ",
    ]);
  });

  it('refuses a mode, a checkpoint type or a state size the sweep did not measure, naming what it did', () => {
    const refused = (req: Parameters<typeof predict>[1]) => () => predict(handSweep, req);
    expect(refused({ intervalMs: 5_000, stateMode: 'realistic' })).toThrow(PredictionRefused);
    expect(refused({ intervalMs: 5_000, stateMode: 'realistic' })).toThrow("Invalid --state-mode: 'realistic': the sweep did not measure it. Allowed: hybrid.");
    expect(refused({ intervalMs: 5_000, checkpointType: 'incremental' })).toThrow(
      "Invalid --checkpoint-type: 'incremental': the sweep measured full checkpoints only. Allowed: full.",
    );
    expect(refused({ intervalMs: 5_000, bidders: 40_000 })).toThrow(
      "Invalid --bidders: '40000': the sweep measured one state size for hybrid, 10,000 bidders; a prediction at another size needs a sweep over at least two sizes (--bidders 5000,20000). Allowed: 10000.",
    );
    expect(() => predict({ modes: [] }, { intervalMs: 5_000 })).toThrow('no finished analysis');
    const two: MeasuredSweep = { modes: [handSweep.modes[0]!, { ...handSweep.modes[0]!, stateMode: 'bigstate' }] };
    expect(() => predict(two, { intervalMs: 5_000 })).toThrow('name one with --state-mode. Allowed: hybrid, bigstate.');
    expect(predict(handSweep, { intervalMs: 5_000, stateMode: 'hybrid', checkpointType: 'full', bidders: 10_000 }).stateMode).toBe('hybrid');
  });

  it('cuts a duration’s interval at zero, and leaves a price’s below it', () => {
    // Durations 100, 300 and 900 ms: mean 433 ms ± 4.3027 · 416 · 1.1547 = 2,068 ms, whose lower end would be negative.
    const spread: Aggregates = {
      ...handMade,
      intervals: [priced(1_000, -0.3, 100, 100e6), priced(5_000, 0.1, 300, 110e6), priced(30_000, 0.2, 900, 120e6)],
    };
    const p = predict({ modes: [{ ...handSweep.modes[0]!, aggregates: spread }] }, { intervalMs: 10_000 });
    expect(p.checkpointDurationMs!.low).toBe(0);
    expect(p.checkpointDurationMs!.high).toBeCloseTo(433.3 + 2_068, -1);
    expect(p.cpuSecondsPerCheckpoint!.low).toBeLessThan(0);
  });

  it('reads the checkpoint type a sweep ran from its workload', () => {
    expect(checkpointTypeOfWorkload({ stateBackend: 'rocksdb', incremental: false })).toBe('full');
    expect(checkpointTypeOfWorkload({ stateBackend: 'rocksdb', incremental: true })).toBe('incremental');
    expect(checkpointTypeOfWorkload({ stateBackend: 'hashmap' })).toBe('full');
    expect(checkpointTypeOfWorkload({ stateBackend: 'rocksdb' })).toBeUndefined();
  });
});

describe('predict from a sweep with known laws (analysis/synthetic.fixture.ts TRUTH)', () => {
  // Loss 0.5 % + 8 %·s/T, p99 increase 10 ms + 400 ms·s/T, recovery D + λ(D + T/2)/(μ(T) − λ), D = 20 s.
  const INTERVALS = [1_000, 2_000, 5_000, 30_000, 60_000];
  const sweepOf = (runs: ReturnType<typeof syntheticRuns>): MeasuredSweep => {
    const agg = aggregate(runs);
    return { modes: [{ stateMode: 'hybrid', bidders: 20_000, aggregates: agg, model: fitCostModel(agg) }] };
  };

  it('recovers the laws exactly from noiseless cells, at an interval it did not run', () => {
    const p = predict(sweepOf(syntheticRuns(INTERVALS, 1)), { intervalMs: 15_000 });
    expect(p.capacityLossPct).toMatchObject({ from: 'measured losses' });
    expect(p.capacityLossPct!.value).toBeCloseTo(0.5 + 8 / 15, 6);
    expect(p.p99IncreaseMs!.value).toBeCloseTo(10 + 400 / 15, 6);
    expect(p.recovery!.recoveryMs.value).toBeCloseTo(trueRecoveryMs(TRUTH, 15_000), 3);
    expect(p.recovery!.catchUpMs).toBeCloseTo(trueRecoveryMs(TRUTH, 15_000) - TRUTH.downtimeMs, 3);
  });

  it('brackets the truth with its intervals when the cells are noisy (±5 %, three repeats)', () => {
    const p = predict(sweepOf(syntheticRuns(INTERVALS, 3, 0.05, 5)), { intervalMs: 15_000 });
    const within = (v: number, q: { low?: number; high?: number }) => {
      expect(q.low).toBeDefined();
      expect(v).toBeGreaterThanOrEqual(q.low!);
      expect(v).toBeLessThanOrEqual(q.high!);
    };
    within(10 + 400 / 15, p.p99IncreaseMs!);
    within(trueRecoveryMs(TRUTH, 15_000), p.recovery!.recoveryMs);
    within(TRUTH.checkpointMs, p.checkpointDurationMs!);
  });
});
