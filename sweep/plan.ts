/**
 * The cells of a sweep in the order they run (METHOD.md): per round, a cost cell for every interval and
 * the baseline, and a recovery cell for every checkpointing interval, in a random order drawn from the
 * sweep's seed (recorded), so drift over the sweep falls on every interval alike and no interval always
 * runs first or last. Every round has its baseline.
 */
import { formatDurationMs } from '../lib/duration.js';
import { seededShuffle } from '../lib/seededShuffle.js';

export type CellKind = 'cost' | 'recovery';

export interface Cell {
  /** `5s-cost-r1`, `off-cost-r2`, with several state modes `hybrid-5s-recovery-r1`: stable, so a resumed sweep finds its finished cells. */
  readonly id: string;
  readonly intervalMs: number;
  readonly repeat: number;
  readonly order: number;
  /** Cost (the price, then the probe) or recovery (failures behind the health gate); unset: a stack's own bench, which measures both. */
  readonly kind?: CellKind;
  /** The cell's state mode when the sweep compares several; unset: the sweep's one workload. */
  readonly stateMode?: string;
}

export interface CellPlan {
  readonly intervalsMs: readonly number[];
  readonly repeat: number;
  readonly stateModes?: readonly string[];
  /** Plan recovery cells (the sweep injects failures). */
  readonly recovery: boolean;
  /** The order's seed; round r is shuffled with seed + r. */
  readonly seed: number;
}

export function planCells(p: CellPlan): Cell[] {
  const modes: (string | undefined)[] = p.stateModes && p.stateModes.length > 1 ? [...p.stateModes] : [undefined];
  const cells: Cell[] = [];
  for (let r = 0; r < p.repeat; r++) {
    const round = modes.flatMap((stateMode) => [
      ...[0, ...p.intervalsMs].map((intervalMs) => ({ intervalMs, kind: 'cost' as const, stateMode })),
      ...(p.recovery ? p.intervalsMs.map((intervalMs) => ({ intervalMs, kind: 'recovery' as const, stateMode })) : []),
    ]);
    for (const c of seededShuffle(round, p.seed + r)) {
      const id = `${c.stateMode ? `${c.stateMode}-` : ''}${formatDurationMs(c.intervalMs)}-${c.kind}-r${r + 1}`;
      cells.push({ id, intervalMs: c.intervalMs, repeat: r + 1, order: cells.length + 1, kind: c.kind, ...(c.stateMode ? { stateMode: c.stateMode } : {}) });
    }
  }
  return cells;
}

/** Rounds over `intervalsMs` in the given order, round r rotated by r (the Pulumi stacks, whose benches measure both). */
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
