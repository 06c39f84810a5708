/**
 * `ckpt-lab predict`: what a sweep says an interval would cost and buy, measured or not (pure). Each
 * figure with its 95 % prediction interval — where one more cell's measurement should fall — and every
 * step outside what the sweep measured said in words. What the sweep did not measure (a state mode, a
 * checkpoint type, a second state size to fit S on) is refused, naming what it did measure.
 */
import { median } from '../lib/stats.js';
import { predictOneMore, type Predicted } from '../lib/confidence.js';
import { predictOnLine } from '../lib/leastSquares.js';
import { formatDurationMs } from '../lib/duration.js';
import { formatInteger } from '../lib/format.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import { lossDenominator, pooledPriceOf, pricedIntervals } from './cpuPrice.js';
import { effectiveIntervalMs, expectedRecoveryMs, type CostModel } from './model.js';

export type CheckpointType = 'full' | 'incremental';

/** One state mode's analysis, as a sweep holds it (sweep/sweepDocument.ts ModeAnalysis). */
export interface MeasuredMode {
  readonly stateMode: string;
  readonly bidders: number;
  readonly aggregates: Aggregates;
  readonly model: CostModel;
}

/** What a sweep measured: its modes' analyses, and the checkpoint type they ran (undefined: not recorded). */
export interface MeasuredSweep {
  readonly modes: readonly MeasuredMode[];
  readonly checkpointType?: CheckpointType;
}

export interface PredictRequest {
  readonly intervalMs: number;
  readonly stateMode?: string;
  readonly checkpointType?: CheckpointType;
  readonly bidders?: number;
  readonly rateEventsPerSec?: number;
}

export interface RecoveryPrediction {
  readonly detectionMs?: Predicted;
  readonly restartMs?: Predicted;
  readonly restoreMs?: Predicted;
  /** The model's catch-up at this interval and rate (Infinity: the backlog never drains). */
  readonly catchUpMs: number;
  /** Its interval from the model's leave-one-interval-out errors on this sweep. */
  readonly recoveryMs: Predicted;
}

export interface Prediction {
  readonly stateMode: string;
  readonly bidders: number;
  readonly checkpointType?: CheckpointType;
  readonly intervalMs: number;
  readonly inputRate?: number;
  readonly cpuSecondsPerCheckpoint?: Predicted;
  readonly capacityLossPct?: Predicted & { readonly from: 'CPU price' | 'measured losses' };
  readonly p99IncreaseMs?: Predicted;
  readonly checkpointDurationMs?: Predicted;
  readonly checkpointedBytes?: Predicted;
  readonly recovery?: RecoveryPrediction;
  readonly measuredIntervalsMs: readonly number[];
  /** Each way the request lies outside what the sweep measured. */
  readonly extrapolation: readonly string[];
}

/** A request the sweep cannot answer; the message names what it measured. */
export class PredictionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredictionRefused';
  }
}

/** The checkpoint type a sweep's workload ran: its --incremental, full with the heap backend; else not recorded. */
export function checkpointTypeOfWorkload(workload: Readonly<Record<string, unknown>>): CheckpointType | undefined {
  if (workload.stateBackend === 'hashmap') return 'full';
  return typeof workload.incremental === 'boolean' ? (workload.incremental ? 'incremental' : 'full') : undefined;
}

export function predict(sweep: MeasuredSweep, request: PredictRequest): Prediction {
  const mode = chooseMode(sweep, request);
  checkTypeAndSize(sweep, mode, request);
  const agg = mode.aggregates;
  const intervals = agg.intervals;
  const measuredIntervalsMs = intervals.map((a) => a.intervalMs);
  const T = request.intervalMs;
  const measuredRate = mode.model.recovery?.inputRate ?? median(intervals.flatMap((a) => (a.inputRate !== undefined ? [a.inputRate] : [])));
  const inputRate = request.rateEventsPerSec ?? measuredRate;
  const durations = mediansOf(intervals, (a) => a.figures.checkpointDurationMs.median);
  const teffMs = effectiveIntervalMs(T, median(durations));
  return {
    stateMode: mode.stateMode,
    bidders: mode.bidders,
    checkpointType: sweep.checkpointType,
    intervalMs: T,
    inputRate,
    cpuSecondsPerCheckpoint: pricePerCheckpoint(intervals),
    capacityLossPct: capacityLoss(agg, teffMs),
    p99IncreaseMs: onInverseT(intervals, (a) => a.overhead?.p99IncreaseMs.median, T),
    checkpointDurationMs: atLeastZero(predictOneMore(durations)),
    checkpointedBytes: atLeastZero(predictOneMore(mediansOf(intervals, (a) => a.figures.checkpointedBytes.median))),
    recovery: recovery(mode, T, inputRate),
    measuredIntervalsMs,
    extrapolation: extrapolation(measuredIntervalsMs, T, measuredRate, request.rateEventsPerSec),
  };
}

function chooseMode(sweep: MeasuredSweep, request: PredictRequest): MeasuredMode {
  const names = sweep.modes.map((m) => m.stateMode);
  if (names.length === 0) throw new PredictionRefused('The sweep has no finished analysis to predict from (no complete cells yet).');
  if (request.stateMode === undefined) {
    if (sweep.modes.length === 1) return sweep.modes[0]!;
    throw new PredictionRefused(`The sweep measured several state modes: name one with --state-mode. Allowed: ${names.join(', ')}.`);
  }
  const mode = sweep.modes.find((m) => m.stateMode === request.stateMode);
  if (!mode) throw new PredictionRefused(`Invalid --state-mode: '${request.stateMode}': the sweep did not measure it. Allowed: ${names.join(', ')}.`);
  return mode;
}

function checkTypeAndSize(sweep: MeasuredSweep, mode: MeasuredMode, request: PredictRequest): void {
  if (request.checkpointType !== undefined && request.checkpointType !== sweep.checkpointType) {
    throw new PredictionRefused(
      sweep.checkpointType === undefined
        ? `Invalid --checkpoint-type: '${request.checkpointType}': the sweep did not record its checkpoint type, so it answers for none.`
        : `Invalid --checkpoint-type: '${request.checkpointType}': the sweep measured ${sweep.checkpointType} checkpoints only. Allowed: ${sweep.checkpointType}.`,
    );
  }
  if (request.bidders !== undefined && request.bidders !== mode.bidders) {
    throw new PredictionRefused(
      `Invalid --bidders: '${request.bidders}': the sweep measured one state size for ${mode.stateMode}, ${formatInteger(mode.bidders)} bidders; ` +
        `a prediction at another size needs a sweep over at least two sizes. Allowed: ${mode.bidders}.`,
    );
  }
}

/**
 * A time or a size cannot be negative: a normal interval's lower end is cut at zero. (Loss, price and p99
 * increase keep theirs: a cell can measure them below zero, as noise.)
 */
function atLeastZero(p: Predicted | undefined): Predicted | undefined {
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
