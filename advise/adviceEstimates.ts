/**
 * What each candidate interval would cost and buy for the observed job (pure), from the labelled inputs
 * and the lab's own model (analysis/model.ts): capacity loss C/(T_eff·P), bytes and duration per
 * checkpoint, and recovery by phase — detection and restart as given, restore = state ÷ restore
 * bandwidth, catch-up of the backlog λ·(D + T/2) at ρ·μ(T) − λ.
 */
import type { Predicted } from '../lib/confidence.js';
import { expectedRecoveryMs, expectedReplayedRecords, lossPctAt, type InverseFit, type RecoveryModel } from '../analysis/model.js';
import type { AdviceInputs } from './adviceInputs.js';

/** The candidates besides the current interval: 1 s … 10 min, about evenly on a log scale. */
export const INTERVAL_GRID_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000] as const;

export interface IntervalEstimate {
  readonly intervalMs: number;
  /** Checkpoints that take longer than T run back to back: max(T, duration). */
  readonly effectiveIntervalMs: number;
  readonly capacityLossPct?: Predicted;
  readonly checkpointedBytes: Predicted;
  readonly checkpointDurationMs: Predicted;
  readonly detectionMs: number;
  readonly restartMs: number;
  readonly restoreMs: number;
  /** The backlog's drain after running again; Infinity when the job cannot catch up. */
  readonly catchUpMs: number;
  readonly recoveryMs: Predicted;
  readonly replayedRecords: number;
}

/** capacityLoss(T) = C/(T·P) as the model's a + c/T (in %·s), for a price per checkpoint C (CPU-s). */
export function lossFit(cpuSecondsPerCheckpoint: number, cpuCapacity: number): InverseFit {
  return { a: 0, c: (100 * Math.max(0, cpuSecondsPerCheckpoint)) / cpuCapacity, n: 1 };
}

/**
 * Bytes per checkpoint at T: a full checkpoint writes the whole state at any T; an incremental one, what
 * changed since the last — assumed in proportion to T, up to the whole state.
 */
export function bytesAt(inputs: AdviceInputs, intervalMs: number): number {
  if (inputs.checkpointType === 'full') return inputs.stateBytes.value;
  return Math.min(inputs.stateBytes.value, (inputs.checkpointedBytes.value * intervalMs) / inputs.currentIntervalMs);
}

/** Restore: the whole state at the restore bandwidth. */
export const restoreMsOf = (inputs: AdviceInputs): number => (inputs.stateBytes.value / inputs.restoreBytesPerSec.value) * 1000;

/** The recovery model at a capacity μ (the lab's R(T)), with the observed price when there is one. */
export function recoveryModelOf(inputs: AdviceInputs, capacity: number): RecoveryModel {
  const downtimeMs = inputs.detectionMs.value + inputs.restartMs.value + restoreMsOf(inputs);
  const price = inputs.cpuSecondsPerCheckpoint;
  const P = inputs.cpuCapacity;
  const ce = inputs.cpuSecondsPerEvent;
  // μ without checkpoints, P/c_e; μ(T) then falls with the loss at T. Without a price: μ as observed, at every T.
  const baselineCapacity = P && ce ? (capacity / inputs.capacity.value) * (P.value / ce.value) : capacity;
  return {
    downtimeMs,
    inputRate: inputs.inputRate.value,
    baselineCapacity,
    capacityLossPct: price && P ? lossFit(price.value, P.value) : undefined,
    restoredCapacityRatio: inputs.drainRatio.value,
  };
}

export function estimateAt(inputs: AdviceInputs, intervalMs: number): IntervalEstimate {
  const bytes = bytesAt(inputs, intervalMs);
  const durationMs = inputs.checkpointDurationMs.value * (bytes / inputs.checkpointedBytes.value);
  const teff = Math.max(intervalMs, durationMs);
  const price = inputs.cpuSecondsPerCheckpoint;
  const P = inputs.cpuCapacity?.value;
  const loss = (c: number | undefined) => (c === undefined || P === undefined ? undefined : lossPctAt(lossFit(c, P), teff));
  const model = recoveryModelOf(inputs, inputs.capacity.value);
  // The recovery's band: the same model at the low and the high end of μ's band.
  const atMu = (mu: number | undefined) => (mu === undefined ? undefined : expectedRecoveryMs(recoveryModelOf(inputs, mu), intervalMs));
  const recoveryMs = expectedRecoveryMs(model, intervalMs);
  return {
    intervalMs,
    effectiveIntervalMs: teff,
    capacityLossPct: price && P !== undefined ? { value: loss(price.value)!, low: loss(price.low), high: loss(price.high) } : undefined,
    checkpointedBytes: { value: bytes },
    checkpointDurationMs: { value: durationMs },
    detectionMs: inputs.detectionMs.value,
    restartMs: inputs.restartMs.value,
    restoreMs: restoreMsOf(inputs),
    catchUpMs: recoveryMs - model.downtimeMs,
    recoveryMs: { value: recoveryMs, low: atMu(inputs.capacity.high), high: atMu(inputs.capacity.low) },
    replayedRecords: expectedReplayedRecords(inputs.inputRate.value, intervalMs, durationMs),
  };
}

/** The grid and the current interval, shortest first. */
export function candidateIntervalsMs(currentIntervalMs: number): number[] {
  return [...new Set([...INTERVAL_GRID_MS, currentIntervalMs])].filter((t) => t > 0).sort((a, b) => a - b);
}
