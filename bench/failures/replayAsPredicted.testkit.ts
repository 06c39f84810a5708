/**
 * The replay a recovery test may see. It is an estimate — the source's position at the kill, from metrics up to a
 * second old — so it is held to the model, λ × (kill − restored checkpoint's trigger), within 15 % or a second of
 * input, and not to ≥ 0: a kill just after a checkpoint's trigger once read −156 records against 238 predicted.
 */
import { expect } from 'vitest';

export interface ReplayFigures {
  readonly replayedRecords?: number;
  readonly predictedReplayedRecords: number;
}

export function expectReplayAsPredicted(failure: ReplayFigures, inputEventsPerSec: number): void {
  const tolerance = Math.max(0.15 * failure.predictedReplayedRecords, inputEventsPerSec);
  expect(failure.replayedRecords).toBeDefined();
  expect(Math.abs(failure.replayedRecords! - failure.predictedReplayedRecords)).toBeLessThanOrEqual(tolerance);
}
