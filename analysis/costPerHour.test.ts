import { describe, expect, it } from 'vitest';
import { checkpointCostSecPerHour, costCrossingMs, expectedCostSecPerHour, recoveryCostSecPerHour } from './costPerHour.js';
import type { CostModel } from './model.js';

describe('cost per hour', () => {
  it('prices checkpointing and recovery in seconds of full capacity per hour, worked by hand', () => {
    // 5 % of every hour is 180 s; a 60 s recovery once a day is 60/86,400 of an hour = 2.5 s.
    expect(checkpointCostSecPerHour(5)).toBeCloseTo(180, 9);
    expect(checkpointCostSecPerHour(-3)).toBe(0);
    expect(recoveryCostSecPerHour(60_000, 86_400_000)).toBeCloseTo(2.5, 9);
    // A 500 ms checkpoint every 10 s is 5 % (180 s), plus that recovery: 182.5 s.
    expect(expectedCostSecPerHour(500, 10_000, 60_000, 86_400_000)).toBeCloseTo(182.5, 9);
  });

  it('finds where C/T meets R(T)/M: with a recovery of D whatever T, at T = C·M/D', () => {
    // λ = 1 event/s against a practically unlimited capacity: R(T) = D = 10 s. C = 1 s, M = 1 h → T = 1 s × 3,600 s / 10 s = 6 min.
    const model = {
      checkpointCostMs: 1_000,
      recovery: { downtimeMs: 10_000, inputRate: 1, baselineCapacity: 1e12 },
      accuracy: { recovery: { points: [] }, capacityLoss: { points: [] } },
    } as CostModel;
    expect(costCrossingMs(model, 3_600_000)! / 360_000).toBeCloseTo(1, 6);
    expect(costCrossingMs({ ...model, checkpointCostMs: undefined }, 3_600_000)).toBeUndefined();
  });
});
