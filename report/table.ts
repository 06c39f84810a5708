/** The report's full table: one row per interval, each cell a sweep.json value and its text (pure). */
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import type { Estimate } from '../lib/confidence.js';
import type { Aggregates, FigureName, IntervalAggregate } from '../analysis/aggregate.js';
import { formatInteger, formatMegabytes, formatPercent } from '../lib/format.js';

export interface Column {
  readonly key: string;
  readonly title: string;
  /** The path of the value inside one `aggregates` entry of sweep.json. */
  readonly path: string;
  readonly pick: (a: IntervalAggregate) => Estimate | undefined;
  readonly format: (v: number) => string;
  /** Text that replaces the figure's when it does not tell the whole story. */
  readonly note?: (a: IntervalAggregate) => string | undefined;
  /** Show the mean (the centre of its t- or Welch interval) rather than the median. */
  readonly centre?: 'mean';
}

const int = formatInteger;
const mb = (v: number) => formatMegabytes(v);
const mbps = (v: number) => `${formatMegabytes(v, 2)}/s`;
const pct = (v: number) => formatPercent(v);
const ms = formatMilliseconds;
/** Spans a person reads whole (recovery and its phases): `850 ms`, `26.8 s`, `4.5 min`. */
const span = formatElapsedMs;

const figure = (key: FigureName, title: string, format: (v: number) => string): Column => ({
  key,
  title,
  path: `figures.${key}`,
  pick: (a) => a.figures[key],
  format,
  note: FIGURE_NOTES[key],
});

/** A failure not caught up has no catch-up or recovery time: say so, with the projection. */
function notCaughtUpNote(a: IntervalAggregate): string | undefined {
  if (a.neverHealthy) return `never healthy (${a.neverHealthy} cell${a.neverHealthy > 1 ? 's' : ''}): behind at this interval, no failure injected`;
  if (a.notCaughtUp === 0) return undefined;
  const projected = a.figures.projectedRecoveryMs.median;
  return `not caught up (${a.notCaughtUp} of ${a.failures})${projected !== undefined ? `; projected ${formatDurationMs(Math.round(projected / 1000) * 1000)}` : ''}`;
}

const cpuSeconds = (v: number) => `${v.toFixed(2)} CPU-s`;
const perSec = (v: number) => `${v.toFixed(2)} CPU-s/s`;
const ratio = (v: number) => v.toFixed(2);
const single = (v: number | undefined): Estimate | undefined => (v === undefined ? undefined : { n: 1, median: v });

/** A single figure of an interval's CPU price (analysis/aggregate.ts CheckpointPrice). */
const priceFigure = (key: 'capacityFromCpuEventsPerSec' | 'probeToCpuRatio' | 'busyTimeToCpuRatio', title: string, format: (v: number) => string): Column => ({
  key,
  title,
  path: `overhead.price.${key}`,
  pick: (a) => single(a.overhead?.price?.[key]),
  format,
});

/** An interval that never ran as labelled says so beside its spacing. */
const saturatedNote = (a: IntervalAggregate) => {
  const t = a.figures.effectiveIntervalMs.median;
  return a.saturated ? `SATURATED${t !== undefined ? ` (${int(t)} ms)` : ''}${a.checkpointsFailed ? `, ${a.checkpointsFailed} failed` : ''}` : undefined;
};

/** The figures whose number alone would mislead, and what says so instead. */
const FIGURE_NOTES: Partial<Record<FigureName, Column['note']>> = {
  effectiveIntervalMs: saturatedNote,
  catchUpMs: notCaughtUpNote,
  recoveryMs: notCaughtUpNote,
};

