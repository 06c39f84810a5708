import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { check, modelRangeText, recommend, withinNoise } from './advisor.js';
import { formatRecommendation } from './formatRecommendation.js';
import { fitCostModel } from './model.js';
import { syntheticRuns } from './synthetic.fixture.js';

const INTERVALS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];
// Truth: capacity loss % = 0.5 + 8/T, p99 = 110 + 400/T, recovery = 20 s + 5000·(20 s + T/2)/(μ(T) − 5000), μ(off) = 20,000.
const agg = aggregate(syntheticRuns(INTERVALS, 1));
const model = fitCostModel(agg);
const advise = (l: Partial<Parameters<typeof recommend>[2]>) => recommend(agg, model, { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5, ...l });

describe('recommend', () => {
  it('keeps the intervals that meet every limit, picks the longest by its named rule and names the binding limit', () => {
    // loss ≤ 2 % needs T ≥ 8/1.5 = 5.33 s; recovery ≤ 32 s keeps 10 s (28.5 s) and 30 s (31.8 s), not 60 s (36.8 s).
    const r = advise({ maxOverheadPct: 2, maxRecoveryMs: 32_000 });
    expect(r.feasibleMs).toEqual([10_000, 30_000]);
    expect(r.rule).toBe('longest-feasible');
    expect(r.recommendedMs).toBe(30_000);
    expect(r.binding).toBe('recovery');
    expect(r.modelRangeMs!.minMs).toBeCloseTo(5_333.33, 0);
    expect(r.modelRangeMs!.maxMs).toBeGreaterThan(30_000);
    expect(r.modelRangeMs!.maxMs).toBeLessThan(60_000);
    const text = formatRecommendation(r);
    expect(text).toContain('Rule: the longest interval that meets every limit');
    expect(text).toMatch(/Shorter intervals miss: .*overhead/);
    expect(text).toContain('Longer intervals miss: recovery');
  });

  it('recommends the feasible interval nearest T* when an MTBF is given, with Young and Daly labelled', () => {
    // C = 0.08 capacity-s, M = 600 s, μ = 19,900, λ = 5,000: T* = √(2·0.08·600·14900/5000) = 16.9 s → 10 s is nearest on a log scale.
    const r = advise({ mtbfMs: 600_000 });
    expect(r.rule).toBe('optimum');
    expect(r.optimumMs).toBeCloseTo(Math.sqrt(2 * 80 * 600_000 * (14_900 / 5_000)), 0);
    expect(r.youngMs).toBeCloseTo(Math.sqrt(2 * 80 * 600_000), 6);
    expect(r.recommendedMs).toBe(10_000);
    expect(r.reasons[0]).toContain('T* = √(2·C·M·(μ − λ)/λ)');
    expect(r.reasons[0]).toContain('classic forms for comparison: Young');
  });

  it('never recommends a saturated interval, nor one whose job never kept up, whatever the limits say', () => {
    // The limits of the first test admit 10 s and 30 s; mark 30 s saturated in its cost cell and 10 s never healthy in its recovery cell.
    const marked = {
      ...agg,
      intervals: agg.intervals.map((a) => (a.intervalMs === 30_000 ? { ...a, saturated: true } : a.intervalMs === 10_000 ? { ...a, neverHealthy: 1 } : a)),
    };
    const r = recommend(marked, model, { maxRecoveryMs: 32_000, maxP99Ms: 500, maxOverheadPct: 2 });
    expect(r.feasibleMs).toEqual([]);
    expect(r.candidates.find((c) => c.intervalMs === 30_000)!.saturated).toBe(true);
    expect(r.reasons.some((l) => l.startsWith('Saturated') && l.includes('30s'))).toBe(true);
    const recovery10 = r.candidates.find((c) => c.intervalMs === 10_000)!.checks.find((k) => k.limit === 'recovery')!;
    expect([recovery10.status, recovery10.neverHealthy]).toEqual(['missed', true]);
  });

  it('says plainly when nothing is feasible and which limit to relax', () => {
    const r = advise({ maxP99Ms: 100 });
    expect(r.feasibleMs).toEqual([]);
    expect(r.recommendedMs).toBeUndefined();
    expect(r.relax!.changes.join()).toContain('--max-p99');
    expect(formatRecommendation(r)).toMatch(/^no measured interval meets every limit/);
  });

  it('judges recovery by the model where an interval has no failures, and says so', () => {
    const runs = syntheticRuns(INTERVALS, 1).map((x) => (x.intervalMs === 60_000 ? { ...x, failures: 0, recoveryMs: undefined } : x));
    const a = aggregate(runs);
    const r = recommend(a, fitCostModel(a), { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 });
    const k = r.candidates.find((c) => c.intervalMs === 60_000)!.checks.find((x) => x.limit === 'recovery')!;
    expect(k.judgedBy).toBe('model');
    expect(k.status).toBe('met');
  });

  it('never passes a figure that is neither measured nor modelled', () => {
    // No failures anywhere: no recovery figure, no recovery model. Before, this "met every recovery limit".
    const runs = syntheticRuns(INTERVALS, 1).map((x) => ({ ...x, failures: 0, downtimeMs: undefined, catchUpMs: undefined, recoveryMs: undefined }));
    const a = aggregate(runs);
    const r = recommend(a, fitCostModel(a), { maxRecoveryMs: 600_000, maxP99Ms: 5_000, maxOverheadPct: 50 });
    expect(r.feasibleMs).toEqual([]);
    expect(r.candidates.every((c) => c.checks.find((k) => k.limit === 'recovery')!.status === 'unknown')).toBe(true);
    expect(r.reasons.join(' ')).toContain('Unknown (not measured, no model to judge it), so not counted as met: recovery');
    expect(r.relax!.changes.join()).toContain('measure recovery');
    expect(check('p99', 100, undefined, undefined)).toMatchObject({ status: 'unknown', ok: false, headroom: undefined });
  });
});

