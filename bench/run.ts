/**
 * One measurement against a Flink cluster, through its REST API only: upload and run the job, sample
 * it every few seconds, end it (stop-with-savepoint + verifier, or cancel) and write run.json.
 */
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { ENTRY, JOB_JAR } from '../flink-job/ts/jobJar.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { renderJobArgs } from '../workload/jobArgs.js';
import type { WorkloadParameters } from '../workload/parameters.js';
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import { formatSummary, progressLine } from './progress.js';
import { FlinkClient, FlinkRestError } from './rest/flinkClient.js';
import { runId, writeJsonAtomic } from '../lib/results.js';
import type { CheckpointRecord, Sample } from './samples.js';
import { findStageVertices, JobSampler } from './sampler.js';
import { summarize, throughputs, type RunSummary } from './summary.js';
import { verifySavepoint, type Verification } from './verifier.js';
import type { FailureInjector } from './failures/injectors.js';
import { currentAttempt, DEFAULT_RECOVERY_LIMITS, observeRecovery, type RecoveryLimits } from './failures/observeRecovery.js';
import { planFailures, type FailureOptions, type PlannedFailure } from '../lib/failurePlan.js';
import { recoveryTimeline, type RecoveryTimeline } from './failures/timeline.js';
import { summarizeRecovery, type RecoverySummary } from './failures/recoverySummary.js';
import { metricNumber } from './samples.js';
import { capacityFromProbe, latencyHistoryMs, probeLengthMs, type CapacityEstimate, type Span } from './capacity.js';
import { probeCapacity, probeSettleMs, rateAt } from './capacityProbe.js';
import { sleep, waitForRunning } from './jobWaits.js';
import { ensurePrefilledState, type PrefilledState } from './prefill.js';
import { SamplingOutage } from './samplingOutage.js';

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
  /** Where the cluster's checkpoint storage is mounted here: `container prefix → local prefix`, for the verifier. */
  readonly storagePathMap?: { readonly from: string; readonly to: string };
  /** What else to record about the cluster (its config, how it was started). */
  readonly cluster?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly progress?: (line: string) => void;
  /**
   * `prefilled` (default): the job starts from a savepoint in which every bidder already has its state
   * (bench/prefill.ts), so every interval is measured at the same state size; `empty`: state grows as
   * bids arrive.
   */
  readonly initialState?: 'prefilled' | 'empty';
  /** The capacity probe after the measured window (every event due at once); 0 or unset: none. */
  readonly probeMs?: number;
  /** Run at this fraction of the capacity a short probe measures first, instead of workload.rate. */
  readonly autoRate?: { readonly fraction: number; readonly probeMs: number };
  /** Failures to inject during the measured window, and how. */
  readonly failures?: {
    readonly options: FailureOptions;
    readonly injector: FailureInjector;
    readonly limits?: RecoveryLimits;
    /** TaskManagers the cluster must have again after a tm-kill. */
    readonly expectedTaskManagers?: number;
  };
}

export interface RunResult {
  readonly runDir: string;
  readonly runJson: string;
  readonly summary: RunSummary;
  readonly recovery?: RecoverySummary;
  readonly verification?: Verification;
  readonly capacityEventsPerSec?: number;
  readonly stateAtStart?: PrefilledState;
  readonly humanSummary: string;
}

