/** One run.json → the figures the sweep compares (pure). */
import type { CheckpointRecord } from '../bench/samples.js';
import { cpuRateOver, type CostSummary, type Cycle } from '../bench/cpu/checkpointPrice.js';
import type { CpuSample } from '../bench/cpu/cpuMeter.js';
import type { RunSummary } from '../bench/summary.js';
import type { RecoveryTimeline } from '../bench/failures/timeline.js';
import { median } from '../lib/stats.js';
import { isSaturated } from '../lib/saturation.js';
import { summarizeRecovery, type RecoveryMedians } from '../bench/failures/recoverySummary.js';

/** The parts of run.json (written by bench/run.ts) the analysis reads. */
export interface RunRecord {
  readonly runId?: string;
  readonly status: string;
  /** What ran it; `flink` is the version the cluster's REST API reported. */
  readonly versions?: { readonly flink?: string };
  readonly config: {
    readonly checkpointIntervalMs: number;
    /** Absent in runs recorded before the two kinds of cell: such a run measured both. */
    readonly cell?: 'cost' | 'recovery';
    readonly jobArgs?: readonly string[];
    readonly workload?: Readonly<Record<string, unknown>>;
  };
  readonly checkpoints: readonly CheckpointRecord[];
  /** The cluster's cumulative CPU, sampled every second (bench/cpu/cpuMeter.ts). */
  readonly cpu?: { readonly source: string; readonly samples: readonly CpuSample[] };
  readonly summary: RunSummary & {
    /** The probe's span and the part its slope was fitted over (bench/capacity.ts). */
    readonly probe?: { readonly fit?: { readonly fromMs: number; readonly toMs: number } };
    readonly recovery?: { readonly failures: readonly RecoveryTimeline[]; readonly notInjected?: string };
    readonly verification?: { readonly ok: boolean };
    /** The capacity probe's slope (bench/capacity.ts). */
    readonly capacityEventsPerSec?: number;
    /** Cost cells: the CPU price of checkpoints (bench/cpu/checkpointPrice.ts). */
    readonly cost?: CostSummary;
    /** The prefilled state the job started from (bench/prefill.ts). */
    readonly stateAtStart?: { readonly bidders: number; readonly bytes: number };
  };
}

