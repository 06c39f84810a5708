/**
 * Watches one failure through REST until the job runs again and has caught up with its backlog, or
 * the catch-up policy says it will not (a result, not an error).
 */
import type { FlinkClient } from '../rest/flinkClient.js';
import type { JobSampler } from '../sampler.js';
import { metricNumber } from '../samples.js';
import { DEFAULT_CATCH_UP_POLICY, judgeCatchUp, type CatchUpPolicy, type LagPoint, type NotCaughtUp } from './catchUp.js';
import type { RecoveryObservation } from './timeline.js';
import { sleep } from '../../lib/sleep.js';

export interface RecoveryLimits {
  /** Source lag under this counts as caught up… */
  readonly caughtUpLagMs: number;
  /** …once it stays there this long. */
  readonly holdMs: number;
  /** Give up if the job does not run again within this long after the failure. */
  readonly runningTimeoutMs: number;
  /** When to stop waiting for a slow catch-up and record it as not caught up. */
  readonly catchUp: CatchUpPolicy;
}

export const DEFAULT_RECOVERY_LIMITS: RecoveryLimits = { caughtUpLagMs: 1_000, holdMs: 5_000, runningTimeoutMs: 300_000, catchUp: DEFAULT_CATCH_UP_POLICY };

export class RecoveryTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryTimeout';
  }
}

const POLL_MS = 200;

export interface ObserveArgs {
  readonly client: FlinkClient;
  readonly sampler: JobSampler;
  readonly jobId: string;
  /** The stateful stage's vertex: its subtasks' attempt numbers show the restart. */
  readonly stateVertexId: string;
  /** Their highest attempt number before the failure. */
  readonly attemptBefore: number;
  /** The source's position and resume point before the failure, to tell its new attempt's metrics from stale ones. */
  readonly sourceBefore: { readonly position?: number; readonly resumedPosition?: number };
  readonly kind: string;
  readonly phase: number;
  readonly injectedAtMs: number;
  readonly lagBeforeMs: number;
  /** The source's position last seen to change before the failure. */
  readonly positionObserved?: { readonly position: number; readonly atMs: number };
  readonly numRestartsBefore?: number;
  readonly startTimeMs: number;
  readonly rate: number;
  readonly limits: RecoveryLimits;
  /** Called about every sample period so the run's time series goes on through the recovery. */
  readonly onTick?: () => Promise<void>;
  readonly tickMs: number;
  readonly signal?: AbortSignal;
}

/** running: every task RUNNING; scheduled: every task at least DEPLOYING (restart done, restore under way); else down. */
async function jobPhase(client: FlinkClient, jobId: string): Promise<'running' | 'scheduled' | 'down'> {
  const job = await client.job(jobId);
  if (job.state !== 'RUNNING') return 'down';
  if (job.vertices.every((v) => (v.tasks.RUNNING ?? 0) === v.parallelism)) return 'running';
  const scheduled = (v: (typeof job.vertices)[number]) => (v.tasks.RUNNING ?? 0) + (v.tasks.DEPLOYING ?? 0) + (v.tasks.INITIALIZING ?? 0);
  return job.vertices.every((v) => scheduled(v) === v.parallelism) ? 'scheduled' : 'down';
}

/** The highest attempt number among a vertex's subtasks: it grows with every restart. */
export async function currentAttempt(client: FlinkClient, jobId: string, vertexId: string): Promise<number> {
  return Math.max(0, ...(await client.vertexSubtasks(jobId, vertexId)).map((s) => s.attempt));
}

export async function observeRecovery(a: ObserveArgs): Promise<RecoveryObservation> {
  let lastTick = Date.now();
  const tick = async () => {
    if (a.onTick && Date.now() - lastTick >= a.tickMs) {
      lastTick = Date.now();
      await a.onTick();
    }
  };
  const down = await waitUntilRunningAgain(a, tick);
  const caughtUp = await waitUntilCaughtUp(a, down.runningAgainAtMs, tick);
  const flink = await whatFlinkRecorded(a);
  return {
    kind: a.kind,
    phase: a.phase,
    injectedAtMs: a.injectedAtMs,
    ...down,
    failureRecordedMs: flink.failureRecordedMs,
    caughtUpAtMs: caughtUp.notCaughtUp ? undefined : caughtUp.underSinceMs,
    notCaughtUp: caughtUp.notCaughtUp,
    restoredCheckpointId: flink.restoredCheckpointId,
    restoredCheckpointTriggerMs: flink.restoredCheckpointTriggerMs,
    restoredCheckpointBytes: flink.restoredCheckpointBytes,
    positionObserved: a.positionObserved,
    resumedPosition: caughtUp.resumedPosition,
    lagBeforeMs: a.lagBeforeMs,
    startTimeMs: a.startTimeMs,
    rate: a.rate,
    numRestartsBefore: a.numRestartsBefore,
    numRestartsAfter: flink.numRestartsAfter,
  };
}

/**
 * 1. Down, then running again: a new attempt of every task, all RUNNING. (A poll may miss a short
 *    outage; the attempt numbers do not.)
 */
