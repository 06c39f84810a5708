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
  /** First poll that saw every task of the new attempt scheduled (DEPLOYING, INITIALIZING or RUNNING). */
  readonly deployingAtMs?: number;
  readonly runningAgainAtMs: number;
  /** Undefined when the job did not catch up (see notCaughtUp). */
  readonly caughtUpAtMs?: number;
  readonly notCaughtUp?: NotCaughtUp;
  readonly restoredCheckpointId?: number;
  readonly restoredCheckpointTriggerMs?: number;
  /** The restored checkpoint's full state size. */
  readonly restoredCheckpointBytes?: number;
  /** The source's position last seen to change before the failure, and when: the observed position at failure. */
  readonly positionObserved?: { readonly position: number; readonly atMs: number };
  /** Where the source resumed (the restored position; 0 without a checkpoint). */
  readonly resumedPosition?: number;
  /** Source lag just before the failure: the health gate's evidence (and, without an observed position, where it stood on the schedule). */
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
  readonly lagBeforeMs: number;
  readonly detectedAt: number;
  /** All tasks scheduled again (restart done, restore begins). */
  readonly deployingAt: number;
  readonly runningAgainAt: number;
  /** False: the bench stopped waiting (notCaughtUp says why); catch-up and recovery are then unknown. */
  readonly caughtUp: boolean;
  readonly caughtUpAt?: number;
  /** Caught up, or when the bench stopped waiting: the end of the disturbance. */
  readonly endedAt: number;
  readonly restoredCheckpointId?: number;
  readonly restoredCheckpointTriggerAt?: number;
  readonly restoredCheckpointBytes?: number;
  /** injected → detected → deploying → running → caught up; they add up to recoveryMs. */
  readonly phases: { readonly detectionMs: number; readonly restartMs: number; readonly restoreMs: number; readonly catchUpMs?: number };
  readonly detectionMs: number;
  readonly downtimeMs: number;
  readonly catchUpMs?: number;
  readonly recoveryMs?: number;
  /** Not caught up: why, the drain rate (μ − λ) and the projected catch-up. */
  readonly notCaughtUp?: NotCaughtUp;
  /** Not caught up: downtime + the projected catch-up, when the backlog drains at all. */
  readonly projectedRecoveryMs?: number;
  readonly positionAtFailure: number;
  /** How positionAtFailure was found: the source's observed position (plus λ × the last fraction of a second), or the schedule less the lag. */
  readonly positionFrom: 'observed' | 'schedule';
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
  // Restart done when every task is scheduled again; a poll that saw them RUNNING at once leaves no restore phase.
  const deployingAt = Math.min(o.runningAgainAtMs, Math.max(detectedAt, o.deployingAtMs ?? o.runningAgainAtMs));
  const observed = o.positionObserved;
  const positionAtFailure = observed
    ? Math.round(observed.position + (o.rate * Math.max(0, o.injectedAtMs - observed.atMs)) / 1000)
    : positionAt(o.injectedAtMs, o.lagBeforeMs, o.startTimeMs, o.rate);
  // Without a checkpoint the job starts over: everything since the start is replayed.
  const restoredFrom = o.restoredCheckpointTriggerMs ?? o.startTimeMs;
  return {
    kind: o.kind,
    phase: o.phase,
    injectedAt: o.injectedAtMs,
    lagBeforeMs: o.lagBeforeMs,
    detectedAt,
    deployingAt,
    runningAgainAt: o.runningAgainAtMs,
    caughtUp: o.caughtUpAtMs !== undefined,
    caughtUpAt: o.caughtUpAtMs,
    endedAt: o.caughtUpAtMs ?? o.notCaughtUp?.stoppedAtMs ?? o.runningAgainAtMs,
    restoredCheckpointId: o.restoredCheckpointId,
    restoredCheckpointTriggerAt: o.restoredCheckpointTriggerMs,
    restoredCheckpointBytes: o.restoredCheckpointBytes,
    phases: {
      detectionMs: detectedAt - o.injectedAtMs,
      restartMs: deployingAt - detectedAt,
      restoreMs: o.runningAgainAtMs - deployingAt,
      catchUpMs: o.caughtUpAtMs === undefined ? undefined : o.caughtUpAtMs - o.runningAgainAtMs,
    },
    detectionMs: detectedAt - o.injectedAtMs,
    downtimeMs: o.runningAgainAtMs - o.injectedAtMs,
    catchUpMs: o.caughtUpAtMs === undefined ? undefined : o.caughtUpAtMs - o.runningAgainAtMs,
    recoveryMs: o.caughtUpAtMs === undefined ? undefined : o.caughtUpAtMs - o.injectedAtMs,
    notCaughtUp: o.notCaughtUp,
    projectedRecoveryMs: o.notCaughtUp?.projectedCatchUpMs === undefined ? undefined : o.runningAgainAtMs - o.injectedAtMs + o.notCaughtUp.projectedCatchUpMs,
    positionAtFailure,
    positionFrom: observed ? 'observed' : 'schedule',
    replayedRecords: o.resumedPosition === undefined ? undefined : positionAtFailure - o.resumedPosition,
    predictedReplayedRecords: Math.round((o.rate * (o.injectedAtMs - restoredFrom)) / 1000),
    flinkRestarts: o.numRestartsAfter !== undefined && o.numRestartsBefore !== undefined ? o.numRestartsAfter - o.numRestartsBefore : undefined,
  };
}
