/**
 * A transcript of REST reads → what was observed of the job (pure): the cluster's cumulative JVM CPU
 * time, the sources' records, the busiest vertex's busy share and the sources' back-pressure per tick,
 * the checkpoints completed in the window, the job's own last restore, and the configuration that sets
 * failure detection, restarts and how fresh REST metrics are.
 */
import { accumulate, type CpuSample } from '../bench/cpu/cpuMeter.js';
import type { ProcessCpu } from '../bench/cpu/cpuSources.js';
import { aggregated, metricNumber, toCheckpointRecord, type CheckpointRecord } from '../bench/samples.js';
import type { AggregatedMetric, CheckpointingStatistics, JobDetails, MetricValue, TaskManagerInfo } from '../bench/rest/types.js';
import { bodyOf, JVM_CPU_TIME, PATHS, type Transcript, type TranscriptResponse, type TranscriptTick } from './restTranscript.js';
import { parseFlinkDurationMs } from './flinkDuration.js';

export interface ObservedTick {
  readonly atMs: number;
  readonly jobState: string;
  /** Records the source vertices have sent, summed over their subtasks (cumulative). */
  readonly sourceRecordsOut?: number;
  /** The busiest subtask's busy share of any vertex (0–1), and that vertex. */
  readonly busiestShare?: number;
  readonly busiestVertex?: string;
  /** The most back-pressured source subtask's share (0–1): a source held back by its job. */
  readonly sourceBackPressuredShare?: number;
}

/** The settings recovery and observation depend on, as the JobManager reports its configuration. */
export interface ObservedConfig {
  readonly heartbeatIntervalMs?: number;
  readonly heartbeatTimeoutMs?: number;
  readonly restartStrategy?: string;
  /** fixed-delay's delay, or exponential-delay's initial backoff. */
  readonly restartDelayMs?: number;
  /** How often the REST server refreshes the metrics it serves (Flink's default 10 s). */
  readonly metricsFetcherIntervalMs?: number;
}

/** The job's own last restore: how long its tasks took from INITIALIZING to RUNNING, and from which checkpoint. */
export interface ObservedRestore {
  readonly checkpointId: number;
  readonly isSavepoint: boolean;
  readonly durationMs: number;
  /** The restored checkpoint's full size when the history still holds it. */
  readonly bytes?: number;
}

export interface JobObservation {
  readonly restUrl: string;
  readonly jobId: string;
  readonly jobName: string;
  readonly flinkVersion?: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly checkpointIntervalMs: number;
  readonly config: ObservedConfig;
  readonly taskManagers: number;
  readonly restore?: ObservedRestore;
  // The series, one entry per read:
  readonly ticks: readonly ObservedTick[];
  /** The cluster's JVM CPU (JobManager and TaskManagers), cumulative from the first tick. */
  readonly cpu: readonly CpuSample[];
  /** Checkpoints triggered within the window, as their last read reported them. */
  readonly checkpoints: readonly CheckpointRecord[];
}

const FLINK_DEFAULTS = { heartbeatIntervalMs: 10_000, heartbeatTimeoutMs: 50_000, metricsFetcherIntervalMs: 10_000 } as const;

function configOf(once: readonly TranscriptResponse[]): ObservedConfig {
  const entries = (bodyOf(once, PATHS.jobManagerConfig) as { key: string; value: string }[] | undefined) ?? [];
  const value = (key: string) => entries.find((e) => e.key === key)?.value;
  const ms = (key: string, dflt?: number) => {
    const v = value(key);
    return v === undefined ? dflt : parseFlinkDurationMs(v);
  };
  const restartStrategy = value('restart-strategy.type') ?? value('restart-strategy');
  const restartDelayMs = /exponential/i.test(restartStrategy ?? '')
    ? ms('restart-strategy.exponential-delay.initial-backoff', 1_000)
    : ms('restart-strategy.fixed-delay.delay', 1_000);
  return {
    heartbeatIntervalMs: ms('heartbeat.interval', FLINK_DEFAULTS.heartbeatIntervalMs),
    heartbeatTimeoutMs: ms('heartbeat.timeout', FLINK_DEFAULTS.heartbeatTimeoutMs),
    restartStrategy,
    restartDelayMs,
    metricsFetcherIntervalMs: ms('metrics.fetcher.update-interval', FLINK_DEFAULTS.metricsFetcherIntervalMs),
  };
}

/** Each JVM's CPU time read in a tick (ms): the JobManager and every TaskManager that answered. */
function processesIn(t: TranscriptTick): ProcessCpu[] {
  const jm = metricNumber((bodyOf(t.responses, PATHS.jobManagerCpu) as MetricValue[] | undefined) ?? [], JVM_CPU_TIME);
  const tms = (bodyOf(t.responses, PATHS.taskManagers) as { taskmanagers?: TaskManagerInfo[] } | undefined)?.taskmanagers ?? [];
  return [
    ...(jm !== undefined ? [{ key: 'jobmanager', cpuMs: jm / 1e6 }] : []),
    ...tms.flatMap((tm) => {
      const ns = metricNumber((bodyOf(t.responses, PATHS.taskManagerCpu(tm.id)) as MetricValue[] | undefined) ?? [], JVM_CPU_TIME);
      return ns === undefined ? [] : [{ key: tm.id, cpuMs: ns / 1e6 }];
    }),
  ];
}

function cpuSeries(ticks: readonly TranscriptTick[]): CpuSample[] {
  const series: CpuSample[] = [];
  let last = new Map<string, ProcessCpu>();
  let totals: { cpuMs: number } = { cpuMs: 0 };
  for (const t of ticks) {
    const now = processesIn(t);
    totals = accumulate(last, now, totals);
    last = new Map(now.map((p) => [p.key, p]));
    series.push({ atMs: t.atMs, clusterCpuMs: totals.cpuMs });
  }
  return series;
}

