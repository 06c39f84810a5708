/** Runs → per-interval medians and confidence intervals, and the overhead against the baseline (pure). */
import { median } from '../lib/stats.js';
import { estimate, type Estimate } from '../lib/confidence.js';
import { cpuBaselineOf, cpuOverhead, withPooledLoss, type CheckpointPrice, type CpuBaseline } from './cpuPrice.js';
import type { RunFigures } from './runFigures.js';

/** The figures aggregated over repeats, in the order the report shows them. */
export const FIGURES = [
  'throughputEventsPerSec',
  'capacityEventsPerSec',
  'latencyP50Ms',
  'latencyP99Ms',
  'checkpointDurationMs',
  'checkpointedBytes',
  'stateBytes',
  'diskWriteBytesPerSec',
  'checkpointWriteBytesPerSec',
  'cpuLoad',
  'detectionMs',
  'downtimeMs',
  'catchUpMs',
  'recoveryMs',
  'projectedRecoveryMs',
  'replayedRecords',
  'predictedReplayedRecords',
  'maxRateEventsPerSec',
  'stateAtStartBytes',
  'latencySamplesLeftOut',
  'rateSpreadPct',
  'cpuSecondsPerSec',
  'effectiveIntervalMs',
  'busyTimeCapacityEventsPerSec',
  'writeBytesPerCycle',
  'stealCpuSecondsPerSec',
  'otherCpuSecondsPerSec',
  'restartMs',
  'restoreMs',
  'lagBeforeMs',
  'restoredBytes',
] as const satisfies readonly (keyof RunFigures)[];
export type FigureName = (typeof FIGURES)[number];

export interface Overhead {
  /**
   * What checkpointing costs, in % of capacity: C_cpu / (T_eff · P) from the CPU price (mean, and the
   * Welch interval of the difference to the baseline, so it carries the baseline's variance too);
   * for runs recorded before the CPU price, 1 − capacity ÷ the baseline's capacity by the probe.
   */
  readonly capacityLossPct: Estimate;
  /** 1 − probe capacity ÷ the baseline's probe capacity, × 100, per run: the independent check. */
  readonly probeCapacityLossPct: Estimate;
  readonly price?: CheckpointPrice;
  /**
   * The loss at this interval's T_eff if every checkpoint cost the price pooled over the intervals that ran
   * as labelled (their means weighted by precision): C_pool / (T_eff · P), with C_pool's interval. One
   * checkpoint of the same state costs the same at any T; a long interval's own cells cannot see a loss of
   * 1 % under the drift between two fresh clusters' CPU rates, the short ones' can.
   */
  readonly pooledPriceCapacityLossPct?: Estimate;
  /** (baseline throughput − this) ÷ baseline throughput × 100, per run. */
  readonly throughputLossPct: Estimate;
  /** p99 latency − the baseline's p99, per run. */
  readonly p99IncreaseMs: Estimate;
}

export interface IntervalAggregate {
  /** 0 = the no-checkpoint baseline. */
  readonly intervalMs: number;
  readonly runs: number;
  readonly failures: number;
  /** Failures the job did not catch up from: the interval misses any recovery limit. */
  readonly notCaughtUp: number;
  readonly inputRate?: number;
  readonly figures: Readonly<Record<FigureName, Estimate>>;
  readonly overhead?: Overhead;
  /** Recovery cells whose job never kept up for the health gate: the interval misses any recovery limit. */
  readonly neverHealthy?: number;
  /** Checkpoints ran further apart than asked (or failed) in some cost cell: never recommended. */
  readonly saturated?: boolean;
  readonly checkpointsFailed?: number;
  /** Every run's state verified exactly-once (undefined: none was verified). */
  readonly verificationOk?: boolean;
}

export interface Aggregates {
  readonly baseline?: IntervalAggregate;
  readonly cpuBaseline?: CpuBaseline;
  /** Checkpointing intervals, shortest first. */
  readonly intervals: readonly IntervalAggregate[];
}

