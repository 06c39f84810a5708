import { describe, expect, it } from 'vitest';
import { planCells } from './plan.js';

describe('planCells', () => {
  it('runs every interval once per round, the baseline included, rotating each round', () => {
    const cells = planCells([1_000, 5_000], 3);
    expect(cells.map((c) => c.id)).toEqual(['off-r1', '1s-r1', '5s-r1', '1s-r2', '5s-r2', 'off-r2', '5s-r3', 'off-r3', '1s-r3']);
    expect(cells.map((c) => c.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Each interval sits once in each position of a round: drift falls on all alike.
    for (const t of [0, 1_000, 5_000]) {
      const positions = cells.filter((c) => c.intervalMs === t).map((c) => (c.order - 1) % 3);
      expect(new Set(positions).size).toBe(3);
    }
  });

  it('with several state modes runs each (interval, mode) once per round, modes interleaved within the round', () => {
    const cells = planCells([5_000], 2, ['bigstate', 'realistic']);
    expect(cells.map((c) => c.id)).toEqual([
      'bigstate-off-r1',
      'realistic-off-r1',
      'bigstate-5s-r1',
      'realistic-5s-r1',
      'realistic-5s-r2',
      'bigstate-5s-r2',
      'realistic-off-r2',
      'bigstate-off-r2',
    ]);
    // Every mode has its own baseline in every round.
    for (const mode of ['bigstate', 'realistic']) {
      expect(cells.filter((c) => c.stateMode === mode && c.intervalMs === 0).map((c) => c.repeat)).toEqual([1, 2]);
    }
  });

  it('with one state mode keeps the ids of a single-mode sweep, so older sweeps resume', () => {
    expect(planCells([1_000], 1, ['hybrid']).map((c) => c.id)).toEqual(['off-r1', '1s-r1']);
  });
});
