/**
 * The cost model of METHOD.md fitted to a sweep (pure): capacity loss ≈ a + C/T, expected recovery
 * R(T) ≈ D + λ·(D + T/2)/(μ(T) − λ) with μ(T) from the capacity probe, the optimum T* for an MTBF
 * (beside Young's and Daly's classic forms), the disk bound, and leave-one-interval-out accuracy.
 */
import { median } from '../lib/stats.js';
import { fitLine } from '../lib/leastSquares.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import { lossDenominator, pooledPriceOf } from './cpuPrice.js';

/** y ≈ a + c / T with T in seconds: least squares on x = 1/T. */
export interface InverseFit {
  readonly a: number;
  readonly c: number;
  readonly n: number;
  /** Share of variance explained; undefined when y does not vary. */
  readonly r2?: number;
}

export interface Point {
  readonly intervalMs: number;
  readonly y: number;
}

export function fitInverse(points: readonly Point[]): InverseFit | undefined {
  const ps = points.filter((p) => p.intervalMs > 0 && Number.isFinite(p.y));
  if (new Set(ps.map((p) => p.intervalMs)).size < 2) return undefined;
  const line = fitLine(
    ps.map((p) => 1000 / p.intervalMs),
    ps.map((p) => p.y),
  )!;
  return { a: line.intercept, c: line.slope, n: line.n, r2: line.r2 };
}

/**
 * a + c/T with neither part negative (a loss or a latency increase below zero is impossible): when the
 * free fit's intercept is negative, the line through the origin; when its slope is, the mean.
 */
export function fitInverseNonNegative(points: readonly Point[]): InverseFit | undefined {
  const free = fitInverse(points);
  if (!free || (free.a >= 0 && free.c >= 0)) return free;
  const ps = points.filter((p) => p.intervalMs > 0 && Number.isFinite(p.y));
  const xs = ps.map((p) => 1000 / p.intervalMs);
  const ys = ps.map((p) => p.y);
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const r2 = (a: number, c: number) => (syy > 0 ? 1 - ys.reduce((s, y, i) => s + (y - (a + c * xs[i]!)) ** 2, 0) / syy : undefined);
  const c0 = xs.reduce((s, x, i) => s + x * ys[i]!, 0) / xs.reduce((s, x) => s + x * x, 0);
  if (free.a < 0 && c0 >= 0) return { a: 0, c: c0, n: ps.length, r2: r2(0, c0) };
  const a = Math.max(0, my);
  return { a, c: 0, n: ps.length, r2: r2(a, 0) };
}

/** A cost that shrinks as checkpoints get rarer (C ≥ 0); otherwise the fit describes noise, not a cost. */
export function showsCost(fit: InverseFit | undefined): fit is InverseFit {
  return fit !== undefined && fit.c >= 0;
}

export function evalInverse(fit: InverseFit, intervalMs: number): number {
  return fit.a + (fit.c * 1000) / intervalMs;
}

/** The smallest T with a + c/T ≤ limit (c > 0); 0 when every T meets it, Infinity when none does. */
export function smallestIntervalWithin(fit: InverseFit, limit: number): number {
  if (fit.c <= 0) return fit.a <= limit ? 0 : Infinity;
  if (fit.a >= limit) return Infinity;
  return (fit.c * 1000) / (limit - fit.a);
}

export interface RecoveryModel {
  /** D: failure to running again (median over the sweep's failures). */
  readonly downtimeMs: number;
  /** λ: the input rate. */
  readonly inputRate: number;
  /** μ(off): the capacity probe's figure without checkpointing. */
  readonly baselineCapacity: number;
  /** capacityLoss(T) in % ≈ a + C/T; without it μ(T) = μ(off). */
  readonly capacityLossPct?: InverseFit;
  /**
   * ρ: the share of its probed capacity the job drains a backlog at right after a restore (cold
   * RocksDB, re-downloaded files, compaction), from the catch-ups of the intervals the model is fitted
   * to — never of the one it predicts. 1 when no catch-up was measured.
   */
  readonly restoredCapacityRatio?: number;
  /**
   * μ_drain without checkpoint cost: the rate the job drained its backlogs at, each ÷ (1 − its interval's
   * loss), median over the intervals fitted. When set, μ_drain(T) = this × (1 − loss(T)) replaces ρ·μ(T).
   */
  readonly drainCapacityEventsPerSec?: number;
}

/** capacityLoss(T) in %, within what a loss can be: 0 (nothing lost) to 100 (checkpoints take all the CPU). */
export function lossPctAt(fit: InverseFit, intervalMs: number): number {
  return Math.min(100, Math.max(0, evalInverse(fit, intervalMs)));
}

/** μ(T) = μ(off) · (1 − capacityLoss(T)). */
export function capacityAt(m: Pick<RecoveryModel, 'baselineCapacity' | 'capacityLossPct'>, intervalMs: number): number {
  const lossPct = m.capacityLossPct ? lossPctAt(m.capacityLossPct, intervalMs) : 0;
  return m.baselineCapacity * (1 - lossPct / 100);
}

