/**
 * `advise`'s observation of a running job (I/O, read-only): which job, then a tick every period of its
 * JVMs' CPU time, its sources' records and its vertices' busy time, and its checkpoint history every few
 * ticks, until the observation has lasted `observeMs` and seen `minCheckpoints` complete. Everything read
 * goes into the transcript; nothing on the cluster is changed.
 */
import { FlinkClient, FlinkRestError } from '../bench/rest/flinkClient.js';
import type { CheckpointingStatistics, JobDetails, TaskManagerInfo } from '../bench/rest/types.js';
import { formatElapsedMs } from '../lib/duration.js';
import { sleep } from '../lib/sleep.js';
import { AdviceRefused, chooseJob, refuseBatch, type JobOverviewEntry } from './chooseJob.js';
import { bodyOf, PATHS, type Transcript, type TranscriptResponse, type TranscriptTick } from './restTranscript.js';

export interface ObserveOptions {
  readonly restUrl: string;
  readonly jobId?: string;
  readonly observeMs: number;
  readonly minCheckpoints: number;
  /** How often to read; undefined: OBSERVE_DEFAULTS.readEveryMs. */
  readonly periodMs?: number;
  /** Read the checkpoint history every this many ticks (it keeps the last ten by default). */
  readonly checkpointsEveryTicks: number;
  /** Beyond `observeMs` and six intervals, how long to wait for the checkpoints before refusing. */
  readonly graceMs?: number;
  readonly progress: (line: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * readEveryMs: every second, whatever the interval. A checkpoint's CPU outlasts its reported duration (2–3 s after
 * a 0.6 s checkpoint on the validation job), and reads every 5 s priced a 10 s checkpoint above the lab's own
 * price of the same cells (+0.38 to +2.04 CPU-s in the three the sweep kept) where reads every second stayed
 * within −0.59 to +0.70 (docs/measurements/read-period-on-lab-cells-2026-12-03). A read makes the REST server
 * fetch every TaskManager's metrics: every second costs the cluster about 0.9 % more CPU than every 5 s
 * (docs/measurements/advise-cpu-2026-12-03b); `--read-every` trades one for the other.
 */
export const OBSERVE_DEFAULTS = { observeMs: 5 * 60_000, minCheckpoints: 5, checkpointsEveryTicks: 5, readEveryMs: 1_000 } as const;

/** The plan's nodes: sources are those without inputs. */
interface PlanNode {
  readonly id: string;
  readonly inputs?: readonly unknown[];
}
type JobWithPlan = JobDetails & { readonly plan?: { readonly type?: string; readonly nodes?: readonly PlanNode[] } };

async function read(client: FlinkClient, path: string): Promise<TranscriptResponse> {
  try {
    return { path, body: await client.get(path) };
  } catch (e) {
    return { path, error: e instanceof FlinkRestError ? e.body : String(e) };
  }
}

/** The first reads: is it Flink, which job, is it a streaming job that checkpoints. Refusals name what was found. */
async function firstReads(client: FlinkClient, options: ObserveOptions): Promise<{ job: JobOverviewEntry; details: JobWithPlan; once: TranscriptResponse[] }> {
  let config: { 'flink-version'?: string } | null;
  try {
    config = await client.get(PATHS.config);
  } catch (e) {
    const detail = e instanceof FlinkRestError ? `${e.status ? `HTTP ${e.status}: ` : ''}${e.body}` : String(e);
    throw new AdviceRefused(`Cannot read Flink's REST API at ${options.restUrl} (GET ${PATHS.config}): ${detail}.`);
  }
  if (typeof config?.['flink-version'] !== 'string') {
    throw new AdviceRefused(`${options.restUrl} answers, but not as Flink's REST API: GET ${PATHS.config} names no flink-version.`);
  }
  const overview = await client.get<{ jobs?: JobOverviewEntry[] }>(PATHS.jobsOverview);
  const job = chooseJob(options.restUrl, overview.jobs ?? [], options.jobId);
  const details = await client.get<JobWithPlan>(PATHS.job(job.jid));
  refuseBatch(job, details.plan?.type);
  const checkpointConfig = await read(client, PATHS.checkpointConfig(job.jid));
  if (checkpointConfig.error !== undefined) {
    throw new AdviceRefused(`Job ${job.jid} (${job.name}) does not checkpoint (${checkpointConfig.error}): there is no checkpoint history to observe.`);
  }
  const once = [
    { path: PATHS.config, body: config },
    { path: PATHS.jobsOverview, body: overview },
    { path: PATHS.job(job.jid), body: details },
    checkpointConfig,
    await read(client, PATHS.jobManagerConfig),
    ...(await Promise.all(details.vertices.map((v) => read(client, PATHS.subtaskTimes(job.jid, v.id))))),
  ];
  return { job, details, once };
}

/** One tick's reads, side by side; its time is the JobManager's `now`, or undefined when the job could not be read. */
async function tick(
  client: FlinkClient,
  jobId: string,
  vertices: readonly string[],
  sources: readonly string[],
  withCheckpoints: boolean,
): Promise<TranscriptTick | undefined> {
  const tms = await read(client, PATHS.taskManagers);
  const tmIds = ((tms.body as { taskmanagers?: TaskManagerInfo[] } | undefined)?.taskmanagers ?? []).map((t) => t.id);
  const responses = await Promise.all([
    read(client, PATHS.job(jobId)),
    read(client, PATHS.jobManagerCpu),
    ...tmIds.map((id) => read(client, PATHS.taskManagerCpu(id))),
    ...sources.map((v) => read(client, PATHS.sourceRecordsOut(jobId, v))),
    ...vertices.map((v) => read(client, PATHS.timeShares(jobId, v))),
    ...(withCheckpoints ? [read(client, PATHS.checkpoints(jobId))] : []),
  ]);
  const now = (responses[0].body as JobDetails | undefined)?.now;
  return now === undefined ? undefined : { atMs: now, responses: [tms, ...responses] };
}

const completedIn = (t: TranscriptTick | undefined, jobId: string) =>
  t && (bodyOf(t.responses, PATHS.checkpoints(jobId)) as CheckpointingStatistics | undefined)?.counts.completed;

/** Observes until `observeMs` have passed and `minCheckpoints` completed; refuses when none completes in time or the job stops. */
export async function observeJob(options: ObserveOptions): Promise<Transcript> {
  const client = new FlinkClient(options.restUrl);
  const { job, details, once } = await firstReads(client, options);
  const vertices = details.vertices.map((v) => v.id);
  const sources = (details.plan?.nodes ?? []).filter((n) => !n.inputs || n.inputs.length === 0).map((n) => n.id);
  const intervalMs = (bodyOf(once, PATHS.checkpointConfig(job.jid)) as { interval?: number } | undefined)?.interval ?? 0;
  // Waiting for the checkpoints may outlast --observe; past this, the job is not completing checkpoints.
  const deadlineMs = options.observeMs + 6 * intervalMs + (options.graceMs ?? 60_000);
  const periodMs = options.periodMs ?? OBSERVE_DEFAULTS.readEveryMs;
  options.progress(`  ${job.name} checkpoints every ${formatElapsedMs(intervalMs)}; reading it every ${formatElapsedMs(periodMs)}`);
  const ticks: TranscriptTick[] = [];
  const started = Date.now();
  let firstCompleted: number | undefined;
  let completed = 0;
  let lastProgress = started;
  for (let i = 0; !options.signal?.aborted; i++) {
    const t = await tick(client, job.jid, vertices, sources, i % options.checkpointsEveryTicks === 0);
    if (t) ticks.push(t);
    const state = t && (bodyOf(t.responses, PATHS.job(job.jid)) as JobDetails | undefined)?.state;
    if (state !== undefined && state !== 'RUNNING' && state !== 'RESTARTING' && state !== 'INITIALIZING' && state !== 'CREATED') {
      throw new AdviceRefused(`Job ${job.jid} (${job.name}) became ${state} during the observation: nothing written.`);
    }
    const count = completedIn(t, job.jid);
    if (count !== undefined) {
      firstCompleted ??= count;
      completed = count - firstCompleted;
    }
    const elapsed = Date.now() - started;
    if (elapsed >= options.observeMs && completed >= options.minCheckpoints) break;
    if (elapsed >= deadlineMs) {
      throw new AdviceRefused(
        `Job ${job.jid} (${job.name}) completed ${completed} checkpoint${completed === 1 ? '' : 's'} in ${formatElapsedMs(elapsed)} of observation ` +
          `(its interval is ${formatElapsedMs(intervalMs)}); advise needs ${options.minCheckpoints}: nothing written.`,
      );
    }
    if (Date.now() - lastProgress >= 10_000) {
      lastProgress = Date.now();
      options.progress(
        `  observing ${job.name}: ${formatElapsedMs(elapsed)} of ${formatElapsedMs(options.observeMs)}, ${completed} of ${options.minCheckpoints} checkpoints completed`,
      );
    }
    await sleep(periodMs, options.signal);
  }
  if (options.signal?.aborted) throw new AdviceRefused('Interrupted: nothing written.');
  // The last tick always reads the history, so the window's last checkpoints are in it.
  const last = await tick(client, job.jid, vertices, sources, true);
  if (last) ticks.push(last);
  return { restUrl: options.restUrl, jobId: job.jid, once, ticks };
}
