import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { batchesOf } from './cpuPrice.js';
import type { RunFigures } from './runFigures.js';
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

describe('capacity loss from the CPU price', () => {
  // Hand-built cost cells at λ = 1,000 events/s: c_e = 0.0005 CPU-s per event (0.5 CPU-s/s), a probe of
  // 4,000 events/s at the baseline, so P = 4,000 × 0.0005 = 2 CPU-s/s. The 5 s cell's cycles cost
  // 0.5 CPU-s each above their events (0.1 CPU-s/s): loss = 0.1 / 2 = 5 %, price 0.5 CPU-s.
  const cycle = (startMs: number, ms: number, cpuSeconds: number) => ({ startMs, endMs: startMs + ms, cpuSeconds, events: ms });
  const cost = (intervalMs: number, cycles: ReturnType<typeof cycle>[], probe?: number) => ({
    intervalMs,
    cell: 'cost' as const,
    inputRate: 1_000,
    failures: 0,
    notCaughtUp: 0,
    cycles,
    capacityEventsPerSec: probe,
  });
  // ±0.05 CPU-s/s around the price, alternating: a cycle's CPU is 10 s × (0.6 ± 0.05).
  const priced = cost(
    5_000,
    Array.from({ length: 20 }, (_, i) => cycle(i * 5_000, 5_000, 5 * (0.6 + (i % 2 ? 0.05 : -0.05)))),
    3_800,
  );
  const baseline = (spread: number) =>
    cost(
      0,
      Array.from({ length: 12 }, (_, i) => cycle(i * 10_000, 10_000, 10 * (0.5 + (i % 2 ? spread : -spread)))),
      4_000,
    );

  it('recovers the loss and the price of hand-built cycles', () => {
    const a = aggregate([baseline(0.01), priced]);
    expect(a.cpuBaseline!.cpuSecondsPerEvent).toBeCloseTo(0.0005, 9);
    expect(a.cpuBaseline!.cpuSecondsPerSecAvailable).toBeCloseTo(2, 9);
    const o = a.intervals[0]!.overhead!;
    expect(o.capacityLossPct.mean).toBeCloseTo(5, 9);
    expect(o.price!.cpuSecondsPerCheckpoint.mean).toBeCloseTo(0.5, 9);
    // (P − C/T)/c_e = (2 − 0.1)/0.0005 = 3,800 events/s: the probe's 3,800 agrees exactly.
    expect(o.price!.capacityFromCpuEventsPerSec).toBeCloseTo(3_800, 6);
    expect(o.price!.probeToCpuRatio).toBeCloseTo(1, 9);
    // The probe's own loss beside it: 1 − 3,800/4,000 = 5 %.
    expect(o.probeCapacityLossPct.median).toBeCloseTo(5, 9);
  });

  it('widens the loss interval with the baseline’s variance', () => {
    const width = (spread: number) => {
      const l = aggregate([baseline(spread), priced]).intervals[0]!.overhead!.capacityLossPct;
      return l.ciHigh! - l.ciLow!;
    };
    expect(width(0.1)).toBeGreaterThan(1.5 * width(0.01));
  });

  it('widens the price interval with the baseline’s variance too', () => {
    const width = (spread: number) => {
      const p = aggregate([baseline(spread), priced]).intervals[0]!.overhead!.price!.cpuSecondsPerCheckpoint;
      return p.ciHigh! - p.ciLow!;
    };
    expect(width(0.1)).toBeGreaterThan(1.5 * width(0.01));
  });

  it('charges every interval the pooled price at its own T_eff', () => {
    // A 1 s cell whose cycles cost 0.5 CPU-s above their events, as the 5 s cell's: the pooled price is
    // 0.5 CPU-s, so at 1 s the loss is 0.5 / (1 × 2) = 25 %, at 5 s 0.5 / (5 × 2) = 5 %.
    const short = cost(
      1_000,
      Array.from({ length: 60 }, (_, i) => cycle(i * 1_000, 1_000, 1 * (1 + (i % 2 ? 0.05 : -0.05)))),
      3_000,
    );
    const withTeff = (r: typeof short, ms: number) => ({ ...r, effectiveIntervalMs: ms });
    const a = aggregate([baseline(0.01), withTeff(short, 1_000), withTeff(priced, 5_000)]);
    const [one, five] = a.intervals.map((x) => x.overhead!.pooledPriceCapacityLossPct!);
    expect(one!.mean).toBeCloseTo(25, 6);
    expect(five!.mean).toBeCloseTo(5, 6);
    // One price's interval, scaled by 1/T: 5 × narrower in percentage points at 5 s.
    expect(one!.ciHigh! - one!.ciLow!).toBeCloseTo(5 * (five!.ciHigh! - five!.ciLow!), 6);
  });
});

