/**
 * One measurement against a Flink cluster, through its REST API only: set up (run/runSetup.ts), run
 * the job and sample it every few seconds through warm-up, the measured window, its failures
 * (run/runFailure.ts) and the capacity probe, end it (run/runEnd.ts: stop-with-savepoint + verifier,
 * or cancel), with run.json rewritten after every sample (run/runFile.ts).
 */
import { join } from 'node:path';
import { ENTRY } from '../flink-job/ts/jobJar.js';
import { progressLine } from './progress.js';
import { FlinkClient } from './rest/flinkClient.js';
import { findStageVertices, JobSampler } from './sampler.js';
import type { Sample } from './samples.js';
import { SamplingOutage } from './samplingOutage.js';
import { throughputs } from './summary.js';
import { waitForRunning } from './jobWaits.js';
import { sleep } from '../lib/sleep.js';
import { endRun } from './run/runEnd.js';
import { injectAndRecover, type RunningJob } from './run/runFailure.js';
import { writeRunFile, type RunProgress, type RunSetup } from './run/runFile.js';
import { RunInterrupted, type RunOptions, type RunResult } from './run/runOptions.js';
import { setUpRun } from './run/runSetup.js';
import { CpuMeter } from './cpu/cpuMeter.js';
import { restCpuSource } from './cpu/cpuSources.js';
import { healthGateHolds, healthGateMs } from '../lib/failurePlan.js';
import { humanSummary } from './run/runText.js';

export { checkFlinkCluster } from './run/runSetup.js';
export { recoveryLine } from './run/runText.js';
export { RunInterrupted, type RunOptions, type RunResult } from './run/runOptions.js';

/** Runs one measurement; see the module comment. */
export async function runMeasurement(options: RunOptions): Promise<RunResult> {
  const log = options.progress ?? (() => {});
  const client = new FlinkClient(options.restUrl);
  const setup = await setUpRun(client, options, log);
  const sampling = new SamplingOutage();
  const progress: RunProgress = { status: 'running', samples: [], checkpoints: [], recoveries: [], sampleGaps: sampling.gaps };
  // The cluster's CPU every second, for the price of a checkpoint (bench/cpu/).
  const cpuMeter = new CpuMeter(options.cpuSource ?? restCpuSource(client));
  progress.cpu = { source: cpuMeter.kind, samples: cpuMeter.samples() };
  try {
    progress.jobId = await client.runJar(setup.jarId, ENTRY.workload, setup.jobArgs, setup.stateAtStart?.savepoint);
    log(`job ${progress.jobId} submitted: ${setup.jobArgs.join(' ')}`);
    const job = await startSampling(client, setup, progress);
    await cpuMeter.start();
    await sampleThroughTheRun(job, setup, progress, sampling, log);
    await cpuMeter.stop();
    if (options.signal?.aborted) throw new RunInterrupted(setup.runDir);

    await job.sampler.fillCheckpointDetails();
    progress.checkpoints = job.sampler.checkpoints();
    const measuredUntil = Date.now();
    progress.verification = await endRun(client, job.jobId, options, log);
    progress.jobId = undefined; // ended
    progress.status = 'complete';
    const figures = writeRunFile(setup, progress, measuredUntil);
    return {
      runDir: setup.runDir,
      runJson: join(setup.runDir, 'run.json'),
      summary: figures.summary,
      recovery: figures.recovery,
      verification: progress.verification,
      capacityEventsPerSec: figures.capacity?.eventsPerSec,
      stateAtStart: setup.stateAtStart,
      humanSummary: humanSummary(figures, setup.intervalMs, setup.stateAtStart, progress.verification),
    };
  } catch (e) {
    await cpuMeter.stop();
    progress.status = e instanceof RunInterrupted ? 'interrupted' : 'failed';
    progress.error = (e as Error).message;
    if (progress.jobId) await client.cancel(progress.jobId).catch(() => undefined);
    writeRunFile(setup, progress);
    throw e;
  }
}

/** Waits for the job to run and finds what to sample; each sample rewrites run.json. */
async function startSampling(client: FlinkClient, setup: RunSetup, progress: RunProgress): Promise<RunningJob> {
  const jobId = progress.jobId!;
  const vertices = findStageVertices(await waitForRunning(client, jobId, setup.startedAtMs + 120_000));
  const sampler = new JobSampler(client, jobId, vertices);
  await sampler.discoverMetrics(Date.now() + 60_000);
  const takeSample = async (): Promise<Sample> => {
    const sample = await sampler.sample();
    progress.samples.push(sample);
    progress.checkpoints = sampler.checkpoints();
    writeRunFile(setup, progress);
    return sample;
  };
  return { client, jobId, stateVertexId: vertices.state.id, sampler, takeSample };
}

