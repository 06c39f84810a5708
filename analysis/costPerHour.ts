/**
 * What an interval costs per hour, in seconds of full capacity (pure): checkpointing, expected recovery
 * at a mean time between failures, and where the model's two curves cross.
 */
import { expectedRecoveryMs, type CostModel } from './model.js';

const HOUR_S = 3_600;

/** Seconds of full capacity per hour that checkpointing costs at a capacity loss (in %). */
export const checkpointCostSecPerHour = (capacityLossPct: number): number => (Math.max(0, capacityLossPct) / 100) * HOUR_S;

/** Expected seconds per hour spent recovering at one failure per MTBF. */
export const recoveryCostSecPerHour = (recoveryMs: number, mtbfMs: number): number => (recoveryMs / mtbfMs) * HOUR_S;

/** Expected cost per hour of an interval: C/T of capacity for checkpoints, plus R(T)/M for recoveries. */
export function expectedCostSecPerHour(checkpointCostMs: number, intervalMs: number, recoveryMs: number, mtbfMs: number): number {
  return checkpointCostSecPerHour((100 * checkpointCostMs) / intervalMs) + recoveryCostSecPerHour(recoveryMs, mtbfMs);
}

/** The model's crossing of checkpoint cost C/T and expected recovery R(T)/M, by bisection on log T. */
export function costCrossingMs(model: CostModel, mtbfMs: number): number | undefined {
  const C = model.checkpointCostMs;
  const r = model.recovery;
  if (C === undefined || !r) return undefined;
  const diff = (t: number) => C / t - expectedRecoveryMs(r, t) / mtbfMs;
  // Very short intervals cost so much capacity that the job cannot catch up (R = ∞): start where
  // checkpointing still costs more, and find where recovery overtakes it, on a log grid 10 ms … 1 h.
  const grid = Array.from({ length: 111 }, (_, i) => 10 * Math.pow(10, i / 20));
  const from = grid.findIndex((t) => diff(t) > 0);
  if (from < 0) return undefined;
  const to = grid.findIndex((t, i) => i > from && diff(t) <= 0);
  if (to < 0) return undefined;
  let lo = grid[to - 1]!;
  let hi = grid[to]!;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (diff(mid) > 0) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}
