/** The cells of a sweep in the order they run: every (interval, state mode) once per round, rotated each round. */
import { formatDurationMs } from '../lib/duration.js';

export interface Cell {
  /** `5s-r1`, `off-r2`, or with several state modes `hybrid-5s-r1`: stable across re-runs, so a resumed sweep finds its finished cells. */
  readonly id: string;
  readonly intervalMs: number;
  readonly repeat: number;
  readonly order: number;
  /** The cell's state mode when the sweep compares several; unset: the sweep's one workload. */
  readonly stateMode?: string;
}

/**
 * Rounds of all intervals (the baseline first in round 1), each round rotated by one, so drift
 * over the sweep falls on every interval alike instead of on the last ones. With several state
 * modes every interval runs once per mode within the round, the modes rotated too.
 */
export function planCells(intervalsMs: readonly number[], repeat: number, stateModes: readonly string[] = []): Cell[] {
  if (stateModes.length <= 1) return planRounds([0, ...intervalsMs], repeat);
  const intervals = [0, ...intervalsMs];
  const cells: Cell[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const intervalMs of rotate(intervals, r)) {
      for (const stateMode of rotate(stateModes, r)) {
        cells.push({ id: `${stateMode}-${formatDurationMs(intervalMs)}-r${r + 1}`, intervalMs, repeat: r + 1, order: cells.length + 1, stateMode });
      }
    }
  }
  return cells;
}

/** Rounds over `intervalsMs` in the given order, round r rotated by r. */
export function planRounds(intervalsMs: readonly number[], repeat: number): Cell[] {
  const cells: Cell[] = [];
  for (let r = 0; r < repeat; r++) {
    for (const intervalMs of rotate(intervalsMs, r))
      cells.push({ id: `${formatDurationMs(intervalMs)}-r${r + 1}`, intervalMs, repeat: r + 1, order: cells.length + 1 });
  }
  return cells;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