/** One sample into the run's series, with its progress line; a failed read is a gap, a sustained outage or an ended job an error. */
async function sampleOnce(job: RunningJob, setup: RunSetup, progress: RunProgress, sampling: SamplingOutage, log: (line: string) => void): Promise<void> {
  const { options, startedAtMs, probeAtMs } = setup;
  let sample: Sample;
  try {
    sample = await job.takeSample();
    sampling.succeeded();
  } catch (e) {
    // One failed read is a gap in the series (kept in run.json); only a sustained outage ends the run.
    const verdict = sampling.failed(e, Date.now());
    log(`  REST read failed (${(e as Error).message}); ${verdict === 'retry' ? 'retrying' : 'giving up'}`);
    if (verdict === 'sustained')
      throw new Error(
        `Flink's REST API at ${options.restUrl} answered no read for ${Math.round((Date.now() - sampling.sinceMs!) / 1000)} s: ${(e as Error).message}`,
      );
    writeRunFile(setup, progress);
    return;
  }
  if (sample.jobState === 'FAILED' || sample.jobState === 'CANCELED' || sample.jobState === 'FINISHED') {
    const ex = await job.client.exceptions(job.jobId).catch(() => undefined);
    throw new Error(`The job ended early (${sample.jobState}): ${ex?.['root-exception']?.split('\n')[0] ?? 'no exception recorded'}`);
  }
  const elapsed = Date.now() - startedAtMs;
  const totalMs = options.warmupMs + options.durationMs + setup.probeMs;
  const rate = throughputs(progress.samples.slice(-2))[0];
  const phase = elapsed < options.warmupMs ? 'warm-up' : probeAtMs !== undefined && sample.atMs >= probeAtMs ? 'capacity probe' : 'measuring';
  // During the probe events run ahead of their schedule: their "latency" is meaningless (negative).
  log(progressLine(phase === 'capacity probe' ? { ...sample, latencyMs: undefined } : sample, elapsed, totalMs, phase, rate));
}

/** Samples every sampleMs through warm-up, the measured window and the probe, injecting the planned failures on the way. */
async function sampleThroughTheRun(
  job: RunningJob,
  setup: RunSetup,
  progress: RunProgress,
  sampling: SamplingOutage,
  log: (line: string) => void,
): Promise<void> {
  const { options, planned, startedAtMs, probeAtMs } = setup;
  if (options.failures && setup.intervalMs === 0) log('checkpointing is off: each failure restarts the job from the beginning (full replay).');
  const totalMs = options.warmupMs + options.durationMs + setup.probeMs;
  const gateMs = healthGateMs(setup.intervalMs);
  let failureNumber = 0;
  let gateSaid = -1;
  while (Date.now() - startedAtMs < totalMs && !options.signal?.aborted) {
    const next = planned[failureNumber];
    // After a failure the job did not catch up from, another would only pile backlog on backlog.
    const stillBehind = progress.recoveries.some((r) => !r.caughtUp);
    // A recovery cell ends after its last failure's catch-up (or when one did not catch up).
    if (setup.cell === 'recovery' && progress.recoveries.length > 0 && (failureNumber === planned.length || stillBehind)) break;
    // A failure the job times itself is watched from a sample period before its time: read after it,
    // the attempt and source "before" would already be the restarted ones.
    const timedByTheJob = options.failures?.injector.timedByTheJob === true;
    const dueAtMs = next ? next.notBeforeMs - (timedByTheJob ? options.sampleMs + 1_000 : 0) : Infinity;
    const due = options.failures && next && !stillBehind && Date.now() >= dueAtMs && (probeAtMs === undefined || Date.now() < probeAtMs);
    // The health gate: a failure lands only on a job that has kept up for max(20 s, 2·T). One the job
    // times itself cannot wait for it; its lag at the failure (lagBeforeMs) says whether it held.
    const gateHolds = () => healthGateHolds(progress.samples, Date.now(), gateMs, options.sampleMs);
    const healthy = due && (options.failures.healthGate === false || timedByTheJob || gateHolds());
    if (due && timedByTheJob && options.failures.healthGate !== false && !gateHolds())
      log(`  failure #${failureNumber + 1} is timed by the job itself: it lands although the health gate does not hold yet`);
    if (due && !healthy && gateSaid !== failureNumber) {
      gateSaid = failureNumber;
      log(`  failure #${failureNumber + 1} waits for the health gate (source lag under 1 s for ${gateMs / 1000} s)`);
    }
    if (due && healthy) {
      failureNumber++;
      progress.recoveries.push(await injectAndRecover(job, setup, options.failures, next, failureNumber, log));
      if (!progress.recoveries.at(-1)!.caughtUp && failureNumber < planned.length)
        log(`  the remaining ${planned.length - failureNumber} failure(s) are not injected: the job has not caught up.`);
      continue;
    }
    await sleep(options.sampleMs, options.signal);
    if (options.signal?.aborted) break;
    await sampleOnce(job, setup, progress, sampling, log);
  }
  if (failureNumber < planned.length && !options.signal?.aborted && progress.recoveries.every((r) => r.caughtUp)) {
    // A job that never kept up for the gate's span at this interval is a result: it is never healthy here.
    progress.notInjected = `${planned.length - failureNumber} of ${planned.length} failures not injected: the health gate (source lag under 1 s for ${gateMs / 1000} s) never held before the deadline — the job ran behind at this interval.`;
    log(`  NOT HEALTHY: ${progress.notInjected}`);
  }
}
