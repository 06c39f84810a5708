/**
 * `ckpt-lab predict`: what a sweep says an interval would cost and buy, measured or not (pure). Each
 * figure with its 95 % prediction interval — where one more cell's measurement should fall — and every
 * step outside what the sweep measured said in words. What the sweep did not measure (a state mode, a
 * checkpoint type, a second state size to fit S on) is refused, naming what it did measure.
 */
import { median } from '../lib/stats.js';
import { predictOneMore, type Predicted } from '../lib/confidence.js';
import { lineWeightsAt, predictOnLine } from '../lib/leastSquares.js';
import { checkpointTypeOfWorkload, type CheckpointType } from '../lib/checkpointType.js';
import { formatDurationMs } from '../lib/duration.js';
import { formatInteger } from '../lib/format.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import { lossDenominator, pooledPriceOf, pricedIntervals } from './cpuPrice.js';
import { effectiveIntervalMs, expectedRecoveryMs, type CostModel } from './model.js';

/** One analysis of a sweep — a state mode at one size, with one checkpoint type — as the sweep holds it (sweep/sweepDocument.ts ModeAnalysis). */
export interface MeasuredMode {
  readonly stateMode: string;
  readonly bidders: number;
  /** Set when the sweep ran several types; else the sweep's one. */
  readonly checkpointType?: CheckpointType;
  readonly aggregates: Aggregates;
  readonly model: CostModel;
}

/** What a sweep measured: its analyses, and the checkpoint type of a sweep that ran one (undefined: not recorded). */
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
  /** The state sizes (bidders) the prediction rests on: one measured size, or the line through several. */
  readonly measuredBidders: readonly number[];
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

export { checkpointTypeOfWorkload };

/**
 * The sweep's answer at the request: at a measured size from that size's cells; at another, the line
 * through every measured size of the mode and type (state size as a dimension, METHOD.md), each figure's
 * interval carried through the line's weights.
 */
export function predict(sweep: MeasuredSweep, request: PredictRequest): Prediction {
  const sizes = analysesFor(sweep, request);
  const measured = sizes.find((m) => m.bidders === request.bidders) ?? (sizes.length === 1 ? sizes[0] : undefined);
  if (measured) return predictAtSize(measured, typeOf(sweep, measured), request);
  if (request.bidders === undefined) {
    throw new PredictionRefused(
      `The sweep measured ${sizes[0]!.stateMode} at several sizes: name one with --bidders. Measured: ${sizes.map((m) => m.bidders).join(', ')} (any other is predicted from the line through them).`,
    );
  }
  return predictBetweenSizes(sizes, typeOf(sweep, sizes[0]!), request, request.bidders);
}

const typeOf = (sweep: MeasuredSweep, m: MeasuredMode): CheckpointType | undefined => m.checkpointType ?? sweep.checkpointType;

/** The analyses of the requested mode and type, smallest size first; what the sweep did not measure is refused. */
function analysesFor(sweep: MeasuredSweep, request: PredictRequest): MeasuredMode[] {
  if (sweep.modes.length === 0) throw new PredictionRefused('The sweep has no finished analysis to predict from (no complete cells yet).');
  const names = [...new Set(sweep.modes.map((m) => m.stateMode))];
  const stateMode = request.stateMode ?? (names.length === 1 ? names[0] : undefined);
  if (stateMode === undefined) throw new PredictionRefused(`The sweep measured several state modes: name one with --state-mode. Allowed: ${names.join(', ')}.`);
  if (!names.includes(stateMode))
    throw new PredictionRefused(`Invalid --state-mode: '${stateMode}': the sweep did not measure it. Allowed: ${names.join(', ')}.`);
  const ofMode = sweep.modes.filter((m) => m.stateMode === stateMode);
  const types = [...new Set(ofMode.map((m) => typeOf(sweep, m)))];
  const type = request.checkpointType ?? (types.length === 1 ? types[0] : undefined);
  if (request.checkpointType === undefined && types.length > 1)
    throw new PredictionRefused(`The sweep measured ${types.join(' and ')} checkpoints: name one with --checkpoint-type. Allowed: ${types.join(', ')}.`);
  if (request.checkpointType !== undefined && !types.includes(request.checkpointType)) {
    throw new PredictionRefused(
      types.length === 1 && types[0] === undefined
        ? `Invalid --checkpoint-type: '${request.checkpointType}': the sweep did not record its checkpoint type, so it answers for none.`
        : `Invalid --checkpoint-type: '${request.checkpointType}': the sweep measured ${types.join(' and ')} checkpoints only. Allowed: ${types.join(', ')}.`,
    );
  }
  const sizes = ofMode.filter((m) => typeOf(sweep, m) === type).sort((a, b) => a.bidders - b.bidders);
  if (sizes.length === 1 && request.bidders !== undefined && request.bidders !== sizes[0]!.bidders) {
    throw new PredictionRefused(
      `Invalid --bidders: '${request.bidders}': the sweep measured one state size for ${stateMode}, ${formatInteger(sizes[0]!.bidders)} bidders; ` +
        `a prediction at another size needs a sweep over at least two sizes (--bidders 5000,20000). Allowed: ${sizes[0]!.bidders}.`,
    );
  }
  return sizes;
}

