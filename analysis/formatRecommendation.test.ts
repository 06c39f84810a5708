import { describe, expect, it } from 'vitest';
import { limitsLine } from './formatRecommendation.js';
import type { Recommendation } from './advisor.js';

describe('the limits line of a recommendation', () => {
  it('writes every duration for people: a p99 limit of ten minutes is "10.0 min", not "600000 ms"', () => {
    const r = (limits: Recommendation['limits']) => ({ limits }) as Recommendation;
    expect(limitsLine(r({ maxRecoveryMs: 600_000, maxP99Ms: 600_000, maxOverheadPct: 0.8 }))).toBe(
      'limits: recovery ≤ 10.0 min, p99 ≤ 10.0 min, capacity loss ≤ 0.8%',
    );
    expect(limitsLine(r({ maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 }))).toBe('limits: recovery ≤ 60.0 s, p99 ≤ 500 ms, capacity loss ≤ 5%');
  });
});
