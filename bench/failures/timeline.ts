/** The recovery timeline of one failure, from what the bench observed (pure). See METHOD.md. */
import type { NotCaughtUp } from './catchUp.js';

export interface RecoveryObservation {
  readonly kind: string;
  readonly phase: number;
  readonly injectedAtMs: number;
  /** First poll that saw the job or a task not RUNNING. */
  readonly firstNotRunningMs?: number;
  /** When the JobManager recorded the failure (exception history). */
  readonly failureRecordedMs?: number;
  readonly runningAgainAtMs: number;
  /** Undefined when the job did not catch up (see notCaughtUp). */
  readonly caughtUpAtMs?: number;
  readonly notCaughtUp?: NotCaughtUp;
  readonly restoredCheckpointId?: number;
  readonly restoredCheckpointTriggerMs?: number;
  /** Where the source resumed (the restored position; 0 without a checkpoint). */
  readonly resumedPosition?: number;
  /** Source lag just before the failure, to place the position at failure on the schedule. */
  readonly lagBeforeMs: number;
  readonly startTimeMs: number;
  readonly rate: number;
  readonly numRestartsBefore?: number;
  readonly numRestartsAfter?: number;
}

export interface RecoveryTimeline {
  readonly kind: string;
  readonly phase: number;
  readonly injectedAt: number;
  readonly detectedAt: number;
  readonly runningAgainAt: number;
  /** False: the bench stopped waiting (notCaughtUp says why); catch-up and recovery are then unknown. */
  readonly caughtUp: boolean;
  readonly caughtUpAt?: number;
  /** Caught up, or when the bench stopped waiting: the end of the disturbance. */
  readonly endedAt: number;
  readonly restoredCheckpointId?: number;
  readonly restoredCheckpointTriggerAt?: number;
  readonly detectionMs: number;
  readonly downtimeMs: number;
  readonly catchUpMs?: number;
  readonly recoveryMs?: number;
  /** Not caught up: why, the drain rate (μ − λ) and the projected catch-up. */
  readonly notCaughtUp?: NotCaughtUp;
  /** Not caught up: downtime + the projected catch-up, when the backlog drains at all. */
  readonly projectedRecoveryMs?: number;
  readonly positionAtFailure: number;
  readonly replayedRecords?: number;
  readonly predictedReplayedRecords: number;
  /** Flink's own count of restarts this failure caused (numRestarts after − before). */
  readonly flinkRestarts?: number;
}

/** Events emitted by `atMs`, on the source's schedule, given how far behind it ran. */
export function positionAt(atMs: number, lagMs: number, startTimeMs: number, rate: number): number {
  return Math.max(0, Math.floor(((atMs - lagMs - startTimeMs) * rate) / 1000));
}

export function recoveryTimeline(o: RecoveryObservation): RecoveryTimeline {
  const detected = Math.min(o.firstNotRunningMs ?? Infinity, o.failureRecordedMs ?? Infinity, o.runningAgainAtMs);
  const detectedAt = Math.max(o.injectedAtMs, detected);
  const positionAtFailure = positionAt(o.injectedAtMs, o.lagBeforeMs, o.startTimeMs, o.rate);
  // Without a checkpoint the job starts over: everything since the start is replayed.
  const restoredFrom = o.restoredCheckpointTriggerMs ?? o.startTimeMs;
  return {
    kind: o.kind,
    phase: o.phase,
    injectedAt: o.injectedAtMs,
    detectedAt,
    runningAgainAt: o.runningAgainAtMs,
    caughtUp: o.caughtUpAtMs !== undefined,
    caughtUpAt: o.caughtUpAtMs,
    endedAt: o.caughtUpAtMs ?? o.notCaughtUp?.stoppedAtMs ?? o.runningAgainAtMs,
    restoredCheckpointId: o.restoredCheckpointId,
    restoredCheckpointTriggerAt: o.restoredCheckpointTriggerMs,
    detectionMs: detectedAt - o.injectedAtMs,
    downtimeMs: o.runningAgainAtMs - o.injectedAtMs,
    catchUpMs: o.caughtUpAtMs === undefined ? undefined : o.caughtUpAtMs - o.runningAgainAtMs,
    recoveryMs: o.caughtUpAtMs === undefined ? undefined : o.caughtUpAtMs - o.injectedAtMs,
    notCaughtUp: o.notCaughtUp,
    projectedRecoveryMs: o.notCaughtUp?.projectedCatchUpMs === undefined ? undefined : o.runningAgainAtMs - o.injectedAtMs + o.notCaughtUp.projectedCatchUpMs,
    positionAtFailure,
    replayedRecords: o.resumedPosition === undefined ? undefined : positionAtFailure - o.resumedPosition,
    predictedReplayedRecords: Math.round((o.rate * (o.injectedAtMs - restoredFrom)) / 1000),
    flinkRestarts: o.numRestartsAfter !== undefined && o.numRestartsBefore !== undefined ? o.numRestartsAfter - o.numRestartsBefore : undefined,
  };
}