function tickOf(t: TranscriptTick, jobId: string, vertices: readonly { id: string; name: string }[], sources: readonly string[]): ObservedTick {
  const details = bodyOf(t.responses, PATHS.job(jobId)) as JobDetails | undefined;
  const outs = sources.map((v) =>
    aggregated((bodyOf(t.responses, PATHS.sourceRecordsOut(jobId, v)) as AggregatedMetric[] | undefined) ?? [], 'numRecordsOut', 'sum'),
  );
  const known = outs.filter((o): o is number => o !== undefined);
  const shares = vertices.map((v) => {
    const m = (bodyOf(t.responses, PATHS.timeShares(jobId, v.id)) as AggregatedMetric[] | undefined) ?? [];
    return { vertex: v, busy: aggregated(m, 'busyTimeMsPerSecond', 'max'), backPressured: aggregated(m, 'backPressuredTimeMsPerSecond', 'max') };
  });
  const busiest = shares.filter((s) => s.busy !== undefined).sort((a, b) => b.busy! - a.busy!)[0];
  const sourceBp = shares.filter((s) => sources.includes(s.vertex.id) && s.backPressured !== undefined).map((s) => s.backPressured!);
  return {
    atMs: t.atMs,
    jobState: details?.state ?? 'UNKNOWN',
    sourceRecordsOut: outs.length > 0 && known.length === outs.length ? known.reduce((s, o) => s + o, 0) : undefined,
    busiestShare: busiest ? busiest.busy! / 1000 : undefined,
    busiestVertex: busiest?.vertex.name,
    sourceBackPressuredShare: sourceBp.length > 0 ? Math.max(...sourceBp) / 1000 : undefined,
  };
}

/** Every history read merged by checkpoint id (a later read of the same checkpoint wins), in trigger order. */
function checkpointsOf(ticks: readonly TranscriptTick[], jobId: string): CheckpointRecord[] {
  const byId = new Map<number, CheckpointRecord>();
  for (const t of ticks) {
    const stats = bodyOf(t.responses, PATHS.checkpoints(jobId)) as CheckpointingStatistics | undefined;
    for (const e of stats?.history ?? []) if (!e.is_savepoint) byId.set(e.id, toCheckpointRecord(e));
  }
  return [...byId.values()].sort((a, b) => a.triggerMs - b.triggerMs);
}

interface SubtaskTimes {
  readonly subtasks?: readonly { readonly timestamps?: Readonly<Record<string, number>> }[];
}

/** The job's last restore, if it restored: its tasks' longest INITIALIZING → RUNNING, and the checkpoint's size if known. */
function restoreOf(t: Transcript, vertexIds: readonly string[], allCheckpoints: readonly CheckpointRecord[]): ObservedRestore | undefined {
  const stats = t.ticks.map((k) => bodyOf(k.responses, PATHS.checkpoints(t.jobId)) as CheckpointingStatistics | undefined).find((s) => s !== undefined);
  const restored = stats?.latest.restored;
  if (!restored) return undefined;
  const spans = vertexIds.flatMap((v) =>
    ((bodyOf(t.once, PATHS.subtaskTimes(t.jobId, v)) as SubtaskTimes | undefined)?.subtasks ?? []).flatMap((s) => {
      const init = s.timestamps?.INITIALIZING;
      const running = s.timestamps?.RUNNING;
      return init && running && running >= init ? [running - init] : [];
    }),
  );
  if (spans.length === 0) return undefined;
  const bytes = allCheckpoints.find((c) => c.id === restored.id)?.stateSizeBytes;
  return { checkpointId: restored.id, isSavepoint: restored.is_savepoint, durationMs: Math.max(...spans), bytes };
}

export function observationOf(t: Transcript): JobObservation {
  const details = bodyOf(t.once, PATHS.job(t.jobId)) as (JobDetails & { plan?: { nodes?: { id: string; inputs?: unknown[] }[] } }) | undefined;
  if (!details) throw new Error(`The transcript has no details of job ${t.jobId}.`);
  const vertices = details.vertices.map((v) => ({ id: v.id, name: v.name }));
  const sources = (details.plan?.nodes ?? []).filter((n) => !n.inputs || n.inputs.length === 0).map((n) => n.id);
  const ticks = t.ticks.map((k) => tickOf(k, t.jobId, vertices, sources));
  const startedAtMs = t.ticks[0]?.atMs ?? details.now;
  const endedAtMs = t.ticks.at(-1)?.atMs ?? details.now;
  // Every checkpoint read once: the restore may name one triggered before the window.
  const all = checkpointsOf(t.ticks, t.jobId);
  const tms = t.ticks.map((k) => (bodyOf(k.responses, PATHS.taskManagers) as { taskmanagers?: unknown[] } | undefined)?.taskmanagers?.length ?? 0);
  return {
    restUrl: t.restUrl,
    jobId: t.jobId,
    jobName: details.name,
    flinkVersion: (bodyOf(t.once, PATHS.config) as { 'flink-version'?: string } | undefined)?.['flink-version'],
    startedAtMs,
    endedAtMs,
    checkpointIntervalMs: (bodyOf(t.once, PATHS.checkpointConfig(t.jobId)) as { interval?: number } | undefined)?.interval ?? 0,
    config: configOf(t.once),
    taskManagers: Math.max(0, ...tms),
    ticks,
    cpu: cpuSeries(t.ticks),
    checkpoints: all.filter((c) => c.triggerMs >= startedAtMs && c.triggerMs <= endedAtMs),
    restore: restoreOf(
      t,
      vertices.map((v) => v.id),
      all,
    ),
  };
}