function aggregateOne(intervalMs: number, runs: readonly RunFigures[], baseline?: readonly RunFigures[], cpu?: CpuBaseline): IntervalAggregate {
  const figures = Object.fromEntries(FIGURES.map((f) => [f, estimate(runs.map((r) => r[f]))])) as Record<FigureName, Estimate>;
  const verified = runs.filter((r) => r.verificationOk !== undefined);
  const saturatedRuns = runs.filter((r) => r.saturated !== undefined);
  let overhead: Overhead | undefined;
  if (baseline && baseline.length > 0 && intervalMs > 0) {
    const baseThroughput = median(baseline.flatMap((r) => (r.throughputEventsPerSec !== undefined ? [r.throughputEventsPerSec] : [])));
    const baseP99 = median(baseline.flatMap((r) => (r.latencyP99Ms !== undefined ? [r.latencyP99Ms] : [])));
    const baseCapacity = median(baseline.flatMap((r) => (r.capacityEventsPerSec !== undefined ? [r.capacityEventsPerSec] : [])));
    const probeLoss = estimate(
      runs.map((r) => (baseCapacity && r.capacityEventsPerSec !== undefined ? (1 - r.capacityEventsPerSec / baseCapacity) * 100 : undefined)),
    );
    const fromCpu = cpu ? cpuOverhead(runs, baseline, cpu) : undefined;
    overhead = {
      capacityLossPct: fromCpu?.loss ?? probeLoss,
      probeCapacityLossPct: probeLoss,
      price: fromCpu?.price,
      throughputLossPct: estimate(
        runs.map((r) =>
          baseThroughput && r.throughputEventsPerSec !== undefined ? ((baseThroughput - r.throughputEventsPerSec) / baseThroughput) * 100 : undefined,
        ),
      ),
      p99IncreaseMs: estimate(runs.map((r) => (baseP99 !== undefined && r.latencyP99Ms !== undefined ? r.latencyP99Ms - baseP99 : undefined))),
    };
  }
  return {
    intervalMs,
    runs: runs.length,
    failures: runs.reduce((s, r) => s + r.failures, 0),
    // Figures of sweeps recorded before notCaughtUp existed have none.
    notCaughtUp: runs.reduce((s, r) => s + ((r.notCaughtUp as number | undefined) ?? 0), 0),
    inputRate: median(runs.map((r) => r.inputRate)),
    figures,
    overhead,
    neverHealthy: runs.filter((r) => r.neverHealthy).length || undefined,
    saturated: saturatedRuns.length === 0 ? undefined : saturatedRuns.some((r) => r.saturated),
    checkpointsFailed: saturatedRuns.length === 0 ? undefined : runs.reduce((s, r) => s + (r.checkpointsFailed ?? 0), 0),
    verificationOk: verified.length === 0 ? undefined : verified.every((r) => r.verificationOk),
  };
}

/** Groups runs by interval; interval 0 is the baseline the others are compared with. */
export function aggregate(runs: readonly RunFigures[]): Aggregates {
  const byInterval = new Map<number, RunFigures[]>();
  for (const r of runs) byInterval.set(r.intervalMs, [...(byInterval.get(r.intervalMs) ?? []), r]);
  const baselineRuns = byInterval.get(0);
  const cpuBaseline = baselineRuns
    ? cpuBaselineOf(
        baselineRuns,
        runs.filter((r) => r.cell !== 'recovery'),
      )
    : undefined;
  const intervals = [...byInterval.keys()]
    .filter((t) => t > 0)
    .sort((a, b) => a - b)
    .map((t) => aggregateOne(t, byInterval.get(t)!, baselineRuns, cpuBaseline));
  return {
    baseline: baselineRuns ? aggregateOne(0, baselineRuns) : undefined,
    cpuBaseline,
    intervals: withPooledLoss(intervals, cpuBaseline),
  };
}
