/**
 * One measurement against a Flink cluster, through its REST API only: upload and run the job, sample
 * it every few seconds, end it (stop-with-savepoint + verifier, or cancel) and write run.json.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { ENTRY, JOB_JAR } from '../flink-job/ts/jobJar.js';
import { REPO_ROOT } from '../repoRoot.js';
import { renderJobArgs } from '../workload/jobArgs.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { formatDurationMs } from './duration.js';
import { formatSummary, progressLine } from './progress.js';
import { FlinkClient, FlinkRestError } from './rest/flinkClient.js';
import { runId, writeJsonAtomic } from './results.js';
import type { CheckpointRecord, Sample } from './samples.js';
import { findStageVertices, JobSampler } from './sampler.js';
import { summarize, throughputs, type RunSummary } from './summary.js';
import { verifySavepoint, type Verification } from './verifier.js';

export interface RunOptions {
  readonly restUrl: string;
  /** The job's parameters (startTimeMs is set at submission). */
  readonly workload: WorkloadParameters;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly sampleMs: number;
  /** Results root: the run writes `<outDir>/<run-id>/run.json`. */
  readonly outDir: string;
  readonly end: 'savepoint' | 'cancel';
  /** What else to record about the cluster (its config, how it was started). */
  readonly cluster?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly progress?: (line: string) => void;
}

export interface RunResult {
  readonly runDir: string;
  readonly runJson: string;
  readonly summary: RunSummary;
  readonly verification?: Verification;
  readonly humanSummary: string;
}