/** The run was stopped (Ctrl-C): results so far are written. */
export class RunInterrupted extends Error {
  constructor(readonly runDir: string) {
    super(`Run interrupted; partial results in ${runDir}`);
    this.name = 'RunInterrupted';
  }
}

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
  log(`uploading ${JOB_JAR} to ${options.restUrl} (Flink ${flinkVersion})`);
  const jarId = await client.uploadJar(JOB_JAR);
  const stateAtStart: PrefilledState | undefined =
    (options.initialState ?? 'prefilled') === 'prefilled'
      ? await ensurePrefilledState({ client, jarId, workload: options.workload, storagePathMap: options.storagePathMap, log, signal: options.signal })
      : undefined;
  let calibration: { readonly fraction: number; readonly capacity: CapacityEstimate; readonly rate: number } | undefined;
  let workload = options.workload;
  if (options.autoRate) {
    const capacity = await probeCapacity(client, jarId, workload, stateAtStart?.savepoint, options.autoRate.probeMs, log);
    const rate = rateAt(capacity, options.autoRate.fraction);
    calibration = { fraction: options.autoRate.fraction, capacity, rate };
    workload = { ...workload, rate };
    log(`rate: ${options.autoRate.fraction} × the measured capacity ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s = ${rate.toLocaleString('en-US')} events/s`);
  }
  const startedAtMs = Date.now();
  const intervalMs = Number(workload.checkpointIntervalMs ?? 0);
  const probeMs = options.probeMs ? probeLengthMs(options.probeMs, probeSettleMs(options.probeMs), intervalMs) : 0;
  const settleMs = probeSettleMs(options.probeMs ?? 0);
  /** When the probe starts: every event is due from then on. */
  const probeAtMs = probeMs > 0 ? startedAtMs + options.warmupMs + options.durationMs : undefined;
  const failureKind = options.failures?.options.kind;
  const runDir = join(options.outDir, runId(startedAtMs, `interval-${formatDurationMs(intervalMs)}${failureKind ? `-${failureKind}` : ''}`));
  const planned: PlannedFailure[] = options.failures
    ? planFailures(options.failures.options, { startMs: startedAtMs, warmupMs: options.warmupMs, durationMs: options.durationMs, intervalMs })
    : [];
  // A task failure is thrown by the job itself, so its schedule goes into the job's arguments.
  const injectedByJob =
    failureKind === 'task-failure'
      ? {
          failAtMs: planned.map((p) => p.notBeforeMs),
          ...(intervalMs > 0 ? { failurePhasePermille: planned.map((p) => Math.round(p.phase * 1000)) } : {}),
        }
      : {};
  const jobArgs = renderJobArgs({ ...workload, ...injectedByJob, startTimeMs: startedAtMs, ...(probeAtMs !== undefined ? { probeAtMs } : {}) });
  const parallelism = Number(jobArgs[jobArgs.indexOf('--parallelism') + 1]);
  const targetRate = Number(jobArgs[jobArgs.indexOf('--rate') + 1]);

  const samples: Sample[] = [];
  let checkpoints: CheckpointRecord[] = [];
  let jobId: string | undefined;
  let verification: Verification | undefined;
  let status = 'running';
  let error: string | undefined;
  const recoveries: RecoveryTimeline[] = [];
  const sampling = new SamplingOutage();
  const windowStart = () => startedAtMs + options.warmupMs;
  /** Recovery periods are not steady state: their samples stay out of the steady figures. */
  const disturbances = (): Span[] => recoveries.map((r) => ({ startMs: r.injectedAt, endMs: r.endedAt }));
  const probeEnd = () => (probeAtMs !== undefined ? probeAtMs + probeMs : undefined);
  /** Writes run.json as it stands; the summary covers the window up to `endMs` (never into the probe). */
  const record = (endMs = Date.now()) => {
    const summary = summarize(samples, checkpoints, { startMs: windowStart(), endMs: probeAtMs !== undefined ? Math.min(endMs, probeAtMs) : endMs }, targetRate, {
      disturbances: disturbances(),
      latencyHistoryMs: latencyHistoryMs(targetRate, parallelism),
    });
    // While catching up the job runs at capacity too: only the outage (and its restart transient) is left out.
    const outages = recoveries.map((r) => ({ startMs: r.injectedAt, endMs: r.runningAgainAt + settleMs }));
    const capacity = probeAtMs !== undefined ? capacityFromProbe(samples, { startMs: probeAtMs, endMs: probeEnd()!, settleMs }, outages) : undefined;
    const recovery = options.failures ? summarizeRecovery(recoveries) : undefined;
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
        failures: options.failures ? { ...options.failures.options, planned, limits: options.failures.limits ?? DEFAULT_RECOVERY_LIMITS } : undefined,
        workload,
        initialState: options.initialState ?? 'prefilled',
        probeMs,
        autoRate: options.autoRate,
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
      sampleGaps: sampling.gaps.length ? sampling.gaps : undefined,
      checkpoints,
      summary: {
        ...summary,
        capacityEventsPerSec: capacity?.eventsPerSec,
        probe: probeAtMs !== undefined ? { startMs: probeAtMs, endMs: probeEnd(), settleMs, fit: capacity } : undefined,
        calibration,
        stateAtStart: stateAtStart
          ? { bidders: stateAtStart.bidders, bytes: stateAtStart.nominalBytes, savepointBytes: stateAtStart.savepointBytes, savepoint: stateAtStart.savepoint, buildMs: stateAtStart.buildMs, reused: stateAtStart.reused }
          : undefined,
        recovery,
        verification,
      },
    });
    return { summary, recovery, capacity };
  };

  let sampler: JobSampler | undefined;
  let stateVertexId = '';
  /** One failure: cause it, watch the recovery, and check that a killed TaskManager came back. */
  const injectAndRecover = async (
    failures: NonNullable<RunOptions['failures']>,
    plannedFailure: PlannedFailure,
    failureNumber: number,
  ): Promise<RecoveryTimeline> => {
    const before = await sampler!.sourceState();
    const attemptBefore = await currentAttempt(client, jobId!, stateVertexId);
    const restartsBefore = metricNumber(await client.jobMetrics(jobId!, ['numRestarts']).catch(() => []), 'numRestarts');
    const injection = await failures.injector.inject({
      client: client,
      jobId: jobId!,
      intervalMs,
      stateVertexId,
      planned: plannedFailure,
      failureNumber,
    });
    log(`failure #${failureNumber} (${failures.injector.kind}, phase ${plannedFailure.phase}) at ${new Date(injection.injectedAtMs).toISOString()} on ${injection.target}`);
    const observation = await observeRecovery({
      client: client,
      sampler: sampler!,
      jobId: jobId!,
      stateVertexId,
      attemptBefore,
      sourceBefore: before,
      kind: failures.injector.kind,
      phase: plannedFailure.phase,
      injectedAtMs: injection.injectedAtMs,
      lagBeforeMs: before.lagMs ?? 0,
      numRestartsBefore: restartsBefore,
      startTimeMs: startedAtMs,
      rate: targetRate,
      limits: failures.limits ?? DEFAULT_RECOVERY_LIMITS,
      tickMs: options.sampleMs,
      signal: options.signal,
      onTick: async () => {
        // During an outage a REST read may fail; the series just has a gap.
        await takeSample().catch(() => undefined);
      },
    });
    await withDeadline(injection.restored, 120_000, `${injection.target} did not come back within 120 s`);
    if (failures.expectedTaskManagers) await waitForTaskManagers(client, failures.expectedTaskManagers, Date.now() + 120_000, injection.target);
    const timeline = recoveryTimeline(observation);
    log(`  ${recoveryLine(timeline)}`);
    return timeline;
  };
  /** One sample into the time series, with run.json rewritten. */
  const takeSample = async (): Promise<Sample> => {
    const sample = await sampler!.sample();
    samples.push(sample);
    checkpoints = sampler!.checkpoints();
    record();
    return sample;
  };

  try {
    jobId = await client.runJar(jarId, ENTRY.workload, jobArgs, stateAtStart?.savepoint);
    log(`job ${jobId} submitted: ${jobArgs.join(' ')}`);
    const job = await waitForRunning(client, jobId, startedAtMs + 120_000);
    const vertices = findStageVertices(job);
    stateVertexId = vertices.state.id;
    const jobSampler = new JobSampler(client, jobId, vertices);
    sampler = jobSampler;
    await jobSampler.discoverMetrics(Date.now() + 60_000);

    if (options.failures && intervalMs === 0) log('checkpointing is off: each failure restarts the job from the beginning (full replay).');
    const totalMs = options.warmupMs + options.durationMs + probeMs;
    let failureNumber = 0;
    while (Date.now() - startedAtMs < totalMs && !options.signal?.aborted) {
      const next = planned[failureNumber];
      // After a failure the job did not catch up from, another would only pile backlog on backlog.
      const stillBehind = recoveries.some((r) => !r.caughtUp);
      if (options.failures && next && !stillBehind && Date.now() >= next.notBeforeMs && (probeAtMs === undefined || Date.now() < probeAtMs)) {
        failureNumber++;
        recoveries.push(await injectAndRecover(options.failures, next, failureNumber));
        if (!recoveries.at(-1)!.caughtUp && failureNumber < planned.length) log(`  the remaining ${planned.length - failureNumber} failure(s) are not injected: the job has not caught up.`);
        continue;
      }
      await sleep(options.sampleMs, options.signal);
      if (options.signal?.aborted) break;
      let sample: Sample;
      try {
        sample = await takeSample();
        sampling.succeeded();
      } catch (e) {
        // One failed read is a gap in the series (kept in run.json); only a sustained outage ends the run.
        const verdict = sampling.failed(e, Date.now());
        log(`  REST read failed (${(e as Error).message}); ${verdict === 'retry' ? 'retrying' : 'giving up'}`);
        if (verdict === 'sustained') throw new Error(`Flink's REST API at ${options.restUrl} answered no read for ${Math.round((Date.now() - sampling.sinceMs!) / 1000)} s: ${(e as Error).message}`);
        record();
        continue;
      }
      if (sample.jobState === 'FAILED' || sample.jobState === 'CANCELED' || sample.jobState === 'FINISHED') {
        const ex = await client.exceptions(jobId).catch(() => undefined);
        throw new Error(`The job ended early (${sample.jobState}): ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
      }
      const elapsed = Date.now() - startedAtMs;
      const rate = throughputs(samples.slice(-2))[0];
      const phase = elapsed < options.warmupMs ? 'warm-up' : probeAtMs !== undefined && sample.atMs >= probeAtMs ? 'capacity probe' : 'measuring';
      // During the probe events run ahead of their schedule: their "latency" is meaningless (negative).
      log(progressLine(phase === 'capacity probe' ? { ...sample, latencyMs: undefined } : sample, elapsed, totalMs, phase, rate));
    }
    if (failureNumber < planned.length && !options.signal?.aborted && recoveries.every((r) => r.caughtUp)) {
      throw new Error(`Only ${failureNumber} of ${planned.length} failures fitted in the run: recovery took longer than planned.`);
    }
    if (options.signal?.aborted) throw new RunInterrupted(runDir);

    await jobSampler.fillCheckpointDetails();
    checkpoints = jobSampler.checkpoints();
    const measuredUntil = Date.now();
    if (options.end === 'savepoint') {
      log('stop-with-savepoint…');
      const location = await stopWithSavepoint(client, jobId, Date.now() + 300_000);
      const local = options.storagePathMap ? location.replace(`file:${options.storagePathMap.from}`, `file:${options.storagePathMap.to}`) : location;
      if (existsSync(local.replace(/^file:/, ''))) {
        log(`savepoint ${location}${local !== location ? ` (here: ${local})` : ''}; verifying state…`);
        verification = await verifySavepoint(local);
      } else {
        log(`savepoint ${location} is not reachable from this machine: state not verified (mount the checkpoint storage here and pass --storage-path-map).`);
      }
    } else {
      await client.cancel(jobId);
    }
    jobId = undefined; // ended
    status = 'complete';
    const { summary, recovery, capacity } = record(measuredUntil);
    const humanSummary =
      formatSummary(summary, formatDurationMs(intervalMs)) +
      (capacity ? `\n  capacity     ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s (probe slope over ${capacity.samples} samples)` : '') +
      (stateAtStart ? `\n  start state  ${stateAtStart.bidders.toLocaleString('en-US')} bidders prefilled (${(stateAtStart.nominalBytes / 1e6).toFixed(0)} MB nominal)` : '') +
      (verification ? `\n  state        ${verification.ok ? 'exactly-once verified' : 'VERIFICATION FAILED'}: ${verification.counterSum} updates for ${verification.sourcePosition} events, ${verification.bidders} bidders` +
          (verification.durationMs !== undefined ? ` (read in ${(verification.durationMs / 1000).toFixed(0)} s)` : '')
        : '');
    return {
      runDir,
      runJson: join(runDir, 'run.json'),
      summary,
      recovery,
      verification,
      capacityEventsPerSec: capacity?.eventsPerSec,
      stateAtStart,
      humanSummary: humanSummary + (recovery ? formatRecovery(recovery) : ''),
    };
  } catch (e) {
    status = e instanceof RunInterrupted ? 'interrupted' : 'failed';
    error = (e as Error).message;
    if (jobId) await client.cancel(jobId).catch(() => undefined);
    record();
    throw e;
  }
}

async function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitForTaskManagers(client: FlinkClient, count: number, deadlineMs: number, who: string): Promise<void> {
  for (;;) {
    const o = await client.overview().catch(() => undefined);
    if (o && o.taskmanagers >= count) return;
    if (Date.now() > deadlineMs) throw new Error(`The TaskManager ${who} did not register again (have ${o?.taskmanagers ?? '?'} of ${count}).`);
    await sleep(500);
  }
}

/** One failure's outcome for the terminal. */
export function recoveryLine(t: RecoveryTimeline): string {
  const replay = `replayed ${t.replayedRecords ?? '–'} records (predicted ${t.predictedReplayedRecords}) from checkpoint ${t.restoredCheckpointId ?? 'none'}`;
  if (t.caughtUp) return `recovered: detected +${t.detectionMs} ms, running again +${t.downtimeMs} ms, caught up +${t.recoveryMs} ms; ${replay}`;
  const n = t.notCaughtUp!;
  const why = n.reason === 'stalled' ? 'the lag did not fall' : n.reason === 'too-slow' ? 'it drains too slowly to finish within the limit' : 'the limit passed';
  const projected = n.projectedCatchUpMs === undefined ? 'never, at this drain' : `projected +${formatElapsedMs(t.downtimeMs + n.projectedCatchUpMs)}`;
  return (
    `NOT CAUGHT UP: detected +${t.detectionMs} ms, running again +${t.downtimeMs} ms; stopped waiting after ${formatElapsedMs(n.stoppedAtMs - t.runningAgainAt)} (${why}; ` +
    `limit ${formatElapsedMs(n.catchUpLimitMs)}), lag ${formatElapsedMs(n.lagAtStopMs)}, drain ${n.drainEventsPerSec ?? '–'} events/s above the rate, recovery ${projected}; ${replay}`
  );
}

function formatRecovery(r: RecoverySummary): string {
  const n = (v: number | undefined) => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
  return (
    `\n  recovery     ${r.failures.length} failures; medians: detection ${n(r.median.detectionMs)} ms, downtime ${n(r.median.downtimeMs)} ms, ` +
    `catch-up ${n(r.median.catchUpMs)} ms, recovery ${n(r.median.recoveryMs)} ms; replayed ${n(r.median.replayedRecords)} records (predicted ${n(r.median.predictedReplayedRecords)})` +
    (r.median.notCaughtUp > 0 ? `\n               NOT CAUGHT UP after ${r.median.notCaughtUp} of ${r.failures.length} failures (projected recovery ${n(r.median.projectedRecoveryMs)} ms)` : '')
  );
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
