/** One planned failure during a run: cause it, watch the recovery, and see a killed TaskManager back. */
import type { PlannedFailure } from '../../lib/failurePlan.js';
import { currentAttempt, DEFAULT_RECOVERY_LIMITS, observeRecovery } from '../failures/observeRecovery.js';
import { recoveryTimeline, type RecoveryTimeline } from '../failures/timeline.js';
import { sleep } from '../../lib/sleep.js';
import { pollUntil } from '../../lib/pollUntil.js';
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
  await pollUntil({ deadlineMs, what: `the TaskManager ${who} to register again (${count} TaskManagers)` }, async (seen) => {
    const o = await client.overview().catch(() => undefined);
    seen(`${o?.taskmanagers ?? '?'} of ${count}`);
    return o && o.taskmanagers >= count ? true : undefined;
  });
}

/** One look at the source while a failure is aimed. */
interface SourceReading {
  readonly atMs: number;
  readonly position?: number;
  readonly lagMs?: number;
}

/**
 * What the source looked like at the failure (pure): the last lag read before it, and its position
 * when last seen to change before it — readings after the failure (a restarted source) are no evidence.
 */
export function sourceAtFailure(readings: readonly SourceReading[], injectedAtMs: number): { position?: { position: number; atMs: number }; lagMs?: number } {
  const before = readings.filter((r) => r.atMs <= injectedAtMs);
  let position: { position: number; atMs: number } | undefined;
  for (const r of before) if (r.position !== undefined && r.position !== position?.position) position = { position: r.position, atMs: r.atMs };
  return { position, lagMs: [...before].reverse().find((r) => r.lagMs !== undefined)?.lagMs };
}

/** Reads the source every 200 ms (REST's metric fetcher refreshes each second) until stopped. */
function watchSource(sampler: JobSampler): { stop: () => Promise<readonly SourceReading[]> } {
  const watching = { on: true };
  const readings: SourceReading[] = [];
  const loop = (async () => {
    while (watching.on) {
      const s = await sampler.sourceState().catch(() => undefined);
      if (s) readings.push({ atMs: Date.now(), position: s.position, lagMs: s.lagMs });
      await sleep(200);
    }
  })();
  return {
    stop: async () => {
      watching.on = false;
      await loop;
      return readings;
    },
  };
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
  const watch = watchSource(sampler);
  // The watch ends however the injection does; its readings are judged once the failure's time is known.
  const injection = await failures.injector
    .inject({ client, jobId, intervalMs: setup.intervalMs, stateVertexId, planned, failureNumber })
    .finally(() => watch.stop());
  const seen = sourceAtFailure(await watch.stop(), injection.injectedAtMs);
  const positionObserved = seen.position;
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
    lagBeforeMs: seen.lagMs ?? before.lagMs ?? 0,
    positionObserved,
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