/** R(T) = D + λ·(D + T/2)/(ρ·μ(T) − λ); Infinity when the job cannot catch up (ρμ ≤ λ). */
export function expectedRecoveryMs(m: RecoveryModel, intervalMs: number): number {
  const lossShare = m.capacityLossPct ? lossPctAt(m.capacityLossPct, intervalMs) / 100 : 0;
  const mu =
    m.drainCapacityEventsPerSec !== undefined ? m.drainCapacityEventsPerSec * (1 - lossShare) : capacityAt(m, intervalMs) * (m.restoredCapacityRatio ?? 1);
  if (mu <= m.inputRate) return Infinity;
  return m.downtimeMs + (m.inputRate * (m.downtimeMs + intervalMs / 2)) / (mu - m.inputRate);
}

/**
 * The largest T with R(T) ≤ limit, or −Infinity when none has. R is not monotone when capacity loss
 * is modelled (very short intervals cost so much capacity that recovery grows again), so: the last
 * point of a log grid that meets the limit, refined by bisection towards the next.
 */
export function largestIntervalWithin(m: RecoveryModel, limitMs: number): number {
  const grid = Array.from({ length: 121 }, (_, i) => 10 * Math.pow(10, i / 20)); // 10 ms … 10^7 ms
  let last = -1;
  for (let i = 0; i < grid.length; i++) if (expectedRecoveryMs(m, grid[i]!) <= limitMs) last = i;
  if (last < 0) return -Infinity;
  if (last === grid.length - 1) return Infinity;
  let lo = grid[last]!;
  let hi = grid[last + 1]!;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expectedRecoveryMs(m, mid) <= limitMs) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Records replayed after a failure at a uniform random phase: λ·(T/2 + checkpoint duration). */
export function expectedReplayedRecords(inputRate: number, intervalMs: number, checkpointDurationMs: number): number {
  return (inputRate * (intervalMs / 2 + checkpointDurationMs)) / 1000;
}

/**
 * The interval that minimises C/T + R(T)/M (overhead plus expected time-to-caught-up per unit time):
 * T* = √(2·C·M·(μ − λ)/λ), C in capacity-seconds per checkpoint. Young's √(2CM) is its case μ = 2λ.
 */
export function optimumIntervalMs(checkpointCostMs: number, mtbfMs: number, capacity: number, inputRate: number): number {
  if (capacity <= inputRate) return 0;
  return Math.sqrt((2 * checkpointCostMs * mtbfMs * (capacity - inputRate)) / inputRate);
}

/** Young (1974): T ≈ √(2·C·MTBF). */
export function youngOptimumMs(checkpointCostMs: number, mtbfMs: number): number {
  return Math.sqrt(2 * checkpointCostMs * mtbfMs);
}

/** Daly (2006): √(2CM)·[1 + ⅓√(C/2M) + (C/2M)/9] − C for C < 2M, else M. */
export function dalyOptimumMs(checkpointCostMs: number, mtbfMs: number): number {
  const C = checkpointCostMs;
  const M = mtbfMs;
  if (C >= 2 * M) return M;
  const r = C / (2 * M);
  return Math.sqrt(2 * C * M) * (1 + Math.sqrt(r) / 3 + r / 9) - C;
}

/** A checkpoint must be written within T: T ≥ checkpointed bytes ÷ the storage's measured write bandwidth. */
export function diskBoundMs(checkpointedBytes: number, writeBytesPerSec: number): number {
  return (checkpointedBytes / writeBytesPerSec) * 1000;
}

/** Leave-one-interval-out accuracy: 1 − median |predicted − measured| / measured, over the intervals predicted. */
export interface Accuracy {
  readonly accuracy?: number;
  /** Each point held out: its interval (and, leaving sizes out, its size), measured and predicted. */
  readonly points: readonly { readonly intervalMs: number; readonly bidders?: number; readonly measured: number; readonly predicted: number }[];
}

export interface CostModel {
  /** capacityLoss(T) in % ≈ a + C/T (C in %·s). */
  readonly capacityLossPct?: InverseFit;
  /** C: capacity-seconds one checkpoint costs, in ms (the fit's c ÷ 100, in ms). */
  readonly checkpointCostMs?: number;
  readonly p99IncreaseMs?: InverseFit;
  readonly recovery?: RecoveryModel;
  /** The checkpoint storage's write bandwidth, measured on its own at the start of the sweep. */
  readonly writeBytesPerSec?: number;
  /** Out of sample: each interval predicted by a model fitted without it. */
  readonly accuracy: { readonly recovery: Accuracy; readonly capacityLoss: Accuracy };
}

const medianOf = (xs: readonly (number | undefined)[]) => median(xs.filter((v): v is number => v !== undefined));

export function accuracyOf(points: Accuracy['points']): Accuracy {
  const errors = points.filter((p) => p.measured > 0 && Number.isFinite(p.predicted)).map((p) => Math.abs(p.predicted - p.measured) / p.measured);
  const med = median(errors);
  return { accuracy: med === undefined ? undefined : 1 - med, points };
}

