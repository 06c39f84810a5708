/**
 * What `advise` reads from Flink's REST API, and the transcript it keeps of it: every response as Flink
 * sent it, each tick stamped with the JobManager's own clock (`now` of the job's details), so the advice
 * can be recomputed from the evidence and the tests can replay a real observation.
 */

/** One GET and the body Flink answered (`error` instead when the read failed: a lost TaskManager, a timeout). */
export interface TranscriptResponse {
  readonly path: string;
  readonly body?: unknown;
  readonly error?: string;
}

/** The reads of one sampling tick; `atMs` is the JobManager's clock at the job-details read. */
export interface TranscriptTick {
  readonly atMs: number;
  readonly responses: readonly TranscriptResponse[];
}

export interface Transcript {
  readonly restUrl: string;
  readonly jobId: string;
  /** Read once, before the first tick: the cluster, its configuration, the job's checkpoint settings, its tasks' start. */
  readonly once: readonly TranscriptResponse[];
  readonly ticks: readonly TranscriptTick[];
}

/** Flink's JVM CPU time gauge (ns since the JVM started). */
export const JVM_CPU_TIME = 'Status.JVM.CPU.Time';
/** Per subtask, ms per second: FLIP-271's busy, back-pressured and idle time. */
export const TIME_SHARES = ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond'] as const;

/** The paths, in one place: the observer reads them, the reduction finds them again in the transcript. */
export const PATHS = {
  config: '/config',
  jobManagerConfig: '/jobmanager/config',
  jobsOverview: '/jobs/overview',
  job: (jobId: string) => `/jobs/${jobId}`,
  checkpointConfig: (jobId: string) => `/jobs/${jobId}/checkpoints/config`,
  checkpoints: (jobId: string) => `/jobs/${jobId}/checkpoints`,
  subtaskTimes: (jobId: string, vertexId: string) => `/jobs/${jobId}/vertices/${vertexId}/subtasktimes`,
  jobManagerCpu: `/jobmanager/metrics?get=${JVM_CPU_TIME}`,
  taskManagers: '/taskmanagers',
  taskManagerCpu: (taskManagerId: string) => `/taskmanagers/${taskManagerId}/metrics?get=${JVM_CPU_TIME}`,
  sourceRecordsOut: (jobId: string, vertexId: string) => `/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics?get=numRecordsOut&agg=sum`,
  timeShares: (jobId: string, vertexId: string) => `/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics?get=${TIME_SHARES.join(',')}&agg=max`,
} as const;

/** The body of the first response to `path` in a list, if it was read without error; the caller names its shape. */
export function bodyOf(responses: readonly TranscriptResponse[], path: string): unknown {
  return responses.find((x) => x.path === path && x.error === undefined)?.body;
}
