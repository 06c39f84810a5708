/**
 * `ckpt-lab predict`: what a sweep says an interval would cost and buy, measured or not (pure). Each
 * figure with its 95 % prediction interval — where one more cell's measurement should fall — and every
 * step outside what the sweep measured said in words. What the sweep did not measure (a state mode, a
 * checkpoint type, a second state size to fit S on) is refused, naming what it did measure.
 */
import type { Predicted } from '../lib/confidence.js';
import { lineWeightsAt, predictOnLine } from '../lib/leastSquares.js';
import { checkpointTypeOfWorkload, type CheckpointType } from '../lib/checkpointType.js';
import { formatInteger } from '../lib/format.js';
import type { Aggregates } from './aggregate.js';
import type { CostModel } from './model.js';
import { atLeastZero, predictAtSize } from './predictAtSize.js';

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