/**
 * capacityLoss(T) = C_cpu / (T · P) as a + c/T with a = 0 and c = 100 · C_cpu / P (in %·s): C_cpu the
 * pooled price per checkpoint over the intervals that ran as labelled (all of them if none did).
 */
function priceFit(agg: Aggregates, intervals: readonly IntervalAggregate[]): InverseFit | undefined {
  const P = lossDenominator(agg.cpuBaseline);
  const price = pooledPriceOf(intervals);
  if (P === undefined || price?.mean === undefined) return undefined;
  const asLabelled = intervals.filter((a) => a.overhead?.price && !a.saturated && !a.overhead.price.cpuBound).length;
  return { a: 0, c: (100 * Math.max(0, price.mean)) / P, n: asLabelled || intervals.filter((a) => a.overhead?.price).length };
}

/** The interval checkpoints really run at: T, or back to back when they take longer (the others' median duration). */
export function effectiveIntervalMs(intervalMs: number, checkpointDurationMs: number | undefined): number {
  return Math.max(intervalMs, checkpointDurationMs ?? 0);
}

/** Fits the model to some of the intervals (all of them, or all but one for leave-one-out). */
function fitOn(agg: Aggregates, intervals: readonly IntervalAggregate[]): Omit<CostModel, 'accuracy' | 'writeBytesPerSec'> {
  const pointsOf = (pick: (a: IntervalAggregate) => number | undefined): Point[] =>
    intervals.flatMap((a) => {
      const y = pick(a);
      return y === undefined ? [] : [{ intervalMs: a.intervalMs, y }];
    });
  const capacityLossPct = priceFit(agg, intervals) ?? fitInverseNonNegative(pointsOf((a) => a.overhead?.capacityLossPct.median));
  const downtimeMs = medianOf(intervals.map((a) => a.figures.downtimeMs.median));
  const baselineCapacity = agg.baseline?.figures.capacityEventsPerSec.median;
  const inputRate = medianOf([...intervals, ...(agg.baseline ? [agg.baseline] : [])].map((a) => a.inputRate));
  const restoredCapacityRatio = medianOf(
    intervals.map((a) => {
      const drained = a.figures.maxRateEventsPerSec.median;
      const probed = a.figures.capacityEventsPerSec.median;
      return drained !== undefined && probed ? Math.min(1, drained / probed) : undefined;
    }),
  );
  const drainCapacityEventsPerSec = medianOf(
    intervals.map((a) => {
      const drained = a.figures.maxRateEventsPerSec.median;
      const loss = capacityLossPct ? Math.min(99, lossPctAt(capacityLossPct, a.intervalMs)) : 0;
      return drained === undefined ? undefined : drained / (1 - loss / 100);
    }),
  );
  const recovery =
    downtimeMs !== undefined && baselineCapacity !== undefined && inputRate !== undefined
      ? { downtimeMs, inputRate, baselineCapacity, capacityLossPct, restoredCapacityRatio, drainCapacityEventsPerSec }
      : undefined;
  return {
    capacityLossPct,
    checkpointCostMs: capacityLossPct && capacityLossPct.c > 0 ? (capacityLossPct.c / 100) * 1000 : undefined,
    p99IncreaseMs: fitInverseNonNegative(pointsOf((a) => a.overhead?.p99IncreaseMs.median)),
    recovery,
  };
}

/** Fits every part of the model that the sweep has data for, and its leave-one-interval-out accuracy. */
export function fitCostModel(agg: Aggregates, measured: { readonly writeBytesPerSec?: number } = {}): CostModel {
  const ivs = agg.intervals;
  const recoveryPoints = ivs.flatMap((held) => {
    const measuredMs = held.figures.recoveryMs.median;
    if (measuredMs === undefined) return [];
    const m = fitOn(
      agg,
      ivs.filter((a) => a !== held),
    ).recovery;
    return m ? [{ intervalMs: held.intervalMs, measured: measuredMs, predicted: expectedRecoveryMs(m, held.intervalMs) }] : [];
  });
  const lossPoints = ivs.flatMap((held) => {
    const measuredPct = held.overhead?.capacityLossPct.mean ?? held.overhead?.capacityLossPct.median;
    if (measuredPct === undefined) return [];
    const others = ivs.filter((a) => a !== held);
    const fit = fitOn(agg, others).capacityLossPct;
    // Checkpoints that take longer than T run back to back: predicted at the others' checkpoint duration.
    const teff = effectiveIntervalMs(held.intervalMs, medianOf(others.map((a) => a.figures.checkpointDurationMs.median)));
    return fit ? [{ intervalMs: held.intervalMs, measured: measuredPct, predicted: evalInverse(fit, teff) }] : [];
  });
  return {
    ...fitOn(agg, ivs),
    writeBytesPerSec: measured.writeBytesPerSec,
    accuracy: { recovery: accuracyOf(recoveryPoints), capacityLoss: accuracyOf(lossPoints) },
  };
}
