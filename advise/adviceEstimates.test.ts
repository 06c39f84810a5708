import { describe, expect, it } from 'vitest';
import type { AdviceInputs } from './adviceInputs.js';
import { FULL, l } from './adviceInputs.fixture.js';
import { candidateIntervalsMs, estimateAt } from './adviceEstimates.js';
import { adviseFrom } from './advice.js';

describe("advise's estimates per interval, worked by hand", () => {
  it('capacity loss C/(T·P) with the price’s interval', () => {
    const e = estimateAt(FULL, 5_000);
    // 100 × 1.0 / (5 × 1.1) = 18.18 %; 0.8 → 14.55 %, 1.2 → 21.82 %.
    expect(e.capacityLossPct!.value).toBeCloseTo(18.1818, 3);
    expect(e.capacityLossPct!.low).toBeCloseTo(14.5455, 3);
    expect(e.capacityLossPct!.high).toBeCloseTo(21.8182, 3);
    expect(e.checkpointedBytes.value).toBe(100e6);
    expect(e.checkpointDurationMs.value).toBe(2_000);
  });

  it('recovery by phase: D = 5 s, then the backlog λ(D + T/2) drained at μ(T) − λ', () => {
    // At 10 s: loss 9.09 %, μ(10 s) = 5,500 × (1 − 0.0909) = 5,000; catch-up 1,000 × (5 + 5) / 4,000 = 2.5 s.
    const e = estimateAt(FULL, 10_000);
    expect([e.detectionMs, e.restartMs, e.restoreMs]).toEqual([1_000, 2_000, 2_000]);
    expect(e.catchUpMs).toBeCloseTo(2_500, 6);
    expect(e.recoveryMs.value).toBeCloseTo(7_500, 6);
    // μ at 4,000 → μ(10 s) 4,000: 10,000/3,000 s = 3.33 s; at 6,000: 10,000/5,000 = 2 s.
    expect(e.recoveryMs.high).toBeCloseTo(8_333.33, 1);
    expect(e.recoveryMs.low).toBeCloseTo(7_000, 6);
    // λ(T/2 + duration) = 1,000 × 7 s.
    expect(e.replayedRecords).toBeCloseTo(7_000, 6);
    // At 5 s: μ = 5,500 × (1 − 0.1818) = 4,500; 1,000 × 7.5 / 3,500 = 2.143 s.
    expect(estimateAt(FULL, 5_000).recoveryMs.value).toBeCloseTo(7_142.86, 1);
  });

  it('an incremental checkpoint’s bytes and duration in proportion to T, up to the whole state', () => {
    const inc: AdviceInputs = { ...FULL, checkpointType: 'incremental', checkpointedBytes: l(20e6) };
    expect(estimateAt(inc, 5_000).checkpointedBytes.value).toBe(10e6);
    expect(estimateAt(inc, 5_000).checkpointDurationMs.value).toBe(1_000);
    expect(estimateAt(inc, 60_000).checkpointedBytes.value).toBe(100e6);
  });

  it('without an observed price: no loss, and μ as observed at every interval', () => {
    const { cpuSecondsPerCheckpoint: _c, cpuCapacity: _p, ...rest } = FULL;
    const e = estimateAt({ ...rest, priceUnobservable: 'stated' }, 10_000);
    expect(e.capacityLossPct).toBeUndefined();
    expect(e.catchUpMs).toBeCloseTo(2_500, 6); // 1,000 × 10 / (5,000 − 1,000)
  });

  it('the candidates: 1 s … 10 min and the current interval', () => {
    expect(candidateIntervalsMs(7_000)).toEqual([1_000, 2_000, 5_000, 7_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000]);
  });
});

describe('the advice through the lab’s advisor', () => {
  it('feasible where the loss is ≤ 5 % (T ≥ 18.2 s) and recovery ≤ 60 s; the longest without an MTBF, nearest T* with one', () => {
    const limits = { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 };
    const a = adviseFrom(FULL, limits);
    // At 10 min the backlog 1,000 × (5 + 300) s drains at 5,491.7 − 1,000/s: 67.9 s + 5 s > 60 s.
    expect(a.recommendation.feasibleMs).toEqual([30_000, 60_000, 120_000, 300_000]);
    expect(a.recommendation.recommendedMs).toBe(300_000);
    expect(a.recommendation.rule).toBe('longest-feasible');
    const withMtbf = adviseFrom(FULL, { ...limits, mtbfMs: 86_400_000 });
    // C = 1.0 / 1.1 s of capacity = 909.1 ms; T* = √(2 × 909.1 ms × 24 h × 4,500/1,000) = 840.8 s.
    expect(withMtbf.recommendation.optimumMs! / 1000).toBeCloseTo(840.8, 0);
    expect(withMtbf.recommendation.recommendedMs).toBe(300_000);
    expect(withMtbf.intervals.find((e) => e.intervalMs === 60_000)!.recoveryCostSecPerHour).toBeGreaterThan(0);
    expect(a.notJudged[0]).toMatch(/^p99 latency/);
  });

  it('without an observed price: the loss is not judged (and said so), and recovery and the disk decide', () => {
    const { cpuSecondsPerCheckpoint: _c, cpuCapacity: _p, ...rest } = FULL;
    const a = adviseFrom(
      { ...rest, priceUnobservable: 'the REST server refreshes metrics too slowly' },
      { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, mtbfMs: 86_400_000 },
    );
    expect(a.recommendation.optimumMs).toBeUndefined();
    expect(a.recommendation.reasons[0]).toContain(
      'the longest interval that meets every limit, since it costs least in normal operation (T* needs the price of a checkpoint',
    );
    expect(a.recommendation.candidates.every((c) => c.checks.map((k) => k.limit).join() === 'recovery,disk')).toBe(true);
    // μ stays 5,000/s at every T: at 10 min the backlog 1,000 × (5 + 300) s drains at 4,000/s, 76.3 s + 5 s > 60 s; at 5 min 38.8 + 5 s.
    expect(a.recommendation.recommendedMs).toBe(300_000);
    // At 1 s a full checkpoint's 2 s does not fit the interval (the disk).
    expect(a.recommendation.feasibleMs).toEqual([2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000]);
    expect(a.notJudged[1]).toBe('capacity loss: the REST server refreshes metrics too slowly');
  });
});
