/**
 * The cost model of METHOD.md fitted to a sweep (pure): steady-state overhead ≈ a + C/T, expected
 * recovery R(T) ≈ D + λ·(D + T/2)/(μ − λ), Young's and Daly's optimum for an MTBF, and the disk bound.
 */
import { median } from '../bench/stats.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';

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
  const xs = ps.map((p) => 1000 / p.intervalMs);
  const ys = ps.map((p) => p.y);
  const n = ps.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const c = sxy / sxx;
  const a = my - c * mx;
  const sse = ys.reduce((s, y, i) => s + (y - (a + c * xs[i]!)) ** 2, 0);
  return { a, c, n, r2: syy > 0 ? 1 - sse / syy : undefined };
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
  /** μ: the rate the job caught up at (median over the sweep's failures). */
  readonly maxRate: number;
}

/** R(T) = D + λ·(D + T/2)/(μ − λ); Infinity when the job cannot catch up (μ ≤ λ). */
export function expectedRecoveryMs(m: RecoveryModel, intervalMs: number): number {
  if (m.maxRate <= m.inputRate) return Infinity;
  return m.downtimeMs + (m.inputRate * (m.downtimeMs + intervalMs / 2)) / (m.maxRate - m.inputRate);
}

/** The largest T with R(T) ≤ limit; negative when even T → 0 misses it. */
export function largestIntervalWithin(m: RecoveryModel, limitMs: number): number {
  if (m.maxRate <= m.inputRate) return -Infinity;
  return 2 * (((limitMs - m.downtimeMs) * (m.maxRate - m.inputRate)) / m.inputRate - m.downtimeMs);
}

/** Records replayed after a failure at a uniform random phase: λ·(T/2 + checkpoint duration). */
export function expectedReplayedRecords(inputRate: number, intervalMs: number, checkpointDurationMs: number): number {
  return (inputRate * (intervalMs / 2 + checkpointDurationMs)) / 1000;
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

/** A checkpoint must be written within T: T ≥ checkpointed bytes ÷ sustained write rate. */
export function diskBoundMs(checkpointedBytes: number, writeBytesPerSec: number): number {
  return (checkpointedBytes / writeBytesPerSec) * 1000;
}

export interface CostModel {
  readonly throughputLossPct?: InverseFit;
  readonly p99IncreaseMs?: InverseFit;
  readonly recovery?: RecoveryModel;
  /** C for Young/Daly: the median checkpoint duration over the sweep. */
  readonly checkpointCostMs?: number;
  /** The storage's sustained write rate: median bytes/s checkpoints achieved. */
  readonly writeBytesPerSec?: number;
  /** |R(T) − measured| ÷ measured per interval with failures, median, in %. */
  readonly recoveryErrorPct?: number;
}

const medianOf = (xs: readonly (number | undefined)[]) => median(xs.filter((v): v is number => v !== undefined));

/** Fits every part of the model that the sweep has data for. */
export function fitCostModel(agg: Aggregates): CostModel {
  const ivs: readonly IntervalAggregate[] = agg.intervals;
  const pointsOf = (pick: (a: IntervalAggregate) => number | undefined): Point[] =>
    ivs.flatMap((a) => {
      const y = pick(a);
      return y === undefined ? [] : [{ intervalMs: a.intervalMs, y }];
    });
  const downtimeMs = medianOf(ivs.map((a) => a.figures.downtimeMs.median));
  const maxRate = medianOf(ivs.map((a) => a.figures.maxRateEventsPerSec.median));
  const inputRate = medianOf(ivs.map((a) => a.inputRate));
  const recovery = downtimeMs !== undefined && maxRate !== undefined && inputRate !== undefined ? { downtimeMs, inputRate, maxRate } : undefined;
  const errors = recovery
    ? ivs.flatMap((a) => {
        const measured = a.figures.recoveryMs.median;
        return measured ? [(Math.abs(expectedRecoveryMs(recovery, a.intervalMs) - measured) / measured) * 100] : [];
      })
    : [];
  return {
    throughputLossPct: fitInverse(pointsOf((a) => a.overhead?.throughputLossPct.median)),
    p99IncreaseMs: fitInverse(pointsOf((a) => a.overhead?.p99IncreaseMs.median)),
    recovery,
    checkpointCostMs: medianOf(ivs.map((a) => a.figures.checkpointDurationMs.median)),
    writeBytesPerSec: medianOf(ivs.map((a) => a.figures.checkpointWriteBytesPerSec.median)),
    recoveryErrorPct: medianOf(errors),
  };
}
