/** Runs → per-interval medians and confidence intervals, and the overhead against the baseline (pure). */
import { median } from '../lib/stats.js';
import { estimate, type Estimate } from './confidence.js';
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
] as const satisfies readonly (keyof RunFigures)[];
export type FigureName = (typeof FIGURES)[number];

export interface Overhead {
  /** 1 − capacity ÷ the baseline's capacity, × 100, per run: what checkpointing costs. */
  readonly capacityLossPct: Estimate;
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
  /** Every run's state verified exactly-once (undefined: none was verified). */
  readonly verificationOk?: boolean;
}

export interface Aggregates {
  readonly baseline?: IntervalAggregate;
  /** Checkpointing intervals, shortest first. */
  readonly intervals: readonly IntervalAggregate[];
}

function aggregateOne(intervalMs: number, runs: readonly RunFigures[], baseline?: readonly RunFigures[]): IntervalAggregate {
  const figures = Object.fromEntries(FIGURES.map((f) => [f, estimate(runs.map((r) => r[f]))])) as Record<FigureName, Estimate>;
  const verified = runs.filter((r) => r.verificationOk !== undefined);
  let overhead: Overhead | undefined;
  if (baseline && baseline.length > 0 && intervalMs > 0) {
    const baseThroughput = median(baseline.flatMap((r) => (r.throughputEventsPerSec !== undefined ? [r.throughputEventsPerSec] : [])));
    const baseP99 = median(baseline.flatMap((r) => (r.latencyP99Ms !== undefined ? [r.latencyP99Ms] : [])));
    const baseCapacity = median(baseline.flatMap((r) => (r.capacityEventsPerSec !== undefined ? [r.capacityEventsPerSec] : [])));
    overhead = {
      capacityLossPct: estimate(
        runs.map((r) => (baseCapacity && r.capacityEventsPerSec !== undefined ? (1 - r.capacityEventsPerSec / baseCapacity) * 100 : undefined)),
      ),
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
    verificationOk: verified.length === 0 ? undefined : verified.every((r) => r.verificationOk),
  };
}

/** Groups runs by interval; interval 0 is the baseline the others are compared with. */
export function aggregate(runs: readonly RunFigures[]): Aggregates {
  const byInterval = new Map<number, RunFigures[]>();
  for (const r of runs) byInterval.set(r.intervalMs, [...(byInterval.get(r.intervalMs) ?? []), r]);
  const baselineRuns = byInterval.get(0);
  return {
    baseline: baselineRuns ? aggregateOne(0, baselineRuns) : undefined,
    intervals: [...byInterval.keys()]
      .filter((t) => t > 0)
      .sort((a, b) => a - b)
      .map((t) => aggregateOne(t, byInterval.get(t)!, baselineRuns)),
  };
}
