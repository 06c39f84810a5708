import { describe, expect, it } from 'vitest';
import { positionAt, recoveryTimeline } from './timeline.js';

const base = {
  kind: 'tm-kill',
  phase: 0.5,
  injectedAtMs: 100_000,
  firstNotRunningMs: 105_200,
  failureRecordedMs: 105_000,
  runningAgainAtMs: 108_000,
  caughtUpAtMs: 118_000,
  restoredCheckpointId: 7,
  restoredCheckpointTriggerMs: 95_000,
  resumedPosition: 95_000,
  lagBeforeMs: 0,
  startTimeMs: 0,
  rate: 1_000,
  numRestartsBefore: 1,
  numRestartsAfter: 2,
};

describe('the recovery timeline', () => {
  it('derives the METHOD.md fields from what was observed', () => {
    const t = recoveryTimeline(base);
    expect(t.detectedAt).toBe(105_000); // the JobManager's record beats the first poll
    expect(t.detectionMs).toBe(5_000);
    expect(t.downtimeMs).toBe(8_000);
    expect(t.catchUpMs).toBe(10_000);
    expect(t.recoveryMs).toBe(18_000);
    expect(t.positionAtFailure).toBe(100_000);
    expect(t.replayedRecords).toBe(5_000);
    expect(t.predictedReplayedRecords).toBe(5_000);
    expect(t.flinkRestarts).toBe(1);
  });

  it('splits the recovery into phases that add up to it', () => {
    // Injected 100.0 s, detected 105.0 s, all tasks scheduled 106.5 s, running 108.0 s, caught up 118.0 s.
    const t = recoveryTimeline({ ...base, deployingAtMs: 106_500 });
    expect(t.phases).toEqual({ detectionMs: 5_000, restartMs: 1_500, restoreMs: 1_500, catchUpMs: 10_000 });
    expect(t.phases.detectionMs + t.phases.restartMs + t.phases.restoreMs + t.phases.catchUpMs!).toBe(t.recoveryMs);
  });

  it('takes the position at failure from the source as observed, not from the schedule', () => {
    // The job ran 3 s behind its schedule (lag 3 s): the schedule says 97,000 at 100 s; the source was seen
    // at 99,200 at 99.8 s, and 0.2 s more at 1,000/s is 99,400. Resumed at 95,000: 4,400 replayed.
    const t = recoveryTimeline({ ...base, lagBeforeMs: 3_000, positionObserved: { position: 99_200, atMs: 99_800 } });
    expect(t.positionFrom).toBe('observed');
    expect(t.positionAtFailure).toBe(99_400);
    expect(t.replayedRecords).toBe(4_400);
    expect(recoveryTimeline({ ...base, lagBeforeMs: 3_000 }).positionAtFailure).toBe(97_000);
  });

  it('without a checkpoint replays from the start', () => {
    const t = recoveryTimeline({ ...base, restoredCheckpointId: undefined, restoredCheckpointTriggerMs: undefined, resumedPosition: 0 });
    expect(t.replayedRecords).toBe(100_000);
    expect(t.predictedReplayedRecords).toBe(100_000);
  });

  it('places the position at failure on the schedule, behind by the lag', () => {
    expect(positionAt(10_000, 0, 0, 15_000)).toBe(150_000);
    expect(positionAt(10_000, 2_000, 0, 15_000)).toBe(120_000);
    expect(positionAt(10, 2_000, 0, 15_000)).toBe(0);
  });

  it('never puts detection before the failure', () => {
    expect(recoveryTimeline({ ...base, failureRecordedMs: 99_000 }).detectedAt).toBe(100_000);
  });

  it('keeps a failure the job did not catch up from without catch-up or recovery time, with the projection', () => {
    const notCaughtUp = {
      reason: 'too-slow',
      stoppedAtMs: 170_000,
      lagAtStopMs: 30_000,
      drainEventsPerSec: 100,
      projectedCatchUpMs: 400_000,
      catchUpLimitMs: 300_000,
    } as const;
    const t = recoveryTimeline({ ...base, caughtUpAtMs: undefined, notCaughtUp });
    expect(t.caughtUp).toBe(false);
    expect(t.catchUpMs).toBeUndefined();
    expect(t.recoveryMs).toBeUndefined();
    expect(t.endedAt).toBe(170_000);
    expect(t.projectedRecoveryMs).toBe(8_000 + 400_000);
    expect(recoveryTimeline(base).caughtUp).toBe(true);
    expect(recoveryTimeline(base).endedAt).toBe(118_000);
  });
});
