import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { recommend } from './advisor.js';
import { formatRecommendation } from './formatRecommendation.js';
import { fitCostModel } from './model.js';
import { syntheticRuns } from './synthetic.fixture.js';

const INTERVALS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
// Truth: loss% = 0.5 + 8/T, p99 = 110 + 400/T, recovery = 20 s + 5000·(20 s + T/2)/15000.
const agg = aggregate(syntheticRuns(INTERVALS, 1));
const model = fitCostModel(agg);
const advise = (l: Partial<Parameters<typeof recommend>[2]>) => recommend(agg, model, { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, ...l });

describe('recommend', () => {
  it('keeps the intervals that meet every limit and names the binding one', () => {
    // loss ≤ 2 % needs T ≥ 8/1.5 = 5.33 s; recovery ≤ 32 s needs T ≤ 2·((12 s·15000/5000) − 20 s) = 32 s.
    const r = advise({ maxOverheadPct: 2, maxRecoveryMs: 32_000 });
    expect(r.feasibleMs).toEqual([10_000, 30_000]);
    expect(r.recommendedMs).toBeDefined();
    expect(r.feasibleMs).toContain(r.recommendedMs);
    expect(['overhead', 'recovery']).toContain(r.binding);
    expect(r.modelRangeMs!.minMs).toBeCloseTo(5_333.33, 0);
    expect(r.modelRangeMs!.maxMs).toBeCloseTo(32_000, 0);
    const text = formatRecommendation(r);
    expect(text).toMatch(/Shorter intervals miss: .*overhead/);
    expect(text).toContain('Longer intervals miss: recovery');
  });

  it('recommends the feasible interval nearest Daly’s optimum when an MTBF is given', () => {
    // C = 300 ms, MTBF = 10 min: Young √(2·0.3·600) s = 19 s, Daly slightly more: 30 s is nearer than 10 s on a log scale.
    const r = advise({ mtbfMs: 600_000 });
    expect(r.youngMs).toBeCloseTo(Math.sqrt(2 * 300 * 600_000), 6);
    expect(r.recommendedMs).toBe(30_000);
    expect(r.reasons[0]).toContain("Young's optimum");
  });

  it('says plainly when nothing is feasible and which limit to relax', () => {
    const r = advise({ maxP99Ms: 100 });
    expect(r.feasibleMs).toEqual([]);
    expect(r.recommendedMs).toBeUndefined();
    expect(r.relax!.changes.join()).toContain('--max-p99');
    expect(formatRecommendation(r)).toMatch(/^no measured interval meets every limit/);
  });

  it('judges recovery by the model where an interval has no failures', () => {
    const runs = syntheticRuns(INTERVALS, 1).map((x) => (x.intervalMs === 60_000 ? { ...x, failures: 0, recoveryMs: undefined } : x));
    const a = aggregate(runs);
    const r = recommend(a, fitCostModel(a), { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 });
    const check = r.candidates.find((c) => c.intervalMs === 60_000)!.checks.find((k) => k.limit === 'recovery')!;
    expect(check.judgedBy).toBe('model');
    expect(check.modelled).toBeCloseTo(20_000 + (5_000 * 50_000) / 15_000, 3);
  });
});
