import { describe, expect, it } from 'vitest';
import { aimInCycle, healthGateHolds, healthGateMs, minFailureSpacingMs, planFailures } from './failurePlan.js';
import { parseInjectedFailure } from '../bench/failures/injectors.js';

const window = { startMs: 1_000_000, warmupMs: 20_000, durationMs: 270_000, intervalMs: 10_000 };

describe('planning failures', () => {
  it('spreads failures evenly over the measured window with the given or random phases', () => {
    const fixed = planFailures({ kind: 'tm-kill', count: 3, phase: 0.9, tmRestartDelayMs: 0 }, window);
    expect(fixed.map((f) => f.notBeforeMs)).toEqual([1_020_000, 1_110_000, 1_200_000]);
    expect(fixed.every((f) => f.phase === 0.9)).toBe(true);
    const draws = [0.25, 0.5004];
    const random = planFailures({ kind: 'task-failure', count: 2, phase: 'random', tmRestartDelayMs: 0 }, window, () => draws.shift()!);
    expect(random.map((f) => f.phase)).toEqual([0.25, 0.5]);
  });

  it('refuses more failures than fit, saying how long the run must be', () => {
    const need = minFailureSpacingMs(10_000, 0);
    expect(() => planFailures({ kind: 'tm-kill', count: 10, phase: 'random', tmRestartDelayMs: 0 }, window)).toThrow(
      `10 failures do not fit in --duration 270s: each needs ${need / 1000}s`,
    );
    expect(() => planFailures({ kind: 'tm-kill', count: 0, phase: 'random', tmRestartDelayMs: 0 }, window)).toThrow("Invalid --failures: '0'");
    expect(() => planFailures({ kind: 'tm-kill', count: 1, phase: 1.5, tmRestartDelayMs: 0 }, window)).toThrow("Invalid --failure-phase: '1.5'");
  });

  it('lets a failure in only after max(20 s, 2·T) of lag under 1 s, with no gap in the samples', () => {
    expect(healthGateMs(5_000)).toBe(20_000);
    expect(healthGateMs(30_000)).toBe(60_000);
    const at = (t: number, lag: number) => ({ atMs: t * 1000, sourceLagMs: lag, jobState: 'RUNNING' });
    const calm = Array.from({ length: 16 }, (_, i) => at(i * 2, 50)); // 0 … 30 s, every 2 s
    expect(healthGateHolds(calm, 30_000, 20_000, 2_000)).toBe(true);
    // One reading of 1.2 s lag 15 s ago: not yet.
    expect(
      healthGateHolds(
        calm.map((s) => (s.atMs === 16_000 ? { ...s, sourceLagMs: 1_200 } : s)),
        30_000,
        20_000,
        2_000,
      ),
    ).toBe(false);
    // Only 10 s of samples: the gate cannot have held for 20 s.
    expect(healthGateHolds(calm.slice(10), 30_000, 20_000, 2_000)).toBe(false);
    // A restarting job is not healthy, whatever its lag.
    expect(
      healthGateHolds(
        calm.map((s) => (s.atMs === 20_000 ? { ...s, jobState: 'RESTARTING' } : s)),
        30_000,
        20_000,
        2_000,
      ),
    ).toBe(false);
  });

  it('aims at the phase of the first cycle that starts at or after the planned time', () => {
    // Checkpoints every 10 s from t=3000; not before t=21000 → cycle from 23000; phase 0.25 → 25500.
    expect(aimInCycle(3_000, 10_000, 21_000, 0.25, 20_000)).toBe(25_500);
    // Already past the planned time: the next cycle after now.
    expect(aimInCycle(3_000, 10_000, 21_000, 0.25, 40_000)).toBe(43_000 + 2_500);
  });

  it("reads the time an injected task failure was thrown from Flink's exception history", () => {
    const trace = 'ckptlab.job.BidderStateFunction$InjectedFailureException: Injected task failure #2 thrown at 1795746312183 (aimed at 1795746312100)\n\tat …';
    expect(parseInjectedFailure(trace, 2)).toBe(1_795_746_312_183);
    expect(parseInjectedFailure(trace, 1)).toBeUndefined();
  });
});
