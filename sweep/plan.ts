/**
 * The cells of a sweep in the order they run (METHOD.md): per round, a cost cell for every interval and
 * the baseline, and a recovery cell for every checkpointing interval, in a random order drawn from the
 * sweep's seed (recorded), so drift over the sweep falls on every interval alike and no interval always
 * runs first or last. Every round has its baseline.
 */
import type { CheckpointType } from '../lib/checkpointType.js';
import { formatDurationMs } from '../lib/duration.js';
import { seededShuffle } from '../lib/seededShuffle.js';
import { cellKeyPrefix, type CellDimensions } from './sweptWorkloads.js';

export type CellKind = 'cost' | 'recovery';

export interface Cell extends CellDimensions {
  /**
   * `5s-cost-r1`, `off-cost-r2`; with several state modes, sizes or checkpoint types they lead:
   * `hybrid-5s-recovery-r1`, `20000b-incremental-5s-cost-r1`. Stable, so a resumed sweep finds its finished cells.
   */
  readonly id: string;
  readonly intervalMs: number;
  readonly repeat: number;
  readonly order: number;
  /** Cost (the price, then the probe) or recovery (failures behind the health gate); unset: a stack's own bench, which measures both. */
  readonly kind?: CellKind;
}

export interface CellPlan {
  readonly intervalsMs: readonly number[];
  readonly repeat: number;
  readonly stateModes?: readonly string[];
  /** State sizes in bidders, each mode at each. */
  readonly sizes?: readonly number[];
  /** Checkpoint types, each at every interval (a baseline has none). */
  readonly checkpointTypes?: readonly CheckpointType[];
  /** Plan recovery cells (the sweep injects failures). */
  readonly recovery: boolean;
  /** The order's seed; round r is shuffled with seed + r. */
  readonly seed: number;
}

/** Each dimension with more than one value; one value is the sweep's workload and is not written into the cells. */
const several = <T>(values: readonly T[] | undefined): (T | undefined)[] => (values && values.length > 1 ? [...values] : [undefined]);

export function planCells(p: CellPlan): Cell[] {
  const types = several(p.checkpointTypes);
  const states: CellDimensions[] = several(p.stateModes).flatMap((stateMode) =>
    several(p.sizes).map((bidders) => ({ ...(stateMode ? { stateMode } : {}), ...(bidders ? { bidders } : {}) })),
  );
  const cells: Cell[] = [];
  for (let r = 0; r < p.repeat; r++) {
    // Per state: its baseline, a cost cell per type and interval, and (with failures) a recovery cell per type and interval.
    const round = states.flatMap((state) => [
      { ...state, intervalMs: 0, kind: 'cost' as const },
      ...types.flatMap((t) => p.intervalsMs.map((intervalMs) => ({ ...state, ...(t ? { checkpointType: t } : {}), intervalMs, kind: 'cost' as const }))),
      ...(p.recovery
        ? types.flatMap((t) => p.intervalsMs.map((intervalMs) => ({ ...state, ...(t ? { checkpointType: t } : {}), intervalMs, kind: 'recovery' as const })))
        : []),
    ]);
    for (const c of seededShuffle(round, p.seed + r)) {
      const prefix = cellKeyPrefix(c);
      const id = `${prefix ? `${prefix}-` : ''}${formatDurationMs(c.intervalMs)}-${c.kind}-r${r + 1}`;
      cells.push({ ...c, id, repeat: r + 1, order: cells.length + 1 });
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
