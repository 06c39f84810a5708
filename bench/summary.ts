/** Samples → the figures of a run, over the steady window only (warm-up excluded). */
import type { Span } from './capacity.js';
import type { CheckpointRecord, Sample } from './samples.js';
import { max, median } from '../lib/stats.js';

export interface Distribution {
  readonly median?: number;
  readonly max?: number;
}

export interface RunSummary {
  readonly window: { readonly startMs: number; readonly endMs: number; readonly samples: number };
  /** spreadPct: standard deviation ÷ mean of the rate between consecutive samples, in %. */
  readonly throughputEventsPerSec: { readonly median?: number; readonly overall?: number; readonly targetRate: number; readonly spreadPct?: number };
  readonly sourceLagMs: Distribution;
  readonly latencyMs: { readonly p50?: number; readonly p95?: number; readonly p99?: number; readonly max?: number };
  /** Steady samples whose latency counted, and those left out because their histogram still held events from a failure-to-caught-up span. */
  readonly latencySamples: { readonly counted: number; readonly leftOut: number };
  readonly windowEmissionDelayMsP99?: number;
  readonly checkpoints: {
    readonly completed: number;
    readonly failed: number;
    readonly durationMs: Distribution;
    readonly stateSizeBytes: Distribution;
    readonly checkpointedSizeBytes: Distribution;
    readonly syncMs: Distribution;
    readonly asyncMs: Distribution;
    readonly alignmentMs: Distribution;
  };
  readonly busyRatio: Readonly<Record<string, number | undefined>>;
  readonly backpressureRatio: Readonly<Record<string, number | undefined>>;
  readonly taskManagers: { readonly cpuLoad: Distribution; readonly heapUsedBytes: Distribution };
}

/** Standard deviation ÷ mean × 100; undefined for fewer than two values. */
export function relativeSpreadPct(xs: readonly number[]): number | undefined {
  if (xs.length < 2) return undefined;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (m === 0) return undefined;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
  return (sd / Math.abs(m)) * 100;
}

function dist(values: readonly (number | undefined)[]): Distribution {
  const xs = values.filter((v): v is number => v !== undefined);
  return { median: median(xs), max: max(xs) };
}

/** Events per second between consecutive samples (restarts, where the position falls, are left out). */
export function throughputs(samples: readonly Sample[]): number[] {
  const rates: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (a.sourcePosition === undefined || b.sourcePosition === undefined || b.atMs <= a.atMs) continue;
    if (b.sourcePosition < a.sourcePosition) continue;
    rates.push(((b.sourcePosition - a.sourcePosition) * 1000) / (b.atMs - a.atMs));
  }
  return rates;
}

function perStage(samples: readonly Sample[], pick: (s: Sample) => Readonly<Record<string, number>>): Record<string, number | undefined> {
  const stages = new Set(samples.flatMap((s) => Object.keys(pick(s))));
  return Object.fromEntries([...stages].map((stage) => [stage, median(samples.map((s) => pick(s)[stage]).filter((v): v is number => v !== undefined))]));
}

export interface SteadyStateOptions {
  /** Failure → caught-up spans: no sample inside one is steady state. */
  readonly disturbances?: readonly Span[];
  /** How far back a sample's latency histogram reaches (bench/capacity.ts latencyHistoryMs). */
  readonly latencyHistoryMs?: number;
}

/**
 * The run's figures over [startMs, endMs]: samples taken and checkpoints triggered in it. Samples
 * inside a disturbance are left out; a sample's latency counts only when its histogram window lies
 * wholly outside every disturbance (the histogram holds the last events, seconds of data).
 */
export function summarize(
  samples: readonly Sample[],
  checkpoints: readonly CheckpointRecord[],
  window: { readonly startMs: number; readonly endMs: number },
  targetRate: number,
  options: SteadyStateOptions = {},
): RunSummary {
  const disturbances = options.disturbances ?? [];
  const history = options.latencyHistoryMs ?? 0;
  const steady = samples.filter(
    (s) => s.atMs >= window.startMs && s.atMs <= window.endMs && !disturbances.some((d) => s.atMs >= d.startMs && s.atMs <= d.endMs),
  );
  const latencySteady = steady.filter((s) => !disturbances.some((d) => s.atMs - history <= d.endMs && s.atMs >= d.startMs));
  const inWindow = checkpoints.filter((c) => c.triggerMs >= window.startMs && c.triggerMs <= window.endMs);
  const completed = inWindow.filter((c) => c.status === 'COMPLETED');
  const first = steady.find((s) => s.sourcePosition !== undefined);
  const last = [...steady].reverse().find((s) => s.sourcePosition !== undefined);
  const overall = first && last && last.atMs > first.atMs ? ((last.sourcePosition! - first.sourcePosition!) * 1000) / (last.atMs - first.atMs) : undefined;
  return {
    window: { ...window, samples: steady.length },
    throughputEventsPerSec: { median: median(throughputs(steady)), overall, targetRate, spreadPct: relativeSpreadPct(throughputs(steady)) },
    sourceLagMs: dist(steady.map((s) => s.sourceLagMs)),
    latencyMs: {
      p50: median(latencySteady.flatMap((s) => (s.latencyMs ? [s.latencyMs.p50] : []))),
      p95: median(latencySteady.flatMap((s) => (s.latencyMs ? [s.latencyMs.p95] : []))),
      p99: median(latencySteady.flatMap((s) => (s.latencyMs ? [s.latencyMs.p99] : []))),
      max: max(latencySteady.flatMap((s) => (s.latencyMs ? [s.latencyMs.max] : []))),
    },
    latencySamples: { counted: latencySteady.length, leftOut: steady.length - latencySteady.length },
    windowEmissionDelayMsP99: median(steady.flatMap((s) => (s.windowEmissionDelayMsP99 !== undefined ? [s.windowEmissionDelayMsP99] : []))),
    checkpoints: {
      completed: completed.length,
      failed: inWindow.filter((c) => c.status === 'FAILED').length,
      durationMs: dist(completed.map((c) => c.durationMs)),
      stateSizeBytes: dist(completed.map((c) => c.stateSizeBytes)),
      checkpointedSizeBytes: dist(completed.map((c) => c.checkpointedSizeBytes)),
      syncMs: dist(completed.map((c) => c.syncMs)),
      asyncMs: dist(completed.map((c) => c.asyncMs)),
      alignmentMs: dist(completed.map((c) => c.alignmentMs)),
    },
    busyRatio: perStage(steady, (s) => s.busyRatio),
    backpressureRatio: perStage(steady, (s) => s.backpressureRatio),
    taskManagers: {
      cpuLoad: dist(steady.flatMap((s) => s.taskManagers.map((t) => t.cpuLoad))),
      heapUsedBytes: dist(steady.flatMap((s) => s.taskManagers.map((t) => t.heapUsedBytes))),
    },
  };
}
