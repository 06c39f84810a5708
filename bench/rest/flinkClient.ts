/** A typed client for the Flink REST API endpoints the bench uses (axios). */
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type {
  AggregatedMetric,
  CheckpointSubtaskSummary,
  CheckpointingStatistics,
  JobDetails,
  JobExceptions,
  MetricValue,
  Overview,
  SavepointTriggerStatus,
  TaskManagerInfo,
  VertexSubtask,
} from './types.js';

/** A failed REST call: method, URL, status and body, with the original error as `cause`. */
export class FlinkRestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number | undefined,
    readonly body: string,
    cause: unknown,
  ) {
    super(`${method} ${url} failed${status ? ` with HTTP ${status}` : ''}: ${body}`, { cause });
    this.name = 'FlinkRestError';
  }
}

/** Named timeouts: ordinary reads, jar uploads, and job submission (which runs the job's main). */
export const TIMEOUTS_MS = { read: 10_000, taskManagerMetrics: 2_000, upload: 120_000, submit: 120_000 } as const;

/**
 * Turns Flink's `{"errors": [...]}` into a readable line. A failed job submission carries a Java stack
 * trace: its innermost cause (e.g. the job's own parameter error) is what a user needs.
 */
export function describeErrorBody(data: unknown): string {
  const text =
    data && typeof data === 'object' && 'errors' in data && Array.isArray(data.errors)
      ? (data as { errors: unknown[] }).errors.map(String).join(' | ')
      : typeof data === 'string'
        ? data
        : JSON.stringify(data ?? '');
  const causes = text.split('\n').filter((l) => l.startsWith('Caused by: '));
  const innermost = causes.at(-1);
  return innermost ? innermost.replace(/^Caused by: [\w.$]+: /, '') : text;
}

export class FlinkClient {
  private readonly http: AxiosInstance;

  constructor(readonly baseUrl: string) {
    this.http = axios.create({ baseURL: baseUrl.replace(/\/$/, ''), timeout: TIMEOUTS_MS.read });
  }

  private async call<T>(method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: unknown, timeout?: number): Promise<T> {
    try {
      const response = await this.http.request<T>({ method, url: path, data: body, timeout });
      return response.data;
    } catch (e) {
      const err = e as AxiosError;
      const detail = err.response ? describeErrorBody(err.response.data) : `${err.code ?? ''} ${err.message}`.trim();
      throw new FlinkRestError(method.toUpperCase(), this.baseUrl + path, err.response?.status, detail, e);
    }
  }

  /** Any GET, its body as Flink sent it: for readers that keep what they read (`advise`'s transcript). */
  get<T = unknown>(path: string): Promise<T> {
    return this.call('get', path);
  }

  overview(): Promise<Overview> {
    return this.call('get', '/overview');
  }

  async taskManagers(): Promise<TaskManagerInfo[]> {
    return (await this.call<{ taskmanagers: TaskManagerInfo[] }>('get', '/taskmanagers')).taskmanagers;
  }

  /** A lost TaskManager's metrics can stall: this read gives up sooner than others. */
  taskManagerMetrics(id: string, names: readonly string[]): Promise<MetricValue[]> {
    return this.call('get', `/taskmanagers/${id}/metrics?get=${names.join(',')}`, undefined, TIMEOUTS_MS.taskManagerMetrics);
  }

  jobManagerMetrics(names: readonly string[]): Promise<MetricValue[]> {
    return this.call('get', `/jobmanager/metrics?get=${names.join(',')}`, undefined, TIMEOUTS_MS.taskManagerMetrics);
  }

  /** Uploads a jar; returns the jar id to run it by. */
  async uploadJar(path: string): Promise<string> {
    const form = new FormData();
    form.append('jarfile', new Blob([await readFile(path)], { type: 'application/x-java-archive' }), basename(path));
    const res = await this.call<{ filename: string; status: string }>('post', '/jars/upload', form, TIMEOUTS_MS.upload);
    return basename(res.filename);
  }

  /** Runs an uploaded jar's main in the JobManager, optionally from a savepoint; returns the job id. */
  async runJar(jarId: string, entryClass: string, programArgsList: readonly string[], savepointPath?: string): Promise<string> {
    const res = await this.call<{ jobid: string }>(
      'post',
      `/jars/${encodeURIComponent(jarId)}/run`,
      { entryClass, programArgsList, ...(savepointPath ? { savepointPath } : {}) },
      TIMEOUTS_MS.submit,
    );
    return res.jobid;
  }

  /** The JobManager's effective configuration as key → value. */
  async jobManagerConfig(): Promise<Record<string, string>> {
    const entries = await this.call<{ key: string; value: string }[]>('get', '/jobmanager/config');
    return Object.fromEntries(entries.map((e) => [e.key, e.value]));
  }

  async deleteJar(jarId: string): Promise<void> {
    await this.call('delete', `/jars/${encodeURIComponent(jarId)}`);
  }

  job(jobId: string): Promise<JobDetails> {
    return this.call('get', `/jobs/${jobId}`);
  }

  /** Where each subtask of a vertex runs. */
  async vertexSubtasks(jobId: string, vertexId: string): Promise<VertexSubtask[]> {
    return (await this.call<{ subtasks: VertexSubtask[] }>('get', `/jobs/${jobId}/vertices/${vertexId}`)).subtasks;
  }

  jobMetrics(jobId: string, names: readonly string[]): Promise<MetricValue[]> {
    return this.call('get', `/jobs/${jobId}/metrics?get=${names.join(',')}`);
  }

  /** Names of the metrics a vertex's subtasks report (aggregatable). */
  async vertexMetricNames(jobId: string, vertexId: string): Promise<string[]> {
    const list = await this.call<{ id: string }[]>('get', `/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics`);
    return list.map((m) => m.id);
  }

  /** Metrics aggregated over a vertex's subtasks. */
  vertexMetrics(jobId: string, vertexId: string, names: readonly string[]): Promise<AggregatedMetric[]> {
    return this.call('get', `/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics?get=${names.join(',')}&agg=min,max,avg,sum`);
  }

  checkpoints(jobId: string): Promise<CheckpointingStatistics> {
    return this.call('get', `/jobs/${jobId}/checkpoints`);
  }

  checkpointSubtasks(jobId: string, checkpointId: number, vertexId: string): Promise<CheckpointSubtaskSummary> {
    return this.call('get', `/jobs/${jobId}/checkpoints/details/${checkpointId}/subtasks/${vertexId}`);
  }

  exceptions(jobId: string): Promise<JobExceptions> {
    return this.call('get', `/jobs/${jobId}/exceptions`);
  }

  async cancel(jobId: string): Promise<void> {
    await this.call('patch', `/jobs/${jobId}?mode=cancel`);
  }

  /** Starts stop-with-savepoint; returns the trigger id to poll. */
  async triggerStopWithSavepoint(jobId: string, targetDirectory?: string): Promise<string> {
    const res = await this.call<{ 'request-id': string }>('post', `/jobs/${jobId}/stop`, {
      drain: false,
      ...(targetDirectory ? { targetDirectory } : {}),
    });
    return res['request-id'];
  }

  savepointStatus(jobId: string, triggerId: string): Promise<SavepointTriggerStatus> {
    return this.call('get', `/jobs/${jobId}/savepoints/${triggerId}`);
  }
}
