/**
 * A prediction at one size a sweep measured (pure; analysis/predict.ts is the command's entry): each figure
 * from that size's intervals with its 95 % prediction interval, and what lies outside what it measured.
 */
import { median } from '../lib/stats.js';
import { predictOneMore, type Predicted } from '../lib/confidence.js';
import { predictOnLine } from '../lib/leastSquares.js';
import { formatDurationMs } from '../lib/duration.js';
import { formatInteger } from '../lib/format.js';
import type { CheckpointType } from '../lib/checkpointType.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import { lossDenominator, pooledPriceOf, pricedIntervals } from './cpuPrice.js';
import { effectiveIntervalMs, expectedRecoveryMs } from './model.js';
import type { MeasuredMode, Prediction, PredictRequest, RecoveryPrediction } from './predict.js';

/** At one measured size: that size's cells. */
export function predictAtSize(mode: MeasuredMode, checkpointType: CheckpointType | undefined, request: PredictRequest): Prediction {
  const agg = mode.aggregates;
  const intervals = agg.intervals;
  const measuredIntervalsMs = intervals.map((a) => a.intervalMs);
  const T = request.intervalMs;
  const measuredRate = measuredRateOf(mode);
  const inputRate = request.rateEventsPerSec ?? measuredRate;
  const durations = mediansOf(intervals, (a) => a.figures.checkpointDurationMs.median);
  const teffMs = effectiveIntervalMs(T, median(durations));
  return {
    stateMode: mode.stateMode,
    bidders: mode.bidders,
    checkpointType,
    intervalMs: T,
    inputRate,
    cpuSecondsPerCheckpoint: pricePerCheckpoint(intervals),
    capacityLossPct: capacityLoss(agg, teffMs),
    p99IncreaseMs: onInverseT(intervals, (a) => a.overhead?.p99IncreaseMs.median, T),
    checkpointDurationMs: atLeastZero(predictOneMore(durations)),
    checkpointedBytes: atLeastZero(predictOneMore(mediansOf(intervals, (a) => a.figures.checkpointedBytes.median))),
    recovery: recovery(mode, T, inputRate),
    measuredIntervalsMs,
    measuredBidders: [mode.bidders],
    extrapolation: extrapolation(measuredIntervalsMs, T, measuredRate, request.rateEventsPerSec),
  };
}

const measuredRateOf = (mode: MeasuredMode): number | undefined =>
  mode.model.recovery?.inputRate ?? median(mode.aggregates.intervals.flatMap((a) => (a.inputRate !== undefined ? [a.inputRate] : [])));

/**
 * A time or a size cannot be negative: a normal interval's lower end is cut at zero. (Loss, price and p99
 * increase keep theirs: a cell can measure them below zero, as noise.)
 */
export function atLeastZero(p: Predicted | undefined): Predicted | undefined {
  return p && { value: Math.max(0, p.value), low: p.low === undefined ? undefined : Math.max(0, p.low), high: p.high };
}

const mediansOf = (intervals: readonly IntervalAggregate[], pick: (a: IntervalAggregate) => number | undefined): number[] =>
  intervals.flatMap((a) => {
    const v = pick(a);
    return v === undefined || !Number.isFinite(v) ? [] : [v];
  });

/**
 * One checkpoint's price in CPU-seconds, the same at any T: the pooled price, and an interval for one more
 * cell's measurement — the wider of the spread between the intervals' own prices (the drift between fresh
 * clusters shows there) and the pooled interval combined with a typical cell's own.
 */
function pricePerCheckpoint(intervals: readonly IntervalAggregate[]): Predicted | undefined {
  const priced = pricedIntervals(intervals).map((a) => a.overhead!.price!.cpuSecondsPerCheckpoint);
  const pooled = pooledPriceOf(intervals);
  if (!pooled || pooled.mean === undefined) return undefined;
  const halfOf = (e: { ciLow?: number; ciHigh?: number }) => (e.ciLow !== undefined && e.ciHigh !== undefined ? (e.ciHigh - e.ciLow) / 2 : undefined);
  const cellHalf = median(priced.flatMap((e) => (halfOf(e) !== undefined ? [halfOf(e)!] : [])));
  const pooledHalf = halfOf(pooled);
  const between = predictOneMore(priced.flatMap((e) => (e.mean !== undefined ? [e.mean] : [])));
  const spreadHalf = between?.low !== undefined && between.high !== undefined ? (between.high - between.low) / 2 : undefined;
  const ownHalf = cellHalf !== undefined && pooledHalf !== undefined ? Math.hypot(cellHalf, pooledHalf) : undefined;
  const half = Math.max(spreadHalf ?? 0, ownHalf ?? 0);
  if (spreadHalf === undefined && ownHalf === undefined) return { value: pooled.mean };
  return { value: pooled.mean, low: pooled.mean - half, high: pooled.mean + half };
}

