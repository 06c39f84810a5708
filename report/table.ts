/** The report's full table: one row per interval, each cell a sweep.json value and its text (pure). */
import { formatDurationMs } from '../lib/duration.js';
import type { Estimate } from '../analysis/confidence.js';
import type { Aggregates, FigureName, IntervalAggregate } from '../analysis/aggregate.js';

export interface Column {
  readonly key: string;
  readonly title: string;
  /** The path of the value inside one `aggregates` entry of sweep.json. */
  readonly path: string;
  readonly pick: (a: IntervalAggregate) => Estimate | undefined;
  readonly format: (v: number) => string;
  /** Text that replaces the figure's when it does not tell the whole story. */
  readonly note?: (a: IntervalAggregate) => string | undefined;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');
const mb = (v: number) => `${(v / 1e6).toFixed(1)} MB`;
const mbps = (v: number) => `${(v / 1e6).toFixed(2)} MB/s`;
const pct = (v: number) => `${v.toFixed(2)}%`;
const ms = (v: number) => `${int(v)} ms`;

const figure = (key: FigureName, title: string, format: (v: number) => string): Column => ({
  key,
  title,
  path: `figures.${key}`,
  pick: (a) => a.figures[key],
  format,
});

/** A failure not caught up has no catch-up or recovery time: say so, with the projection. */
function notCaughtUpNote(a: IntervalAggregate): string | undefined {
  if (a.notCaughtUp === 0) return undefined;
  const projected = a.figures.projectedRecoveryMs.median;
  return `not caught up (${a.notCaughtUp} of ${a.failures})${projected !== undefined ? `; projected ${formatDurationMs(Math.round(projected / 1000) * 1000)}` : ''}`;
}

export const COLUMNS: readonly Column[] = [
  figure('capacityEventsPerSec', 'capacity μ (ev/s)', int),
  { key: 'capacityLossPct', title: 'capacity loss', path: 'overhead.capacityLossPct', pick: (a) => a.overhead?.capacityLossPct, format: pct },
  figure('throughputEventsPerSec', 'throughput at λ (ev/s)', int),
  figure('latencyP50Ms', 'latency p50', ms),
  figure('latencyP99Ms', 'latency p99', ms),
  { key: 'p99IncreaseMs', title: 'p99 increase', path: 'overhead.p99IncreaseMs', pick: (a) => a.overhead?.p99IncreaseMs, format: ms },
  figure('checkpointDurationMs', 'checkpoint duration', ms),
  figure('checkpointedBytes', 'written per checkpoint', mb),
  figure('stateBytes', 'state size', mb),
  figure('diskWriteBytesPerSec', 'disk write rate', mbps),
  figure('detectionMs', 'detection', ms),
  figure('downtimeMs', 'downtime', ms),
  { ...figure('catchUpMs', 'catch-up', ms), note: notCaughtUpNote },
  { ...figure('recoveryMs', 'recovery', ms), note: notCaughtUpNote },
  figure('replayedRecords', 'replayed records', int),
  figure('predictedReplayedRecords', 'predicted replay', int),
  figure('maxRateEventsPerSec', 'catch-up rate (ev/s)', int),
  figure('stateAtStartBytes', 'prefilled state', mb),
  figure('latencySamplesLeftOut', 'latency samples left out', int),
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

/** `1,234 [1,100 – 1,350]` when there is a confidence interval. */
export function formatEstimate(e: Estimate | undefined, format: (v: number) => string): string {
  if (!e || e.median === undefined) return '–';
  return e.ciLow !== undefined && e.ciHigh !== undefined ? `${format(e.median)} [${format(e.ciLow)} – ${format(e.ciHigh)}]` : format(e.median);
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
      return { column: c.key, value: e?.median, text: c.note?.(a) ?? formatEstimate(e, c.format) };
    }),
  }));
}
