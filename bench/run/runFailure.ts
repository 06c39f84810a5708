/** One planned failure during a run: cause it, watch the recovery, and see a killed TaskManager back. */
import type { PlannedFailure } from '../../lib/failurePlan.js';
import { currentAttempt, DEFAULT_RECOVERY_LIMITS, observeRecovery } from '../failures/observeRecovery.js';
import { recoveryTimeline, type RecoveryTimeline } from '../failures/timeline.js';
import { sleep } from '../jobWaits.js';
import type { FlinkClient } from '../rest/flinkClient.js';
import type { JobSampler } from '../sampler.js';
import { metricNumber, type Sample } from '../samples.js';
import type { RunSetup } from './runFile.js';
import type { RunOptions } from './runOptions.js';
import { recoveryLine } from './runText.js';

export interface RunningJob {
  readonly client: FlinkClient;
  readonly jobId: string;
  readonly stateVertexId: string;
  readonly sampler: JobSampler;
  /** Takes one sample into the run's series (and rewrites run.json). */
  readonly takeSample: () => Promise<Sample>;
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

export async function injectAndRecover(
  job: RunningJob,
  setup: RunSetup,
  failures: NonNullable<RunOptions['failures']>,
  planned: PlannedFailure,
  failureNumber: number,
  log: (line: string) => void,
): Promise<RecoveryTimeline> {
  const { client, jobId, stateVertexId, sampler } = job;
  const before = await sampler.sourceState();
  const attemptBefore = await currentAttempt(client, jobId, stateVertexId);
  const restartsBefore = metricNumber(await client.jobMetrics(jobId, ['numRestarts']).catch(() => []), 'numRestarts');
  const injection = await failures.injector.inject({ client, jobId, intervalMs: setup.intervalMs, stateVertexId, planned, failureNumber });
  log(
    `failure #${failureNumber} (${failures.injector.kind}, phase ${planned.phase}) at ${new Date(injection.injectedAtMs).toISOString()} on ${injection.target}`,
  );
  const observation = await observeRecovery({
    client,
    sampler,
    jobId,
    stateVertexId,
    attemptBefore,
    sourceBefore: before,
    kind: failures.injector.kind,
    phase: planned.phase,
    injectedAtMs: injection.injectedAtMs,
    lagBeforeMs: before.lagMs ?? 0,
    numRestartsBefore: restartsBefore,
    startTimeMs: setup.startedAtMs,
    rate: setup.targetRate,
    limits: failures.limits ?? DEFAULT_RECOVERY_LIMITS,
    tickMs: setup.options.sampleMs,
    signal: setup.options.signal,
    onTick: async () => {
      // During an outage a REST read may fail; the series just has a gap.
      await job.takeSample().catch(() => undefined);
    },
  });
  await withDeadline(injection.restored, 120_000, `${injection.target} did not come back within 120 s`);
  if (failures.expectedTaskManagers) await waitForTaskManagers(client, failures.expectedTaskManagers, Date.now() + 120_000, injection.target);
  const timeline = recoveryTimeline(observation);
  log(`  ${recoveryLine(timeline)}`);
  return timeline;
}