export const COLUMNS: readonly Column[] = [
  {
    key: 'capacityLossPct',
    title: 'capacity loss (CPU price)',
    path: 'overhead.capacityLossPct',
    pick: (a) => a.overhead?.capacityLossPct,
    format: pct,
    centre: 'mean',
  },
  {
    key: 'pooledPriceCapacityLossPct',
    title: 'capacity loss at the pooled price',
    path: 'overhead.pooledPriceCapacityLossPct',
    pick: (a) => a.overhead?.pooledPriceCapacityLossPct,
    format: pct,
    centre: 'mean',
  },
  {
    key: 'cpuSecondsPerCheckpoint',
    title: 'price per checkpoint',
    path: 'overhead.price.cpuSecondsPerCheckpoint',
    pick: (a) => a.overhead?.price?.cpuSecondsPerCheckpoint,
    format: cpuSeconds,
    centre: 'mean',
    // The cluster ran at the probes' CPU, so its checkpoints waited for CPU: the price is a floor, and not pooled.
    note: (a) =>
      a.overhead?.price?.cpuBound ? `${formatEstimate(a.overhead.price.cpuSecondsPerCheckpoint, cpuSeconds, 'mean')} CPU-BOUND (a floor)` : undefined,
  },
  figure('effectiveIntervalMs', 'T_eff (checkpoint spacing)', ms),
  figure('cpuSecondsPerSec', 'cluster CPU', perSec),
  figure('writeBytesPerCycle', 'bytes written per cycle', mb),
  figure('capacityEventsPerSec', 'capacity μ, probe (ev/s)', int),
  priceFigure('capacityFromCpuEventsPerSec', 'capacity from CPU (ev/s)', int),
  figure('busyTimeCapacityEventsPerSec', 'capacity, Flink busy time (ev/s)', int),
  priceFigure('probeToCpuRatio', 'probe ÷ CPU', ratio),
  priceFigure('busyTimeToCpuRatio', 'busy time ÷ CPU', ratio),
  {
    key: 'probeCapacityLossPct',
    title: 'capacity loss (probe)',
    path: 'overhead.probeCapacityLossPct',
    pick: (a) => a.overhead?.probeCapacityLossPct,
    format: pct,
  },
  figure('throughputEventsPerSec', 'throughput at λ (ev/s)', int),
  figure('latencyP50Ms', 'latency p50', ms),
  figure('latencyP99Ms', 'latency p99', ms),
  { key: 'p99IncreaseMs', title: 'p99 increase', path: 'overhead.p99IncreaseMs', pick: (a) => a.overhead?.p99IncreaseMs, format: ms },
  figure('checkpointDurationMs', 'checkpoint duration', ms),
  figure('checkpointedBytes', 'written per checkpoint', mb),
  figure('stateBytes', 'state size', mb),
  figure('diskWriteBytesPerSec', 'disk write rate', mbps),
  figure('lagBeforeMs', 'lag at failure', span),
  figure('detectionMs', 'detection', span),
  figure('restartMs', 'restart', span),
  figure('restoreMs', 'restore', span),
  figure('restoredBytes', 'restored state', mb),
  figure('downtimeMs', 'downtime', span),
  figure('catchUpMs', 'catch-up', span),
  figure('recoveryMs', 'recovery', span),
  figure('replayedRecords', 'replayed records', int),
  figure('predictedReplayedRecords', 'predicted replay', int),
  figure('maxRateEventsPerSec', 'catch-up rate (ev/s)', int),
  figure('stateAtStartBytes', 'prefilled state', mb),
  figure('latencySamplesLeftOut', 'latency samples left out', int),
  figure('otherCpuSecondsPerSec', 'other processes’ CPU', perSec),
  figure('stealCpuSecondsPerSec', 'steal', perSec),
];

export interface TableCell {
  readonly column: string;
  readonly value?: number;
  readonly text: string;
}

export interface TableRow {
  readonly interval: string;
  readonly intervalMs: number;
  readonly runs: number;
  readonly failures: number;
  readonly verified: string;
  readonly cells: readonly TableCell[];
}

/** `1,234 [1,100 – 1,350]` when there is a confidence interval; its centre is the median, or the mean (the interval's own centre) when asked. */
export function formatEstimate(e: Estimate | undefined, format: (v: number) => string, centre?: 'mean'): string {
  const c = centre === 'mean' ? (e?.mean ?? e?.median) : e?.median;
  if (!e || c === undefined) return '–';
  const shown = centre === 'mean' && e.mean !== undefined ? `mean ${format(c)}` : format(c);
  return e.ciLow !== undefined && e.ciHigh !== undefined ? `${shown} [${format(e.ciLow)} – ${format(e.ciHigh)}]` : shown;
}

export function tableRows(agg: Aggregates): TableRow[] {
  const all = [...(agg.baseline ? [agg.baseline] : []), ...agg.intervals];
  return all.map((a) => ({
    interval: a.intervalMs === 0 ? 'off (baseline)' : formatDurationMs(a.intervalMs),
    intervalMs: a.intervalMs,
    runs: a.runs,
    failures: a.failures,
    verified: a.verificationOk === undefined ? '–' : a.verificationOk ? 'yes' : 'NO',
    cells: COLUMNS.map((c) => {
      const e = c.pick(a);
      return {
        column: c.key,
        value: c.centre === 'mean' ? (e?.mean ?? e?.median) : e?.median,
        text: c.note?.(a) ?? formatEstimate(e, c.format, c.centre),
      };
    }),
  }));
}