describe('indistinguishable intervals', () => {
  it('with one repeat: within the baseline’s sample-to-sample spread', () => {
    // Recovery at 10 s is 28.5 s and at 12 s 28.8 s: 1 % apart, inside ±2σ = ±2 % of the baseline's rate.
    const a = aggregate(syntheticRuns([10_000, 12_000], 1));
    const r = recommend(a, fitCostModel(a), { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 });
    expect(r.recommendedMs).toBe(12_000);
    expect(r.indistinguishable).toContainEqual({ figure: 'recovery', intervalsMs: [10_000, 12_000], by: 'baseline spread' });
    expect(formatRecommendation(r)).toContain('On recovery, 10s, 12s are indistinguishable');
  });

  it('with repeats: overlapping confidence intervals; clearly different figures are not reported', () => {
    expect(withinNoise({ n: 3, median: 10, ciLow: 8, ciHigh: 12 }, { n: 3, median: 11, ciLow: 10, ciHigh: 13 }, undefined)).toBe('confidence intervals');
    expect(withinNoise({ n: 3, median: 10, ciLow: 9, ciHigh: 11 }, { n: 3, median: 20, ciLow: 19, ciHigh: 21 }, 100)).toBe(false);
    expect(withinNoise({ n: 1, median: 10 }, { n: 1, median: 10.1 }, undefined)).toBe(false);
    const r = advise({});
    expect(r.indistinguishable.find((i) => i.figure === 'capacity loss')?.intervalsMs ?? []).not.toContain(1_000);
  });
});

describe('the model’s feasible range in words', () => {
  it('says why no interval fits instead of printing Infinity', () => {
    expect(modelRangeText({ minMs: Infinity, maxMs: 60_000 })).toContain('never falls under the limit');
    expect(modelRangeText({ minMs: 0, maxMs: -Infinity })).toContain('exceeds the limit at every interval');
    expect(modelRangeText({ minMs: 90_000, maxMs: 30_000 })).toMatch(/^no interval \(overhead needs ≥ /);
    expect(modelRangeText({ minMs: 5, maxMs: Infinity })).toBe('any interval … ∞');
  });
});

describe('an interval the job did not catch up at', () => {
  // The same sweep, but at 30 s one failure was not caught up (its other figures unchanged).
  const withStall = { ...agg, intervals: agg.intervals.map((a) => (a.intervalMs === 30_000 ? { ...a, notCaughtUp: 1 } : a)) };

  it('misses any recovery limit, however generous, while the others are judged as before', () => {
    const r = recommend(withStall, model, { maxRecoveryMs: 3_600_000, maxP99Ms: 500, maxOverheadPct: 5 });
    const c30 = r.candidates.find((c) => c.intervalMs === 30_000)!;
    const recovery = c30.checks.find((k) => k.limit === 'recovery')!;
    expect(recovery.status).toBe('missed');
    expect(recovery.notCaughtUp).toBe(true);
    expect(c30.feasible).toBe(false);
    expect(r.feasibleMs).not.toContain(30_000);
    expect(r.feasibleMs).toContain(60_000);
    expect(formatRecommendation(r)).toContain('not caught up');
    // Without the stall 30 s is feasible under the same limits.
    expect(recommend(agg, model, { maxRecoveryMs: 3_600_000, maxP99Ms: 500, maxOverheadPct: 5 }).feasibleMs).toContain(30_000);
  });
});