describe('the CPU a loss is a share of: the line through the baseline’s two operating points', () => {
  // By hand: at λ = 1,000 events/s the baseline burns 0.8 CPU-s/s; its probe ran 4,000 events/s on 1.4 CPU-s/s.
  // m = (1.4 − 0.8) / (4,000 − 1,000) = 0.0002 CPU-s per event; b = 0.8 − 0.2 = 0.6 CPU-s/s whatever the rate;
  // processing at capacity uses m × 4,000 = 0.8 CPU-s/s. (METHOD.md's P = 4,000 × 0.0008 = 3.2 would exceed the 1.4 measured.)
  const block = (i: number, cpuPerSec: number, ms = 10_000) => ({ startMs: i * ms, endMs: (i + 1) * ms, cpuSeconds: (ms / 1000) * cpuPerSec, events: ms });
  const run = (intervalMs: number, cpuPerSec: (i: number) => number, probeCpu: number, probe: number, ms: number, count: number) => ({
    intervalMs,
    cell: 'cost' as const,
    inputRate: 1_000,
    failures: 0,
    notCaughtUp: 0,
    cycles: Array.from({ length: count }, (_, i) => block(i, cpuPerSec(i), ms)),
    capacityEventsPerSec: probe,
    probeCpuSecondsPerSec: probeCpu,
  });
  const jitter = (i: number) => (i % 2 ? 0.01 : -0.01);
  const baseline = run(0, (i) => 0.8 + jitter(i), 1.4, 4_000, 10_000, 12);
  // 0.1 CPU-s/s above the baseline at 5 s: a 0.5 CPU-s checkpoint.
  const five = run(5_000, (i) => 0.9 + jitter(i), 1.4, 3_500, 5_000, 24);
  // At 1 s the cluster runs at the probes' CPU: its checkpoints waited for CPU.
  const one = run(1_000, (i) => 1.4 + jitter(i), 1.4, 3_000, 1_000, 120);

  it('takes m, b and the processing CPU from the baseline’s window and its probe', () => {
    const b = aggregate([baseline, five]).cpuBaseline!;
    expect(b.cpuSecondsPerSecAtRate).toBeCloseTo(0.8, 9);
    expect(b.probeCpuSecondsPerSec).toBeCloseTo(1.4, 9);
    expect(b.marginalCpuSecondsPerEvent).toBeCloseTo(0.0002, 12);
    expect(b.fixedCpuSecondsPerSec).toBeCloseTo(0.6, 9);
    expect(b.processingCpuSecondsPerSec).toBeCloseTo(0.8, 9);
  });

  it('measures the loss as a share of the processing CPU, and capacity along the line', () => {
    const o = aggregate([baseline, five]).intervals[0]!.overhead!;
    expect(o.capacityLossPct.mean).toBeCloseTo(12.5, 6);
    expect(o.price!.cpuSecondsPerCheckpoint.mean).toBeCloseTo(0.5, 6);
    // μ(5 s) = 4,000 − 0.1 / 0.0002 = 3,500 events/s: the cell's probe says the same.
    expect(o.price!.capacityFromCpuEventsPerSec).toBeCloseTo(3_500, 3);
    expect(o.price!.cpuBound).toBe(false);
  });

  it('marks an interval whose CPU at λ reaches the probes’ as CPU-bound, and pools the price without it', () => {
    const a = aggregate([baseline, five, one]);
    const [at1, at5] = a.intervals;
    expect(at1!.overhead!.price!.cpuBound).toBe(true);
    // Its own price (0.6 CPU-s per 1 s cycle) is a floor; the pooled price is the 5 s one, 0.5 CPU-s.
    expect(at1!.overhead!.pooledPriceCapacityLossPct).toBeUndefined();
    expect(at5!.overhead!.pooledPriceCapacityLossPct!.mean).toBeCloseTo(12.5, 6);
  });
});

describe('a baseline at the CPU ceiling', () => {
  const block = (i: number, cpu: number, ms: number) => ({ startMs: i * ms, endMs: (i + 1) * ms, cpuSeconds: (cpu * ms) / 1000, events: ms });
  const run = (intervalMs: number, cpu: number, cycleMs: number, count: number): RunFigures => ({
    intervalMs,
    inputRate: 1_000,
    failures: 0,
    notCaughtUp: 0,
    cycles: Array.from({ length: count }, (_, i) => block(i, cpu + (i % 2 ? 0.01 : -0.01), cycleMs)),
    capacityEventsPerSec: 1_100,
    probeCpuSecondsPerSec: 1.7,
  });

  it('is flagged, and every price against it is marked a floor', () => {
    // 1.68 CPU-s/s at λ against 1.7 at the probes: 98.8 %, over the 97 % mark. The 5 s cell itself runs at 1.6 (94 %).
    const a = aggregate([run(0, 1.68, 10_000, 12), run(5_000, 1.6, 5_000, 24)]);
    expect(a.cpuBaseline!.cpuBound).toBe(true);
    expect(a.intervals[0]!.overhead!.price!.cpuBound).toBe(true);
    // The same cell against a baseline at 1.2 CPU-s/s (71 %): neither is flagged.
    const calm = aggregate([run(0, 1.2, 10_000, 12), run(5_000, 1.6, 5_000, 24)]);
    expect(calm.cpuBaseline!.cpuBound).toBe(false);
    expect(calm.intervals[0]!.overhead!.price!.cpuBound).toBe(false);
  });
});

describe('batchesOf', () => {
  it('joins consecutive cycles until each batch spans the minimum, a short tail into the last batch', () => {
    const c = (startMs: number, endMs: number) => ({ startMs, endMs, cpuSeconds: (endMs - startMs) / 1000, events: endMs - startMs });
    const batches = batchesOf([c(0, 10_000), c(10_000, 20_000), c(20_000, 30_000), c(30_000, 40_000), c(40_000, 45_000)], 20_000);
    expect(batches.map((b) => [b.startMs, b.endMs, b.cpuSeconds, b.events])).toEqual([
      [0, 20_000, 20, 20_000],
      [20_000, 45_000, 25, 25_000],
    ]);
    expect(batchesOf([c(0, 5_000)], 20_000)).toEqual([c(0, 5_000)]);
  });
});