/** The run was stopped (Ctrl-C): results so far are written. */
export class RunInterrupted extends Error {
  constructor(readonly runDir: string) {
    super(`Run interrupted; partial results in ${runDir}`);
    this.name = 'RunInterrupted';
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Checks that `restUrl` answers like a Flink cluster; returns its version. */
export async function checkFlinkCluster(client: FlinkClient): Promise<string> {
  let version: unknown;
  try {
    version = (await client.overview())['flink-version'];
  } catch (e) {
    const why = e instanceof FlinkRestError ? e.message : String(e);
    throw new Error(`--rest ${client.baseUrl} is not a reachable Flink cluster (${why}). Allowed: the REST URL of a Flink 1.18 JobManager, e.g. http://127.0.0.1:8081.`);
  }
  if (typeof version !== 'string') throw new Error(`--rest ${client.baseUrl} answered /overview without a flink-version: not a Flink cluster.`);
  return version;
}

function environment(outDir: string) {
  let diskFreeBytes: number | undefined;
  try {
    const s = statfsSync(REPO_ROOT);
    diskFreeBytes = s.bavail * s.bsize;
  } catch {
    diskFreeBytes = undefined;
  }
  return { hostname: hostname(), platform: platform(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryBytes: totalmem(), diskFreeBytes, outDir };
}

/** Runs one measurement; see the module comment. */
export async function runMeasurement(options: RunOptions): Promise<RunResult> {
  const log = options.progress ?? (() => {});
  const client = new FlinkClient(options.restUrl);
  const flinkVersion = await checkFlinkCluster(client);
  const startedAtMs = Date.now();
  const intervalMs = Number(options.workload.checkpointIntervalMs ?? 0);
  const runDir = join(options.outDir, runId(startedAtMs, `interval-${formatDurationMs(intervalMs)}`));
  const jobArgs = renderJobArgs({ ...options.workload, startTimeMs: startedAtMs });
  const targetRate = Number(jobArgs[jobArgs.indexOf('--rate') + 1]);

  const samples: Sample[] = [];
  let checkpoints: CheckpointRecord[] = [];
  let jobId: string | undefined;
  let verification: Verification | undefined;
  let status = 'running';
  let error: string | undefined;
  const windowStart = () => startedAtMs + options.warmupMs;
  /** Writes run.json as it stands; the summary covers the window up to `endMs`. */
  const record = (endMs = Date.now()) => {
    const summary = summarize(samples, checkpoints, { startMs: windowStart(), endMs }, targetRate);
    writeJsonAtomic(runDir, 'run.json', {
      runId: runDir.split('/').pop(),
      status,
      error,
      startedAt: new Date(startedAtMs).toISOString(),
      config: {
        restUrl: options.restUrl,
        checkpointIntervalMs: intervalMs,
        warmupMs: options.warmupMs,
        durationMs: options.durationMs,
        sampleMs: options.sampleMs,
        end: options.end,
        workload: options.workload,
        jobArgs,
        cluster: options.cluster,
      },
      versions: {
        flink: flinkVersion,
        node: process.version,
        project: (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
      },
      environment: environment(options.outDir),
      jobId,
      samples,
      checkpoints,
      summary,
      verification,
    });
    return summary;
  };

  try {
    log(`uploading ${JOB_JAR} to ${options.restUrl} (Flink ${flinkVersion})`);
    const jarId = await client.uploadJar(JOB_JAR);
    jobId = await client.runJar(jarId, ENTRY.workload, jobArgs);
    log(`job ${jobId} submitted: ${jobArgs.join(' ')}`);
    const job = await waitForRunning(client, jobId, startedAtMs + 120_000);
    const sampler = new JobSampler(client, jobId, findStageVertices(job));
    await sampler.discoverMetrics(Date.now() + 60_000);

    const totalMs = options.warmupMs + options.durationMs;
    while (Date.now() - startedAtMs < totalMs && !options.signal?.aborted) {
      await sleep(options.sampleMs, options.signal);
      if (options.signal?.aborted) break;
      const sample = await sampler.sample();
      samples.push(sample);
      if (sample.jobState === 'FAILED' || sample.jobState === 'CANCELED' || sample.jobState === 'FINISHED') {
        const ex = await client.exceptions(jobId).catch(() => undefined);
        throw new Error(`The job ended early (${sample.jobState}): ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
      }
      checkpoints = sampler.checkpoints();
      const elapsed = Date.now() - startedAtMs;
      const rate = throughputs(samples.slice(-2))[0];
      log(progressLine(sample, elapsed, totalMs, elapsed < options.warmupMs ? 'warm-up' : 'measuring', rate));
      record();
    }
    if (options.signal?.aborted) throw new RunInterrupted(runDir);

    await sampler.fillCheckpointDetails();
    checkpoints = sampler.checkpoints();
    const measuredUntil = Date.now();
    if (options.end === 'savepoint') {
      log('stop-with-savepoint…');
      const location = await stopWithSavepoint(client, jobId, Date.now() + 300_000);
      log(`savepoint ${location}; verifying state…`);
      verification = await verifySavepoint(location);
    } else {
      await client.cancel(jobId);
    }
    jobId = undefined; // ended
    status = 'complete';
    const summary = record(measuredUntil);
    const humanSummary =
      formatSummary(summary, formatDurationMs(intervalMs)) +
      (verification ? `\n  state        ${verification.ok ? 'exactly-once verified' : 'VERIFICATION FAILED'}: ${verification.counterSum} updates for ${verification.sourcePosition} events, ${verification.bidders} bidders` : '');
    return { runDir, runJson: join(runDir, 'run.json'), summary, verification, humanSummary };
  } catch (e) {
    status = e instanceof RunInterrupted ? 'interrupted' : 'failed';
    error = (e as Error).message;
    if (jobId) await client.cancel(jobId).catch(() => undefined);
    record();
    throw e;
  }
}

async function waitForRunning(client: FlinkClient, jobId: string, deadlineMs: number) {
  for (;;) {
    const job = await client.job(jobId);
    const allRunning = job.vertices.length > 0 && job.vertices.every((v) => (v.tasks.RUNNING ?? 0) === v.parallelism);
    if (job.state === 'RUNNING' && allRunning) return job;
    if (job.state === 'FAILED' || job.state === 'CANCELED' || job.state === 'FINISHED') {
      const ex = await client.exceptions(jobId).catch(() => undefined);
      throw new Error(`The job ${job.state.toLowerCase()} before running: ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
    }
    if (Date.now() > deadlineMs) throw new Error(`The job was not RUNNING with all tasks after 120 s (state ${job.state}).`);
    await sleep(250);
  }
}

async function stopWithSavepoint(client: FlinkClient, jobId: string, deadlineMs: number): Promise<string> {
  const trigger = await client.triggerStopWithSavepoint(jobId);
  for (;;) {
    const s = await client.savepointStatus(jobId, trigger);
    if (s.status.id === 'COMPLETED') {
      const location = s.operation?.location;
      if (!location) throw new Error(`stop-with-savepoint failed: ${s.operation?.['failure-cause']?.['stack-trace']?.split('\n')[0] ?? 'no location'}`);
      return location;
    }
    if (Date.now() > deadlineMs) throw new Error('stop-with-savepoint did not complete within 5 minutes');
    await sleep(500);
  }
}
