import { describe, expect, it } from 'vitest';
import type { Aggregates } from './aggregate.js';
import { fitCostModel } from './model.js';
import type { Prediction } from './predict.js';
import { pricedInterval } from './pricedInterval.fixture.js';
import { checkPrediction, seedScalePredictions, SEED_SCALE } from './seedScale.js';

// A measured 10 s cell typed in by hand: duration 1,100 ms, 130 MB per checkpoint, loss 7.5 %.
const cell = { ...pricedInterval(10_000, 0.5, 1_100, 130e6) };
const measuredAgg: Aggregates = {
  intervals: [{ ...cell, overhead: { ...cell.overhead!, capacityLossPct: { n: 20, mean: 7.5 } } }],
};
const measured = { stateMode: 'realistic', bidders: 3_000_000, aggregates: measuredAgg, model: fitCostModel(measuredAgg) };
const prediction: Prediction = {
  stateMode: 'realistic',
  bidders: 3_000_000,
  intervalMs: 10_000,
  checkpointDurationMs: { value: 1_000, low: 800, high: 1_200 },
  checkpointedBytes: { value: 100e6, low: 90e6, high: 110e6 },
  capacityLossPct: { value: 5, low: 1, high: 9, from: 'CPU price' },
  measuredIntervalsMs: [5_000, 20_000],
  measuredBidders: [30_000, 300_000],
  extrapolation: [],
};

describe("the seed's scale, predicted then measured", () => {
  it('checks each figure against its goal and its interval, worked by hand', () => {
    const checks = Object.fromEntries(checkPrediction(prediction, measured).map((c) => [c.figure, c]));
    // Duration: |1,000 − 1,100| / 1,100 = 9.1 % ≤ 20 %, and 1,100 lies in [800, 1,200].
    expect(checks['checkpoint duration']!.error).toBeCloseTo(0.0909, 4);
    expect(checks['checkpoint duration']).toMatchObject({ meetsGoal: true, insideInterval: true });
    // Bytes: 30 / 130 = 23.1 % > 20 %, and 130 MB lies above [90, 110] MB.
    expect(checks['bytes per checkpoint']!.error).toBeCloseTo(0.2308, 4);
    expect(checks['bytes per checkpoint']).toMatchObject({ meetsGoal: false, insideInterval: false });
    // Loss: 2.5 points ≤ 3.
    expect(checks['capacity loss']).toMatchObject({ error: 2.5, errorUnit: 'points', meetsGoal: true, insideInterval: true });
    // Recovery: neither predicted nor measured here, so no error and no verdict.
    expect(checks.recovery).toMatchObject({ errorUnit: 'relative', goal: 0.2 });
    expect(checks.recovery!.meetsGoal).toBeUndefined();
  });

  it('counts a recovery cell that could not fail the job, or never caught up, as a miss of a predicted recovery, saying why', () => {
    const withRecovery: Prediction = { ...prediction, recovery: { recoveryMs: { value: 26_500, low: 20_000, high: 33_000 } } as Prediction['recovery'] };
    const never = { ...measured, aggregates: { intervals: [{ ...measuredAgg.intervals[0]!, neverHealthy: 1 }] } };
    const rec = checkPrediction(withRecovery, never).find((c) => c.figure === 'recovery')!;
    expect(rec).toMatchObject({ measured: undefined, meetsGoal: false, outcome: 'no failure injected: the job never kept up for the health gate' });
    const behind = { ...measured, aggregates: { intervals: [{ ...measuredAgg.intervals[0]!, notCaughtUp: 1 }] } };
    expect(checkPrediction(withRecovery, behind).find((c) => c.figure === 'recovery')!.outcome).toBe('not caught up: the backlog did not drain');
    // Without a predicted recovery there is nothing to miss.
    expect(checkPrediction(prediction, never).find((c) => c.figure === 'recovery')!.meetsGoal).toBeUndefined();
  });

  it("asks the seed's numbers of a sweep: 3,000,000 realistic bidders at 15,000 events/s, 10 s and 60 s, per type measured", () => {
    const agg = (price: number): Aggregates => ({
      cpuBaseline: { cpuSecondsPerEvent: 0.0001, blocks: 10, processingCpuSecondsPerSec: 1.0 },
      intervals: [5_000, 20_000].map((t) => pricedInterval(t, price, 300, 1e8)),
    });
    const mode = (bidders: number, checkpointType: 'full' | 'incremental') => ({
      stateMode: 'realistic',
      bidders,
      checkpointType,
      aggregates: agg(bidders / 1e5),
      model: fitCostModel(agg(bidders / 1e5)),
    });
    const ps = seedScalePredictions({ modes: [mode(30_000, 'full'), mode(300_000, 'full'), mode(30_000, 'incremental'), mode(300_000, 'incremental')] });
    expect(ps.map((p) => `${p.checkpointType} ${p.intervalMs} ${p.bidders} ${p.inputRate}`)).toEqual([
      'full 10000 3000000 15000',
      'full 60000 3000000 15000',
      'incremental 10000 3000000 15000',
      'incremental 60000 3000000 15000',
    ]);
    // The price is 1e-5 CPU-s per bidder in these cells: 30 CPU-s at 3,000,000, a tenfold extrapolation, said.
    expect(ps[0]!.cpuSecondsPerCheckpoint!.value).toBeCloseTo(30, 6);
    expect(ps[0]!.extrapolation).toContain('3,000,000 bidders is 10.0 × the largest state measured (300,000)');
    expect(SEED_SCALE.intervalsMs).toEqual([10_000, 60_000]);
  });
});
