/** The cells of a sweep in the order they run: every interval once per round, rotated each round. */
import { formatDurationMs } from '../duration.js';

export interface Cell {
  /** `5s-r1`, `off-r2`: stable across re-runs, so a resumed sweep finds its finished cells. */
  readonly id: string;
  readonly intervalMs: number;
  readonly repeat: number;
  readonly order: number;
}

/**
 * Rounds of all intervals (the baseline first in round 1), each round rotated by one, so drift
 * over the sweep falls on every interval alike instead of on the last ones.
 */
export function planCells(intervalsMs: readonly number[], repeat: number): Cell[] {
  return planRounds([0, ...intervalsMs], repeat);
}

/** Rounds over `intervalsMs` in the given order, round r rotated by r. */
export function planRounds(intervalsMs: readonly number[], repeat: number): Cell[] {
  const cells: Cell[] = [];
  for (let r = 0; r < repeat; r++) {
    const shift = r % intervalsMs.length;
    const round = [...intervalsMs.slice(shift), ...intervalsMs.slice(0, shift)];
    for (const intervalMs of round) cells.push({ id: `${formatDurationMs(intervalMs)}-r${r + 1}`, intervalMs, repeat: r + 1, order: cells.length + 1 });
  }
  return cells;
}
