/** What the bench records while a job runs: samples of its metrics and its checkpoints. */
import type { AggregatedMetric, CheckpointHistoryEntry, JobStatus, MetricValue } from './rest/types.js';

export interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface TaskManagerSample {
  readonly id: string;
  /** JVM CPU load, 0..1 of the machine. */
  readonly cpuLoad?: number;
  readonly heapUsedBytes?: number;
}

/** One look at the job, every `--sample` seconds. */
export interface Sample {
  readonly atMs: number;
  readonly jobState: JobStatus;
  /** Events the source has emitted (its position in the schedule). */
  readonly sourcePosition?: number;
  readonly sourceLagMs?: number;
  readonly sourceBacklogRecords?: number;
  /** Event latency at the stateful stage, worst subtask. */
  readonly latencyMs?: LatencyMs;
  readonly windowEmissionDelayMsP99?: number;
  /** Share of time busy / back-pressured, worst subtask, per stage. */
  readonly busyRatio: Readonly<Record<string, number>>;
  readonly backpressureRatio: Readonly<Record<string, number>>;
  readonly checkpointCounts?: { readonly completed: number; readonly failed: number; readonly inProgress: number; readonly restored: number };
  readonly taskManagers: readonly TaskManagerSample[];
}

/** One checkpoint as the REST API reports it. */
export interface CheckpointRecord {
  readonly id: number;
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  readonly triggerMs: number;
  readonly durationMs: number;
  /** Full state size. */
  readonly stateSizeBytes: number;
  /** Bytes this checkpoint wrote (less than the full size when incremental). */
  readonly checkpointedSizeBytes: number;
  /** Worst subtask's sync, async and alignment time, fetched once the checkpoint completed. */
  readonly syncMs?: number;
  readonly asyncMs?: number;
  readonly alignmentMs?: number;
}

/** The suffixes under which the job reports its metrics (operator prefixes vary with the name). */
export const METRIC_SUFFIX = {
  sourcePosition: '.sourcePosition',
  sourceLagMs: '.sourceLagMs',
  sourceBacklogRecords: '.sourceBacklogRecords',
  sourceResumedPosition: '.sourceResumedPosition',
  latencyP50: '.eventLatencyMs_median',
  latencyP95: '.eventLatencyMs_p95',
  latencyP99: '.eventLatencyMs_p99',
  latencyMax: '.eventLatencyMs_max',
  windowEmissionDelayP99: '.windowEmissionDelayMs_p99',
} as const;

export type MetricKey = keyof typeof METRIC_SUFFIX;

/** Finds each job metric's full name among a vertex's metric names. */
export function resolveMetricNames(available: readonly string[]): Partial<Record<MetricKey, string>> {
  const names: Partial<Record<MetricKey, string>> = {};
  for (const [key, suffix] of Object.entries(METRIC_SUFFIX) as [MetricKey, string][]) {
    const found = available.find((n) => n.endsWith(suffix));
    if (found) names[key] = found;
  }
  return names;
}

/** The value of an aggregated metric (`agg` picks sum, max, …). */
export function aggregated(metrics: readonly AggregatedMetric[], id: string | undefined, agg: 'sum' | 'max' | 'avg'): number | undefined {
  if (!id) return undefined;
  const m = metrics.find((x) => x.id === id);
  const v = m?.[agg];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A plain metric's numeric value. */
export function metricNumber(metrics: readonly MetricValue[], id: string): number | undefined {
  const m = metrics.find((x) => x.id === id);
  if (!m) return undefined;
  const v = Number(m.value);
  return Number.isFinite(v) ? v : undefined;
}

/** A checkpoint history entry in the bench's terms. */
export function toCheckpointRecord(entry: CheckpointHistoryEntry): CheckpointRecord {
  return {
    id: entry.id,
    status: entry.status,
    triggerMs: entry.trigger_timestamp,
    durationMs: entry.end_to_end_duration,
    stateSizeBytes: entry.state_size,
    checkpointedSizeBytes: entry.checkpointed_size ?? entry.state_size,
  };
}
