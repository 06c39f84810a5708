/** Reads one sample of a running bid workload through the REST API. */
import type { FlinkClient } from './rest/flinkClient.js';
import type { JobDetails, JobVertex } from './rest/types.js';
import {
  aggregated,
  metricNumber,
  resolveMetricNames,
  toCheckpointRecord,
  type CheckpointRecord,
  type MetricKey,
  type Sample,
  type TaskManagerSample,
} from './samples.js';
import { pollUntil } from '../lib/pollUntil.js';

/** The job's stages, by the operator names the job gives them. */
export const STAGES = { source: 'BidSource', state: 'BidderState', window: 'AuctionWindowCounts' } as const;
export type Stage = keyof typeof STAGES;

const TASK_METRICS = ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond'] as const;
const TM_METRICS = ['Status.JVM.CPU.Load', 'Status.JVM.Memory.Heap.Used'] as const;

/** Finds the job graph vertex of each stage (chained names contain the operator name). */
export function findStageVertices(job: JobDetails): Record<Stage, JobVertex> {
  const found = {} as Record<Stage, JobVertex>;
  for (const [stage, operator] of Object.entries(STAGES) as [Stage, string][]) {
    const vertex = job.vertices.find((v) => v.name.includes(operator));
    if (!vertex)
      throw new Error(`Job ${job.jid} has no vertex named like '${operator}': is it the bid workload? Vertices: ${job.vertices.map((v) => v.name).join(', ')}`);
    found[stage] = vertex;
  }
  return found;
}

export class JobSampler {
  private names: Partial<Record<MetricKey, string>> = {};
  private readonly checkpointRecords = new Map<number, CheckpointRecord>();

  constructor(
    private readonly client: FlinkClient,
    readonly jobId: string,
    readonly vertices: Record<Stage, JobVertex>,
  ) {}

  /** Learns the metrics' full names; Flink lists them only once a task reported, so retry. */
  async discoverMetrics(deadlineMs: number): Promise<void> {
    const wanted: MetricKey[] = ['sourcePosition', 'sourceLagMs', 'latencyP50', 'latencyP95', 'latencyP99', 'latencyMax'];
    await pollUntil({ deadlineMs, what: `the job to report ${wanted.join(', ')} through REST (is the job jar current?)` }, async (seen) => {
      const available = (await Promise.all(Object.values(this.vertices).map((v) => this.client.vertexMetricNames(this.jobId, v.id)))).flat();
      this.names = resolveMetricNames(available);
      const missing = wanted.filter((k) => !this.names[k]);
      seen(`missing ${missing.join(', ')}`);
      return missing.length === 0 ? true : undefined;
    });
  }

  async sample(): Promise<Sample> {
    const n = this.names;
    const { source, state, window } = this.vertices;
    const ids = (...keys: MetricKey[]) => keys.map((k) => n[k]).filter((x): x is string => !!x);
    const [job, src, st, win, tasks, counts, taskManagers] = await Promise.all([
      this.client.job(this.jobId),
      this.client.vertexMetrics(this.jobId, source.id, ids('sourcePosition', 'sourceLagMs', 'sourceBacklogRecords')),
      this.client.vertexMetrics(this.jobId, state.id, ids('latencyP50', 'latencyP95', 'latencyP99', 'latencyMax')),
      this.client.vertexMetrics(this.jobId, window.id, ids('windowEmissionDelayP99')),
      Promise.all(Object.values(this.vertices).map((v) => this.client.vertexMetrics(this.jobId, v.id, TASK_METRICS))),
      this.client.checkpoints(this.jobId).catch(() => undefined),
      this.taskManagerSamples(),
    ]);
    if (counts) this.recordCheckpoints(counts.history.map(toCheckpointRecord));
    const latency = {
      p50: aggregated(st, n.latencyP50, 'max'),
      p95: aggregated(st, n.latencyP95, 'max'),
      p99: aggregated(st, n.latencyP99, 'max'),
      max: aggregated(st, n.latencyMax, 'max'),
    };
    const stageNames = Object.keys(this.vertices) as Stage[];
    return {
      atMs: Date.now(),
      jobState: job.state,
      sourcePosition: aggregated(src, n.sourcePosition, 'sum'),
      sourceLagMs: aggregated(src, n.sourceLagMs, 'max'),
      sourceBacklogRecords: aggregated(src, n.sourceBacklogRecords, 'sum'),
      // Worst subtask per quantile; absent until the histogram has values.
      latencyMs:
        latency.p50 !== undefined && latency.p95 !== undefined && latency.p99 !== undefined && latency.max !== undefined
          ? { p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max }
          : undefined,
      windowEmissionDelayMsP99: aggregated(win, n.windowEmissionDelayP99, 'max'),
      busyRatio: Object.fromEntries(
        stageNames.flatMap((s, i) => {
          const v = aggregated(tasks[i]!, 'busyTimeMsPerSecond', 'max');
          return v === undefined ? [] : [[s, v / 1000]];
        }),
      ),
      backpressureRatio: Object.fromEntries(
        stageNames.flatMap((s, i) => {
          const v = aggregated(tasks[i]!, 'backPressuredTimeMsPerSecond', 'max');
          return v === undefined ? [] : [[s, v / 1000]];
        }),
      ),
      checkpointCounts: counts
        ? { completed: counts.counts.completed, failed: counts.counts.failed, inProgress: counts.counts.in_progress, restored: counts.counts.restored }
        : undefined,
      taskManagers,
    };
  }

