/** A run's failures → their medians (pure). */
import { median } from '../../lib/stats.js';
import type { RecoveryTimeline } from './timeline.js';

/** Medians over a run's failures. */
export interface RecoverySummary {
  readonly failures: readonly RecoveryTimeline[];
  readonly median: RecoveryMedians;
}

/** The medians of a run's recovery figures; catch-up and recovery over the failures that caught up. */
export interface RecoveryMedians {
  /** Failures the job did not catch up from (the bench stopped waiting): such a run misses any recovery limit. */
  readonly notCaughtUp: number;
  /** Over the failures not caught up: downtime + projected catch-up (undefined when none drained). */
  readonly projectedRecoveryMs?: number;
  readonly detectionMs?: number;
  readonly downtimeMs?: number;
  readonly catchUpMs?: number;
  readonly recoveryMs?: number;
  readonly replayedRecords?: number;
  readonly predictedReplayedRecords?: number;
}

export function summarizeRecovery(failures: readonly RecoveryTimeline[]): RecoverySummary {
  const m = (f: (t: RecoveryTimeline) => number | undefined) => median(failures.map(f).filter((v): v is number => v !== undefined));
  return {
    failures,
    median: {
      notCaughtUp: failures.filter((t) => !t.caughtUp).length,
      projectedRecoveryMs: m((t) => t.projectedRecoveryMs),
      detectionMs: m((t) => t.detectionMs),
      downtimeMs: m((t) => t.downtimeMs),
      catchUpMs: m((t) => t.catchUpMs),
      recoveryMs: m((t) => t.recoveryMs),
      replayedRecords: m((t) => t.replayedRecords),
      predictedReplayedRecords: m((t) => t.predictedReplayedRecords),
    },
  };
}