async function waitUntilRunningAgain(
  a: ObserveArgs,
  tick: () => Promise<void>,
): Promise<{ firstNotRunningMs?: number; deployingAtMs?: number; runningAgainAtMs: number }> {
  let firstNotRunningMs: number | undefined;
  let deployingAtMs: number | undefined;
  for (;;) {
    const now = Date.now();
    const phase = await jobPhase(a.client, a.jobId).catch(() => 'down' as const);
    if (phase !== 'running' && firstNotRunningMs === undefined) firstNotRunningMs = now;
    const restarted = (await currentAttempt(a.client, a.jobId, a.stateVertexId).catch(() => a.attemptBefore)) > a.attemptBefore;
    if (restarted && phase !== 'down') deployingAtMs ??= now;
    if (phase === 'running' && restarted) return { firstNotRunningMs, deployingAtMs, runningAgainAtMs: now };
    if (a.signal?.aborted) throw new RecoveryTimeout('Interrupted while waiting for the job to run again.');
    if (now - a.injectedAtMs > a.limits.runningTimeoutMs) {
      throw new RecoveryTimeout(`The job did not run again within ${a.limits.runningTimeoutMs / 1000}s of the ${a.kind} failure.`);
    }
    await tick();
    await sleep(POLL_MS);
  }
}

/**
 * 2. Caught up: lag under the threshold and staying there — counted only once the source's new attempt
 *    reports (until then REST may still serve the old attempt's values). Or not: the lag stalls, or falls
 *    too slowly to finish within a limit that scales with the backlog.
 */
async function waitUntilCaughtUp(
  a: ObserveArgs,
  runningAgainAtMs: number,
  tick: () => Promise<void>,
): Promise<{ underSinceMs?: number; resumedPosition?: number; notCaughtUp?: NotCaughtUp }> {
  let underSinceMs: number | undefined;
  let resumedPosition: number | undefined;
  let newAttemptSeen = false;
  const lags: LagPoint[] = [];
  for (;;) {
    const now = Date.now();
    const source = await a.sampler.sourceState().catch(() => ({ lagMs: undefined, resumedPosition: undefined, position: undefined }));
    newAttemptSeen ||=
      (source.resumedPosition !== undefined && source.resumedPosition !== a.sourceBefore.resumedPosition) ||
      (source.position !== undefined && a.sourceBefore.position !== undefined && source.position < a.sourceBefore.position);
    if (newAttemptSeen) resumedPosition ??= source.resumedPosition;
    if (newAttemptSeen && source.lagMs !== undefined) lags.push({ atMs: now, lagMs: source.lagMs });
    if (newAttemptSeen && source.lagMs !== undefined && source.lagMs < a.limits.caughtUpLagMs) underSinceMs ??= now;
    else underSinceMs = undefined;
    if (underSinceMs !== undefined && now - underSinceMs >= a.limits.holdMs && resumedPosition !== undefined) return { underSinceMs, resumedPosition };
    if (a.signal?.aborted) throw new RecoveryTimeout('Interrupted while waiting for the job to catch up.');
    // Without the restarted source's metrics nothing can be judged: that is an error, not a result.
    if (lags.length === 0 && now - runningAgainAtMs > a.limits.catchUp.minLimitMs) {
      throw new RecoveryTimeout(`The restarted source reported no lag within ${a.limits.catchUp.minLimitMs / 1000}s of running again.`);
    }
    const notCaughtUp = underSinceMs === undefined ? judgeCatchUp(lags, runningAgainAtMs, now, a.rate, a.limits.catchUp) : undefined;
    if (notCaughtUp) return { underSinceMs, resumedPosition, notCaughtUp };
    await tick();
    await sleep(500);
  }
}

/** 3. What Flink says: the restored checkpoint, the recorded failure, its restart count. */
async function whatFlinkRecorded(a: ObserveArgs): Promise<{
  failureRecordedMs?: number;
  restoredCheckpointId?: number;
  restoredCheckpointTriggerMs?: number;
  restoredCheckpointBytes?: number;
  numRestartsAfter?: number;
}> {
  const [stats, exceptions, metrics] = await Promise.all([
    a.client.checkpoints(a.jobId),
    a.client.exceptions(a.jobId).catch(() => undefined),
    a.client.jobMetrics(a.jobId, ['numRestarts']).catch(() => []),
  ]);
  const restored = stats.latest.restored;
  const restoredEntry = restored ? stats.history.find((h) => h.id === restored.id) : undefined;
  const recorded = (exceptions?.exceptionHistory?.entries ?? []).map((e) => e.timestamp).filter((t) => t >= a.injectedAtMs);
  return {
    failureRecordedMs: recorded.length ? Math.min(...recorded) : undefined,
    restoredCheckpointId: restored?.id,
    restoredCheckpointTriggerMs: restoredEntry?.trigger_timestamp,
    restoredCheckpointBytes: restoredEntry?.state_size,
    numRestartsAfter: metricNumber(metrics, 'numRestarts'),
  };
}