/** At one measured size: that size's cells. */
function predictAtSize(mode: MeasuredMode, checkpointType: CheckpointType | undefined, request: PredictRequest): Prediction {
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
 * At a size not measured: each measured size's prediction at T (at its own rate unless --rate says one),
 * then the least-squares line over the sizes at `bidders`. Each figure's interval is its sizes' own
 * carried through the line's weights, √Σ(wᵢ·hᵢ)², and with three sizes or more at least the line's own
 * prediction interval (when the sizes do not lie on a line, that says so).
 */
export function predictBetweenSizes(
  sizes: readonly MeasuredMode[],
  checkpointType: CheckpointType | undefined,
  request: PredictRequest,
  bidders: number,
): Prediction {
  const xs = sizes.map((m) => m.bidders);
  const each = sizes.map((m) => predictAtSize(m, checkpointType, request));
  const across = (pick: (p: Prediction) => Predicted | undefined) => acrossSizes(xs, each.map(pick), bidders);
  const first = each[0]!;
  const loss = across((p) => p.capacityLossPct);
  const recoveries = each.map((p) => p.recovery);
  const recovery: RecoveryPrediction | undefined = recoveries.every((r) => r !== undefined)
    ? {
        detectionMs: atLeastZero(across((p) => p.recovery!.detectionMs)),
        restartMs: atLeastZero(across((p) => p.recovery!.restartMs)),
        restoreMs: atLeastZero(across((p) => p.recovery!.restoreMs)),
        catchUpMs:
          acrossSizes(
            xs,
            recoveries.map((r) => ({ value: r.catchUpMs })),
            bidders,
          )?.value ?? Infinity,
        recoveryMs: atLeastZero(across((p) => p.recovery!.recoveryMs)) ?? { value: Infinity },
      }
    : undefined;
  return {
    stateMode: first.stateMode,
    bidders,
    checkpointType,
    intervalMs: request.intervalMs,
    inputRate: request.rateEventsPerSec ?? across((p) => (p.inputRate === undefined ? undefined : { value: p.inputRate }))?.value,
    cpuSecondsPerCheckpoint: across((p) => p.cpuSecondsPerCheckpoint),
    capacityLossPct: loss && first.capacityLossPct ? { ...loss, from: first.capacityLossPct.from } : undefined,
    p99IncreaseMs: across((p) => p.p99IncreaseMs),
    checkpointDurationMs: atLeastZero(across((p) => p.checkpointDurationMs)),
    checkpointedBytes: atLeastZero(across((p) => p.checkpointedBytes)),
    recovery,
    measuredIntervalsMs: first.measuredIntervalsMs,
    measuredBidders: xs,
    extrapolation: [...new Set([...each.flatMap((p) => p.extrapolation.filter((e) => !e.startsWith('the rate'))), ...sizeExtrapolation(xs, bidders)])].concat(
      first.extrapolation.filter((e) => e.startsWith('the rate')),
    ),
  };
}

/** One figure at `x0` from its value at each size: the line's weights over the values and their intervals. */
function acrossSizes(xs: readonly number[], values: readonly (Predicted | undefined)[], x0: number): Predicted | undefined {
  if (values.some((v) => v === undefined || !Number.isFinite(v.value))) return undefined;
  const ps = values as readonly Predicted[];
  const w = lineWeightsAt(xs, x0);
  if (!w) return undefined;
  const value = ps.reduce((s, p, i) => s + w[i]! * p.value, 0);
  const halves = ps.map((p) => (p.low !== undefined && p.high !== undefined ? (p.high - p.low) / 2 : undefined));
  const carried = halves.every((h) => h !== undefined) ? Math.hypot(...halves.map((h, i) => w[i]! * h)) : undefined;
  const onLine = predictOnLine(
    xs,
    ps.map((p) => p.value),
    x0,
  );
  const lineHalf = onLine?.low !== undefined && onLine.high !== undefined ? (onLine.high - onLine.low) / 2 : undefined;
  const half = carried === undefined && lineHalf === undefined ? undefined : Math.max(carried ?? 0, lineHalf ?? 0);
  return half === undefined ? { value } : { value, low: value - half, high: value + half };
}

function sizeExtrapolation(xs: readonly number[], bidders: number): string[] {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (bidders > hi) return [`${formatInteger(bidders)} bidders is ${(bidders / hi).toFixed(1)} × the largest state measured (${formatInteger(hi)})`];
  if (bidders < lo) return [`${formatInteger(bidders)} bidders is 1/${(lo / bidders).toFixed(1)} of the smallest state measured (${formatInteger(lo)})`];
  return [];
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
