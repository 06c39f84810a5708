/**
 * State size as a dimension (pure; METHOD.md): what each figure does as the state grows — the line over
 * the sizes a sweep measured for one mode and checkpoint type — and how well the model predicts a size
 * it did not see (leave one size out: every figure of a size predicted from the others, the way
 * `predict` answers for a size not measured).
 */
import { fitLine, type LineFit } from '../lib/leastSquares.js';
import { median } from '../lib/stats.js';
import type { CheckpointType } from '../lib/checkpointType.js';
import type { IntervalAggregate } from './aggregate.js';
import { lossDenominator, pooledPriceOf } from './cpuPrice.js';
import { accuracyOf, type Accuracy } from './model.js';
import { predictBetweenSizes, type MeasuredMode } from './predict.js';

/** Below this share of variance explained (three sizes or more) a figure is said not to be linear in the state size. */
export const LINEAR_R2 = 0.9;

/** One figure over the sizes: its value per size, the line through them and what the data say of it. */
export interface SizeLaw {
  readonly points: readonly { readonly bidders: number; readonly y: number }[];
  readonly line?: LineFit;
  /** `linear` (three sizes or more, R² ≥ 0.9), `not linear` (below), `two sizes` (a line through two points says nothing of its shape). */
  readonly shape: 'linear' | 'not linear' | 'two sizes' | 'one size';
}

export interface SizeModel {
  readonly stateMode: string;
  readonly checkpointType?: CheckpointType;
  readonly bidders: readonly number[];
  readonly laws: {
    /** C_cpu(S): the price per checkpoint pooled over the intervals, CPU-seconds. */
    readonly cpuSecondsPerCheckpoint: SizeLaw;
    /** Bytes uploaded per checkpoint, median over the intervals. */
    readonly checkpointedBytes: SizeLaw;
    readonly checkpointDurationMs: SizeLaw;
    readonly restoreMs: SizeLaw;
    /** Detection and restart, which the method expects not to depend on S: their lines show whether they do. */
    readonly detectionMs: SizeLaw;
    readonly restartMs: SizeLaw;
    /** μ(S): the baseline's probed capacity; μ_drain(S): the rate a backlog drained at after a restore. */
    readonly capacityEventsPerSec: SizeLaw;
    readonly drainCapacityEventsPerSec: SizeLaw;
    /** The CPU a loss is a share of (lossDenominator): with the price, the loss at T. */
    readonly processingCpuSecondsPerSec: SizeLaw;
  };
  /** Leave one size out (three sizes or more): each size's intervals predicted from the others. */
  readonly accuracy?: { readonly capacityLoss: Accuracy; readonly checkpointDuration: Accuracy; readonly recovery: Accuracy };
}

function lawOf(sizes: readonly MeasuredMode[], pick: (m: MeasuredMode) => number | undefined): SizeLaw {
  const points = sizes.flatMap((m) => {
    const y = pick(m);
    return y === undefined || !Number.isFinite(y) ? [] : [{ bidders: m.bidders, y }];
  });
  const line = fitLine(
    points.map((p) => p.bidders),
    points.map((p) => p.y),
  );
  const shape = points.length < 2 ? 'one size' : points.length === 2 ? 'two sizes' : (line?.r2 ?? 1) >= LINEAR_R2 ? 'linear' : 'not linear';
  return { points, ...(line ? { line } : {}), shape };
}

const medianOver = (m: MeasuredMode, pick: (a: IntervalAggregate) => number | undefined) =>
  median(m.aggregates.intervals.flatMap((a) => (pick(a) === undefined ? [] : [pick(a)!])));

/** The size model of one mode and type from its analyses, one per size (at least two); undefined with one size. */
export function fitSizeModel(sizes: readonly MeasuredMode[], checkpointType?: CheckpointType): SizeModel | undefined {
  const sorted = [...sizes].sort((a, b) => a.bidders - b.bidders);
  if (sorted.length < 2) return undefined;
  return {
    stateMode: sorted[0]!.stateMode,
    ...(checkpointType ? { checkpointType } : {}),
    bidders: sorted.map((m) => m.bidders),
    laws: {
      cpuSecondsPerCheckpoint: lawOf(sorted, (m) => pooledPriceOf(m.aggregates.intervals)?.mean),
      checkpointedBytes: lawOf(sorted, (m) => medianOver(m, (a) => a.figures.checkpointedBytes.median)),
      checkpointDurationMs: lawOf(sorted, (m) => medianOver(m, (a) => a.figures.checkpointDurationMs.median)),
      restoreMs: lawOf(sorted, (m) => medianOver(m, (a) => a.figures.restoreMs.median)),
      detectionMs: lawOf(sorted, (m) => medianOver(m, (a) => a.figures.detectionMs.median)),
      restartMs: lawOf(sorted, (m) => medianOver(m, (a) => a.figures.restartMs.median)),
      capacityEventsPerSec: lawOf(sorted, (m) => m.aggregates.baseline?.figures.capacityEventsPerSec.median),
      drainCapacityEventsPerSec: lawOf(sorted, (m) => m.model.recovery?.drainCapacityEventsPerSec),
      processingCpuSecondsPerSec: lawOf(sorted, (m) => lossDenominator(m.aggregates.cpuBaseline)),
    },
    ...(sorted.length >= 3 ? { accuracy: leaveOneSizeOut(sorted, checkpointType) } : {}),
  };
}

/** Each size's measured intervals predicted from the other sizes, at that size's own rate. */
function leaveOneSizeOut(sizes: readonly MeasuredMode[], checkpointType: CheckpointType | undefined): NonNullable<SizeModel['accuracy']> {
  const loss: Accuracy['points'][number][] = [];
  const duration: Accuracy['points'][number][] = [];
  const recovery: Accuracy['points'][number][] = [];
  for (const held of sizes) {
    const others = sizes.filter((m) => m !== held);
    const rate = held.model.recovery?.inputRate ?? median(held.aggregates.intervals.flatMap((a) => (a.inputRate !== undefined ? [a.inputRate] : [])));
    for (const a of held.aggregates.intervals) {
      const p = predictBetweenSizes(others, checkpointType, { intervalMs: a.intervalMs, rateEventsPerSec: rate }, held.bidders);
      const at = { intervalMs: a.intervalMs, bidders: held.bidders };
      const lossMeasured = a.overhead?.capacityLossPct.mean ?? a.overhead?.capacityLossPct.median;
      if (lossMeasured !== undefined && p.capacityLossPct) loss.push({ ...at, measured: lossMeasured, predicted: p.capacityLossPct.value });
      const d = a.figures.checkpointDurationMs.median;
      if (d !== undefined && p.checkpointDurationMs) duration.push({ ...at, measured: d, predicted: p.checkpointDurationMs.value });
      const r = a.figures.recoveryMs.median;
      if (r !== undefined && p.recovery) recovery.push({ ...at, measured: r, predicted: p.recovery.recoveryMs.value });
    }
  }
  return { capacityLoss: accuracyOf(loss), checkpointDuration: accuracyOf(duration), recovery: accuracyOf(recovery) };
}