  /** The source's position, lag and where this attempt resumed, as REST reports them now. */
  async sourceState(): Promise<{ position?: number; lagMs?: number; resumedPosition?: number }> {
    const n = this.names;
    const ids = [n.sourcePosition, n.sourceLagMs, n.sourceResumedPosition].filter((x): x is string => !!x);
    const m = await this.client.vertexMetrics(this.jobId, this.vertices.source.id, ids);
    const resumed = aggregated(m, n.sourceResumedPosition, 'max');
    return {
      position: aggregated(m, n.sourcePosition, 'sum'),
      lagMs: aggregated(m, n.sourceLagMs, 'max'),
      resumedPosition: resumed !== undefined && resumed >= 0 ? resumed : undefined,
    };
  }

  private async taskManagerSamples(): Promise<TaskManagerSample[]> {
    const tms = await this.client.taskManagers();
    return Promise.all(
      tms.map(async (tm) => {
        const m = await this.client.taskManagerMetrics(tm.id, TM_METRICS).catch(() => []);
        return { id: tm.id, cpuLoad: metricNumber(m, TM_METRICS[0]), heapUsedBytes: metricNumber(m, TM_METRICS[1]) };
      }),
    );
  }

  private recordCheckpoints(records: readonly CheckpointRecord[]): void {
    for (const r of records) {
      const known = this.checkpointRecords.get(r.id);
      this.checkpointRecords.set(r.id, known && known.status === r.status ? { ...r, ...pick(known) } : r);
    }
  }

  /** Adds sync/async/alignment times (worst subtask over all stages) to completed checkpoints. */
  async fillCheckpointDetails(): Promise<void> {
    const pending = [...this.checkpointRecords.values()].filter((c) => c.status === 'COMPLETED' && c.syncMs === undefined);
    for (const c of pending) {
      const details = await Promise.all(Object.values(this.vertices).map((v) => this.client.checkpointSubtasks(this.jobId, c.id, v.id).catch(() => undefined)));
      const worst = (f: (d: NonNullable<(typeof details)[number]>) => number | undefined) => Math.max(0, ...details.flatMap((d) => (d ? [f(d) ?? 0] : [])));
      this.checkpointRecords.set(c.id, {
        ...c,
        syncMs: worst((d) => d.summary?.checkpoint_duration?.sync?.max),
        asyncMs: worst((d) => d.summary?.checkpoint_duration?.async?.max),
        alignmentMs: worst((d) => d.summary?.alignment?.duration?.max),
      });
    }
  }

  checkpoints(): CheckpointRecord[] {
    return [...this.checkpointRecords.values()].sort((a, b) => a.id - b.id);
  }
}

function pick(c: CheckpointRecord): Partial<CheckpointRecord> {
  return { syncMs: c.syncMs, asyncMs: c.asyncMs, alignmentMs: c.alignmentMs };
}