/** The figures of one run; every field is a measurement, undefined when the run had none. */
export interface RunFigures extends RecoveryMedians {
  readonly intervalMs: number;
  /** What the run measured: the price (cost), what a failure costs (recovery), or both (runs recorded before the split; absent in their figures). */
  readonly cell?: 'cost' | 'recovery' | 'both';
  /** Cost cells: the window's checkpoint cycles (blocks at the baseline), with their CPU-seconds and events. */
  readonly cycles?: readonly Cycle[];
  readonly cpuSecondsPerSec?: number;
  /** The cluster's CPU-seconds per second while the probe ran it flat out (over the probe's fitted span): the CPU it can use. */
  readonly probeCpuSecondsPerSec?: number;
  /** The mean spacing of completed checkpoints, and whether the interval ran as labelled. */
  readonly effectiveIntervalMs?: number;
  readonly saturated?: boolean;
  readonly checkpointsFailed?: number;
  /** Flink's busy-time estimate of capacity (true processing rate of the busiest stage). */
  readonly busyTimeCapacityEventsPerSec?: number;
  /** Bytes the cluster wrote per cycle (the disk price), where the platform tells. */
  readonly writeBytesPerCycle?: number;
  /** The machine's health in the window: CPU-seconds per second of steal, and of processes outside the cluster. */
  readonly stealCpuSecondsPerSec?: number;
  readonly otherCpuSecondsPerSec?: number;
  /** Recovery phases (medians over the run's failures), the lag at injection, the restored bytes, the drain rate μ_drain. */
  readonly restartMs?: number;
  readonly restoreMs?: number;
  readonly lagBeforeMs?: number;
  readonly restoredBytes?: number;
  /** A recovery cell whose job never kept up long enough for the health gate: failures not injected. */
  readonly neverHealthy?: boolean;
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

/** The cost cell's figures: the CPU price's cycles and rates, T_eff, saturation, the machine's health. */
function costFigures(run: RunRecord) {
  const s = run.summary;
  const cost = s.cost;
  return {
    cycles: cost?.cycles,
    cpuSecondsPerSec: cost?.cpuSecondsPerSec,
    probeCpuSecondsPerSec: run.cpu && s.probe?.fit ? cpuRateOver(run.cpu.samples, s.probe.fit.fromMs, s.probe.fit.toMs) : undefined,
    effectiveIntervalMs: cost?.effectiveIntervalMs,
    // Re-judged from the run's own figures, so a report applies the current rule to older runs too.
    saturated:
      cost && run.config.checkpointIntervalMs > 0
        ? isSaturated({
            intervalMs: run.config.checkpointIntervalMs,
            effectiveIntervalMs: cost.effectiveIntervalMs,
            checkpointsFailed: cost.checkpointsFailed,
            medianDurationMs: s.checkpoints.durationMs.median,
          })
        : undefined,
    checkpointsFailed: cost?.checkpointsFailed,
    busyTimeCapacityEventsPerSec: cost?.busyTimeCapacityEventsPerSec,
    writeBytesPerCycle: cost?.writeBytesPerCycle,
    stealCpuSecondsPerSec: cost?.health.stealCpuSecondsPerSec,
    otherCpuSecondsPerSec: cost?.health.otherCpuSecondsPerSec,
  };
}

/**
 * The steady window's figures. A recovery cell's steady figures are the minutes around its failures:
 * no cost figure (throughput, latency, checkpoint duration and size, CPU) comes from it.
 */
function steadyFigures(run: RunRecord, steady: boolean) {
  const s = run.summary;
  const windowSec = (s.window.endMs - s.window.startMs) / 1000;
  const completed = run.checkpoints.filter((c) => c.status === 'COMPLETED' && c.triggerMs >= s.window.startMs && c.triggerMs <= s.window.endMs);
  const writtenBytes = completed.reduce((sum, c) => sum + c.checkpointedSizeBytes, 0);
  const ifSteady = <T>(v: () => T): T | undefined => (steady ? v() : undefined);
  return {
    throughputEventsPerSec: ifSteady(() => s.throughputEventsPerSec.median),
    rateSpreadPct: ifSteady(() => s.throughputEventsPerSec.spreadPct),
    latencyP50Ms: ifSteady(() => s.latencyMs.p50),
    latencyP99Ms: ifSteady(() => s.latencyMs.p99),
    checkpointDurationMs: ifSteady(() => s.checkpoints.durationMs.median),
    checkpointedBytes: ifSteady(() => s.checkpoints.checkpointedSizeBytes.median),
    stateBytes: ifSteady(() => s.checkpoints.stateSizeBytes.median),
    diskWriteBytesPerSec: steady && completed.length > 0 && windowSec > 0 ? writtenBytes / windowSec : undefined,
    checkpointWriteBytesPerSec: ifSteady(() => median(completed.filter((c) => c.durationMs > 0).map((c) => (c.checkpointedSizeBytes * 1000) / c.durationMs))),
    cpuLoad: ifSteady(() => s.taskManagers.cpuLoad.median),
  };
}

/** The failures' figures: medians of their phases, the drain rate, whether the gate ever held. */
function recoveryFigures(run: RunRecord, inputRate: number) {
  const s = run.summary;
  const failures = s.recovery?.failures ?? [];
  const phases = (f: (t: RecoveryTimeline) => number | undefined) => median(failures.flatMap((t) => f(t) ?? []));
  return {
    restartMs: phases((t) => (t.phases as RecoveryTimeline['phases'] | undefined)?.restartMs),
    restoreMs: phases((t) => (t.phases as RecoveryTimeline['phases'] | undefined)?.restoreMs),
    lagBeforeMs: phases((t) => t.lagBeforeMs),
    restoredBytes: phases((t) => t.restoredCheckpointBytes),
    neverHealthy: s.recovery?.notInjected !== undefined ? true : undefined,
    failures: failures.length,
    ...summarizeRecovery(failures).median,
    maxRateEventsPerSec: median(failures.flatMap((t) => drainedAt(t, inputRate) ?? [])),
  };
}

export function runFigures(run: RunRecord): RunFigures {
  const s = run.summary;
  const cell = run.config.cell ?? 'both';
  const inputRate = s.throughputEventsPerSec.targetRate;
  return {
    intervalMs: run.config.checkpointIntervalMs,
    cell,
    inputRate,
    ...costFigures(run),
    ...steadyFigures(run, cell !== 'recovery'),
    ...recoveryFigures(run, inputRate),
    capacityEventsPerSec: s.capacityEventsPerSec,
    stateAtStartBytes: s.stateAtStart?.bytes,
    // Runs recorded before latencySamples existed have none.
    latencySamplesLeftOut: (s.latencySamples as RunSummary['latencySamples'] | undefined)?.leftOut,
    verificationOk: s.verification?.ok,
  };
}
