/** One run.json → the figures the sweep compares (pure). */
import type { CheckpointRecord } from '../bench/samples.js';
import type { RunSummary } from '../bench/summary.js';
import type { RecoveryTimeline } from '../bench/failures/timeline.js';
import { median } from '../lib/stats.js';
import { summarizeRecovery, type RecoveryMedians } from '../bench/failures/recoverySummary.js';

/** The parts of run.json (written by bench/run.ts) the analysis reads. */
export interface RunRecord {
  readonly runId?: string;
  readonly status: string;
  /** What ran it; `flink` is the version the cluster's REST API reported. */
  readonly versions?: { readonly flink?: string };
  readonly config: { readonly checkpointIntervalMs: number; readonly jobArgs?: readonly string[]; readonly workload?: Readonly<Record<string, unknown>> };
  readonly checkpoints: readonly CheckpointRecord[];
  readonly summary: RunSummary & {
    readonly recovery?: { readonly failures: readonly RecoveryTimeline[] };
    readonly verification?: { readonly ok: boolean };
    /** The capacity probe's slope (bench/capacity.ts). */
    readonly capacityEventsPerSec?: number;
    /** The prefilled state the job started from (bench/prefill.ts). */
    readonly stateAtStart?: { readonly bidders: number; readonly bytes: number };
  };
}

/** The figures of one run; every field is a measurement, undefined when the run had none. */
export interface RunFigures extends RecoveryMedians {
  readonly intervalMs: number;
  readonly inputRate: number;
  readonly throughputEventsPerSec?: number;
  /** μ at this interval: the capacity probe's slope (never derived from recoveries). */
  readonly capacityEventsPerSec?: number;
  /** The nominal bytes of the prefilled state the run started from. */
  readonly stateAtStartBytes?: number;
  /** Relative standard deviation of the rate between consecutive steady samples, in %: the sample-to-sample noise. */
  readonly rateSpreadPct?: number;
  /** Steady samples whose latency was left out because their histogram held recovery latencies. */
  readonly latencySamplesLeftOut?: number;
  readonly latencyP50Ms?: number;
  readonly latencyP99Ms?: number;
  readonly checkpointDurationMs?: number;
  readonly checkpointedBytes?: number;
  readonly stateBytes?: number;
  /** Checkpoint bytes written per second of the steady window: what the storage must sustain. */
  readonly diskWriteBytesPerSec?: number;
  /** Bytes per second a checkpoint achieved while writing (checkpointed bytes ÷ its duration). */
  readonly checkpointWriteBytesPerSec?: number;
  readonly cpuLoad?: number;
  readonly failures: number;
  /** The rate the job drained its backlog at after a failure (see maxRateFromCatchUp); descriptive only, the model uses the probe. */
  readonly maxRateEventsPerSec?: number;
  readonly verificationOk?: boolean;
}

/**
 * The highest rate the job ran at while catching up: at `runningAgainAt` the backlog is the events
 * due during the outage plus the replayed ones, and it drains at μ − λ over the catch-up time.
 */
export function maxRateFromCatchUp(t: Pick<RecoveryTimeline, 'downtimeMs' | 'catchUpMs' | 'replayedRecords'>, inputRate: number): number | undefined {
  if (t.catchUpMs === undefined || t.catchUpMs <= 0 || t.replayedRecords === undefined) return undefined;
  const backlog = (inputRate * t.downtimeMs) / 1000 + t.replayedRecords;
  return inputRate + backlog / (t.catchUpMs / 1000);
}

/** The rate a backlog drained at: from the catch-up, or (not caught up) λ + the measured drain. */
export function drainedAt(t: RecoveryTimeline, inputRate: number): number | undefined {
  if (t.caughtUp) return maxRateFromCatchUp(t, inputRate);
  const drain = t.notCaughtUp?.drainEventsPerSec;
  return drain === undefined ? undefined : inputRate + drain;
}

export function runFigures(run: RunRecord): RunFigures {
  const s = run.summary;
  const inputRate = s.throughputEventsPerSec.targetRate;
  const windowSec = (s.window.endMs - s.window.startMs) / 1000;
  const completed = run.checkpoints.filter((c) => c.status === 'COMPLETED' && c.triggerMs >= s.window.startMs && c.triggerMs <= s.window.endMs);
  const writtenBytes = completed.reduce((sum, c) => sum + c.checkpointedSizeBytes, 0);
  const failures = s.recovery?.failures ?? [];
  return {
    intervalMs: run.config.checkpointIntervalMs,
    inputRate,
    throughputEventsPerSec: s.throughputEventsPerSec.median,
    capacityEventsPerSec: s.capacityEventsPerSec,
    stateAtStartBytes: s.stateAtStart?.bytes,
    // Runs recorded before latencySamples existed have none.
    latencySamplesLeftOut: (s.latencySamples as RunSummary['latencySamples'] | undefined)?.leftOut,
    rateSpreadPct: s.throughputEventsPerSec.spreadPct,
    latencyP50Ms: s.latencyMs.p50,
    latencyP99Ms: s.latencyMs.p99,
    checkpointDurationMs: s.checkpoints.durationMs.median,
    checkpointedBytes: s.checkpoints.checkpointedSizeBytes.median,
    stateBytes: s.checkpoints.stateSizeBytes.median,
    diskWriteBytesPerSec: completed.length > 0 && windowSec > 0 ? writtenBytes / windowSec : undefined,
    checkpointWriteBytesPerSec: median(completed.filter((c) => c.durationMs > 0).map((c) => (c.checkpointedSizeBytes * 1000) / c.durationMs)),
    cpuLoad: s.taskManagers.cpuLoad.median,
    failures: failures.length,
    ...summarizeRecovery(failures).median,
    maxRateEventsPerSec: median(failures.flatMap((t) => drainedAt(t, inputRate) ?? [])),
    verificationOk: s.verification?.ok,
  };
}