/** Capacity loss at T_eff: C_cpu ÷ (T_eff · P) from the price; for sweeps before the CPU price, a + c/T through the measured losses. */
function capacityLoss(agg: Aggregates, teffMs: number): Prediction['capacityLossPct'] {
  const P = lossDenominator(agg.cpuBaseline);
  const price = pricePerCheckpoint(agg.intervals);
  if (P !== undefined && price) {
    const pct = (c: number | undefined) => (c === undefined ? undefined : (100 * c) / ((teffMs / 1000) * P));
    return { value: pct(price.value)!, low: pct(price.low), high: pct(price.high), from: 'CPU price' };
  }
  const onLine = onInverseT(agg.intervals, (a) => a.overhead?.capacityLossPct.median, teffMs);
  return onLine ? { ...onLine, from: 'measured losses' } : undefined;
}

/** y = a + c/T through the intervals' medians, at T, with its prediction interval. */
function onInverseT(intervals: readonly IntervalAggregate[], pick: (a: IntervalAggregate) => number | undefined, intervalMs: number): Predicted | undefined {
  const points = intervals.flatMap((a) => {
    const y = pick(a);
    return y === undefined ? [] : [{ x: 1000 / a.intervalMs, y }];
  });
  return predictOnLine(
    points.map((p) => p.x),
    points.map((p) => p.y),
    1000 / intervalMs,
  );
}

/**
 * Recovery by phase: detection, restart and restore as the failures measured them (they do not depend on
 * T); the catch-up from the model at this T and rate; the total's interval from how far the model,
 * fitted without each interval, missed that interval's measured recovery.
 */
function recovery(mode: MeasuredMode, intervalMs: number, inputRate: number | undefined): RecoveryPrediction | undefined {
  const model = mode.model.recovery;
  if (!model) return undefined;
  const intervals = mode.aggregates.intervals;
  const R = expectedRecoveryMs({ ...model, inputRate: inputRate ?? model.inputRate }, intervalMs);
  const misses = mode.model.accuracy.recovery.points.flatMap((p) => (Number.isFinite(p.predicted) && p.predicted > 0 ? [p.measured / p.predicted - 1] : []));
  const spread = predictOneMore(misses);
  const scaled = (r: number | undefined) => (r === undefined || !Number.isFinite(R) ? undefined : R * (1 + r));
  return {
    detectionMs: atLeastZero(predictOneMore(mediansOf(intervals, (a) => a.figures.detectionMs.median))),
    restartMs: atLeastZero(predictOneMore(mediansOf(intervals, (a) => a.figures.restartMs.median))),
    restoreMs: atLeastZero(predictOneMore(mediansOf(intervals, (a) => a.figures.restoreMs.median))),
    catchUpMs: R - model.downtimeMs,
    recoveryMs: atLeastZero({ value: R, low: scaled(spread?.low), high: scaled(spread?.high) })!,
  };
}

function extrapolation(measuredMs: readonly number[], intervalMs: number, measuredRate: number | undefined, rate: number | undefined): string[] {
  const out: string[] = [];
  const lo = Math.min(...measuredMs);
  const hi = Math.max(...measuredMs);
  if (intervalMs > hi) out.push(`${formatDurationMs(intervalMs)} is ${(intervalMs / hi).toFixed(1)} × the longest interval measured (${formatDurationMs(hi)})`);
  if (intervalMs < lo)
    out.push(`${formatDurationMs(intervalMs)} is 1/${(lo / intervalMs).toFixed(1)} of the shortest interval measured (${formatDurationMs(lo)})`);
  if (rate !== undefined && measuredRate !== undefined && Math.abs(rate / measuredRate - 1) > 0.01) {
    out.push(
      `the rate ${formatInteger(rate)} events/s is ${(rate / measuredRate).toFixed(2)} × the sweep's ${formatInteger(measuredRate)}: ` +
        'the price per checkpoint is taken as the same at that rate, replay and catch-up follow λ',
    );
  }
  return out;
}
