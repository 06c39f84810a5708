/**
 * The capacity probe's figure (pure): while the probe runs every event is due, so the source position
 * grows at the job's capacity; capacity is the least-squares slope of position over time across the
 * probe's steady part (its first `settleMs` left out while the pipeline fills).
 */
import { fitLine } from '../lib/leastSquares.js';
import type { Sample } from './samples.js';

export interface ProbeWindow {
  readonly startMs: number;
  readonly endMs: number;
  /** Left out at the start: queues fill and the first backpressure settles. */
  readonly settleMs: number;
}

export interface CapacityEstimate {
  readonly eventsPerSec: number;
  /** Samples the slope was fitted to. */
  readonly samples: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Spans (e.g. failure → caught up) whose samples do not count. */
export interface Span {
  readonly startMs: number;
  readonly endMs: number;
}

/** Least-squares slope of the source position over the probe's steady part, in events/s; undefined with fewer than 3 samples. */
export function capacityFromProbe(samples: readonly Sample[], probe: ProbeWindow, excluded: readonly Span[] = []): CapacityEstimate | undefined {
  const from = probe.startMs + probe.settleMs;
  const points = samples.filter(
    (s) =>
      s.atMs >= from &&
      s.atMs <= probe.endMs &&
      s.jobState === 'RUNNING' &&
      s.sourcePosition !== undefined &&
      !excluded.some((x) => s.atMs >= x.startMs && s.atMs <= x.endMs),
  );
  if (points.length < 3) return undefined;
  const line = fitLine(
    points.map((s) => s.atMs / 1000),
    points.map((s) => s.sourcePosition!),
  );
  if (!line) return undefined;
  return { eventsPerSec: line.slope, samples: points.length, fromMs: points[0]!.atMs, toMs: points.at(-1)!.atMs };
}

/**
 * How far back the job's latency histogram reaches: it keeps the last `historyEvents` events per
 * subtask, and each of `parallelism` subtasks sees rate/parallelism events per second.
 */
export function latencyHistoryMs(rate: number, parallelism: number, historyEvents = 10_000): number {
  return rate > 0 ? (historyEvents * parallelism * 1000) / rate : 0;
}

/**
 * The probe's length for a checkpoint interval: the settle time plus a steady part that spans a whole
 * number of intervals (at least the asked-for steady time), so every cell's capacity pays for the same
 * share of checkpoints — a 20 s window at a 30 s interval would hold either none or one.
 */
export function probeLengthMs(probeMs: number, settleMs: number, intervalMs: number): number {
  const steady = Math.max(0, probeMs - settleMs);
  if (intervalMs <= 0 || steady === 0) return probeMs;
  return settleMs + intervalMs * Math.max(1, Math.ceil(steady / intervalMs));
}
