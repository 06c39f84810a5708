import { describe, expect, it } from 'vitest';
import { catchUpLimitMs, DEFAULT_CATCH_UP_POLICY, drainSincePeak, judgeCatchUp, lagSlope, type LagPoint } from './catchUp.js';

const RATE = 10_000;
const policy = DEFAULT_CATCH_UP_POLICY;

/** Lag polled every 500 ms from t = 0: rising for `riseMs` at `riseSlope`, then changing by `slope` ms per ms. */
function lags(untilMs: number, startLagMs: number, slope: number, riseMs = 0, riseSlope = 0): LagPoint[] {
  const out: LagPoint[] = [];
  for (let t = 0; t <= untilMs; t += 500) {
    const lag = t <= riseMs ? startLagMs + riseSlope * t : startLagMs + riseSlope * riseMs + slope * (t - riseMs);
    out.push({ atMs: t, lagMs: Math.max(0, lag) });
  }
  return out;
}

describe('catch-up limit', () => {
  it('scales with the backlog: the time it takes at the slowest drain waited for, never under the floor', () => {
    expect(catchUpLimitMs(30_000, policy)).toBe(30_000 / policy.minDrainShare);
    expect(catchUpLimitMs(60_000, policy)).toBe(2 * catchUpLimitMs(30_000, policy));
    expect(catchUpLimitMs(1_000, policy)).toBe(policy.minLimitMs);
  });
});

describe('the drain', () => {
  it('is −slope·λ, from the points after the peak, with the catch-up it projects', () => {
    // 20 s of restore piling up lag at +0.5 ms/ms, then draining at 0.2 ms/ms: μ − λ = 0.2·λ.
    const points = lags(80_000, 30_000, -0.2, 20_000, 0.5);
    expect(lagSlope(points.filter((p) => p.atMs >= 20_000))).toBeCloseTo(-0.2, 6);
    const d = drainSincePeak(points, 0, RATE);
    expect(d.drainEventsPerSec).toBe(2_000);
    // Peak 40 s of lag at t = 20 s; at t = 80 s: 28 s left, at 0.2 ms/ms → 140 s more.
    expect(d.projectedCatchUpMs).toBe(80_000 + 140_000);
  });

  it('projects nothing when the lag does not fall', () => {
    const d = drainSincePeak(lags(60_000, 10_000, 0.1), 0, RATE);
    expect(d.drainEventsPerSec).toBe(-1_000);
    expect(d.projectedCatchUpMs).toBeUndefined();
  });
});

describe('when to stop waiting', () => {
  it('waits while the lag falls fast enough to finish within the limit', () => {
    const points = lags(60_000, 30_000, -0.4);
    expect(judgeCatchUp(points, 0, 60_000, RATE, policy)).toBeUndefined();
  });

  it('stops as stalled when, a window after its peak, the lag has not fallen from it', () => {
    // Rises from 20 s to 22 s of lag over 20 s, then stays: near its peak (≥ 98 % = 21.56 s) from t = 15.6 s.
    const points = lags(46_000, 20_000, 0, 20_000, 0.1);
    const v = judgeCatchUp(points, 0, 46_000, RATE, policy);
    expect(v?.reason).toBe('stalled');
    expect(v?.projectedCatchUpMs).toBeUndefined();
    expect(v?.lagAtStopMs).toBe(22_000);
  });

  it('calls a lag that has only risen for two windows stalled (input above capacity), not before', () => {
    expect(judgeCatchUp(lags(59_000, 5_000, 0.9), 0, 59_000, RATE, policy)).toBeUndefined();
    const v = judgeCatchUp(lags(60_000, 5_000, 0.9), 0, 60_000, RATE, policy);
    expect(v?.reason).toBe('stalled');
    expect(v?.drainEventsPerSec).toBe(-9_000);
  });

  it('does not call a lag stalled before a whole window after its peak has passed', () => {
    expect(judgeCatchUp(lags(45_000, 20_000, 0, 20_000, 0.1), 0, 45_000, RATE, policy)).toBeUndefined();
  });

  it('calls a lag that rises for 40 s, then drains slowly, caught up, not stalled', () => {
    // 20 s → 40 s of lag over 40 s of restore, then draining at 0.1 ms/ms (μ − λ = 0.1·λ): under 1 s at
    // t > 40 + 390 = 430 s. The limit for a 40 s backlog is 40 / 0.05 = 800 s.
    const points = lags(435_000, 20_000, -0.1, 40_000, 0.5);
    for (let i = 1; i <= points.length; i++) {
      expect(judgeCatchUp(points.slice(0, i), 0, points[i - 1]!.atMs, RATE, policy)).toBeUndefined();
    }
    expect(points.at(-1)!.lagMs).toBeLessThan(1_000);
  });

  it('stops as too slow once a window of falling lag projects past the limit, with that projection', () => {
    // Drains at 2 % of λ: 30 s of lag needs 1,500 s; the limit for a 30 s backlog is 600 s.
    const points = lags(60_000, 30_000, -0.02);
    const v = judgeCatchUp(points, 0, 60_000, RATE, policy);
    expect(v?.reason).toBe('too-slow');
    expect(v?.drainEventsPerSec).toBe(200);
    expect(v?.catchUpLimitMs).toBe(600_000);
    expect(v?.projectedCatchUpMs).toBeCloseTo(1_500_000, -3);
  });

  it('stops at the limit when the drain is too noisy to project', () => {
    const points: LagPoint[] = [{ atMs: 0, lagMs: 3_000 }];
    const v = judgeCatchUp(points, 0, policy.minLimitMs + 1, RATE, policy);
    expect(v?.reason).toBe('limit');
    expect(v?.catchUpLimitMs).toBe(policy.minLimitMs);
  });

  it('does not stop on the rise of a restore when the lag falls by the end of the window', () => {
    // 25 s rising, then falling fast: below the starting lag at 60 s, so not stalled.
    const points = lags(60_000, 20_000, -0.8, 25_000, 0.3);
    expect(points.at(-1)!.lagMs).toBeLessThan(points[0]!.lagMs);
    expect(judgeCatchUp(points, 0, 60_000, RATE, policy)).toBeUndefined();
  });
});
