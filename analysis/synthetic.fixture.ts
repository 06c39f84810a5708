/** Synthetic runs with known answers, for the analysis and report tests. */
import type { RunFigures } from './runFigures.js';
import { seededRandom } from '../lib/seededShuffle.js';

/** A small deterministic PRNG (mulberry32), so "noisy" tests are repeatable. */
export const prng = seededRandom;

export interface Truth {
  readonly inputRate: number;
  /** μ(off): the baseline's capacity; μ(T) = maxRate · (1 − loss%(T)/100). */
  readonly maxRate: number;
  readonly downtimeMs: number;
  /** capacity (and throughput) loss % = lossA + lossC / T[s] */
  readonly lossA: number;
  readonly lossC: number;
  /** p99 = baseP99 + p99A + p99C / T[s] */
  readonly baseP99: number;
  readonly p99A: number;
  readonly p99C: number;
  readonly checkpointMs: number;
  /** ρ: the share of its capacity the job drains a backlog at right after a restore (1 if unset). */
  readonly restoreRatio?: number;
}

export const TRUTH: Truth = { inputRate: 5000, maxRate: 20000, downtimeMs: 20_000, lossA: 0.5, lossC: 8, baseP99: 100, p99A: 10, p99C: 400, checkpointMs: 300 };

/** The truth's μ(T) and R(T), as METHOD.md defines them. */
export function trueCapacity(truth: Truth, intervalMs: number): number {
  return truth.maxRate * (1 - (truth.lossA + truth.lossC / (intervalMs / 1000)) / 100);
}
export function trueRecoveryMs(truth: Truth, intervalMs: number): number {
  return (
    truth.downtimeMs + (truth.inputRate * (truth.downtimeMs + intervalMs / 2)) / ((truth.restoreRatio ?? 1) * trueCapacity(truth, intervalMs) - truth.inputRate)
  );
}

/** Runs at each interval (0 = baseline, no failures), `repeat` times, with relative noise `noise`. */
export function syntheticRuns(intervalsMs: readonly number[], repeat: number, noise = 0, seed = 7, truth: Truth = TRUTH): RunFigures[] {
  const rnd = prng(seed);
  const jitter = (v: number) => v * (1 + noise * (2 * rnd() - 1));
  const baseThroughput = truth.inputRate;
  const runs: RunFigures[] = [];
  for (let r = 0; r < repeat; r++) {
    runs.push({
      intervalMs: 0,
      inputRate: truth.inputRate,
      throughputEventsPerSec: jitter(baseThroughput),
      capacityEventsPerSec: jitter(truth.maxRate),
      rateSpreadPct: 1,
      latencyP50Ms: jitter(45),
      latencyP99Ms: jitter(truth.baseP99),
      failures: 0,
      notCaughtUp: 0,
      cpuLoad: 0.3,
      verificationOk: true,
    });
    for (const T of intervalsMs) {
      const s = T / 1000;
      const lossPct = truth.lossA + truth.lossC / s;
      const catchUpMs = trueRecoveryMs(truth, T) - truth.downtimeMs;
      // ρμ ≤ λ: the backlog never drains, as the bench records it (not caught up, no recovery time).
      const caughtUp = Number.isFinite(catchUpMs) && catchUpMs > 0;
      const replayed = (truth.inputRate * (T / 2)) / 1000;
      runs.push({
        intervalMs: T,
        inputRate: truth.inputRate,
        throughputEventsPerSec: jitter(baseThroughput * (1 - lossPct / 100)),
        capacityEventsPerSec: jitter(trueCapacity(truth, T)),
        latencyP50Ms: jitter(50),
        latencyP99Ms: jitter(truth.baseP99 + truth.p99A + truth.p99C / s),
        checkpointDurationMs: jitter(truth.checkpointMs),
        checkpointedBytes: jitter(20e6),
        stateBytes: 150e6,
        diskWriteBytesPerSec: 20e6 / s,
        checkpointWriteBytesPerSec: 20e6 / (truth.checkpointMs / 1000),
        cpuLoad: 0.35,
        failures: 1,
        notCaughtUp: caughtUp ? 0 : 1,
        detectionMs: jitter(15_000),
        downtimeMs: jitter(truth.downtimeMs),
        catchUpMs: caughtUp ? jitter(catchUpMs) : undefined,
        recoveryMs: caughtUp ? jitter(truth.downtimeMs + catchUpMs) : undefined,
        replayedRecords: jitter(replayed),
        predictedReplayedRecords: replayed,
        maxRateEventsPerSec: jitter((truth.restoreRatio ?? 1) * trueCapacity(truth, T)),
        verificationOk: true,
      });
    }
  }
  return runs;
}
