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
});
