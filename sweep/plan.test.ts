import { describe, expect, it } from 'vitest';
import { planCells } from './plan.js';

describe('planCells', () => {
  it('runs a cost cell per interval and the baseline, and a recovery cell per checkpointing interval, every round', () => {
    const cells = planCells({ intervalsMs: [1_000, 5_000], repeat: 3, recovery: true, seed: 7 });
    expect(cells).toHaveLength(3 * 5);
    for (let r = 1; r <= 3; r++) {
      const round = cells.filter((c) => c.repeat === r).map((c) => c.id);
      expect(round.sort()).toEqual([`1s-cost-r${r}`, `1s-recovery-r${r}`, `5s-cost-r${r}`, `5s-recovery-r${r}`, `off-cost-r${r}`]);
    }
    expect(cells.map((c) => c.order)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // No recovery cell at the baseline: without checkpoints a failure replays everything.
    expect(cells.some((c) => c.intervalMs === 0 && c.kind === 'recovery')).toBe(false);
  });

  it('draws each round’s order from the seed: the same seed repeats it, another seed changes it, rounds differ', () => {
    const ids = (seed: number) => planCells({ intervalsMs: [1_000, 2_000, 5_000, 10_000, 30_000], repeat: 2, recovery: true, seed }).map((c) => c.id);
    expect(ids(42)).toEqual(ids(42));
    expect(ids(42)).not.toEqual(ids(43));
    const a = ids(42);
    const roundOrder = (r: number) => a.filter((id) => id.endsWith(`-r${r}`)).map((id) => id.replace(/-r\d$/, ''));
    expect(roundOrder(1)).not.toEqual(roundOrder(2));
  });

  it('without failures plans cost cells only; with several state modes each mode has its own baseline every round', () => {
    expect(
      planCells({ intervalsMs: [1_000], repeat: 1, recovery: false, seed: 1 })
        .map((c) => c.id)
        .sort(),
    ).toEqual(['1s-cost-r1', 'off-cost-r1']);
    const cells = planCells({ intervalsMs: [5_000], repeat: 2, stateModes: ['bigstate', 'realistic'], recovery: true, seed: 1 });
    for (const mode of ['bigstate', 'realistic']) {
      expect(cells.filter((c) => c.stateMode === mode && c.intervalMs === 0).map((c) => c.repeat)).toEqual([1, 2]);
      expect(cells.filter((c) => c.stateMode === mode)).toHaveLength(6);
    }
  });
});
