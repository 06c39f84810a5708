/** Re-reading a committed real sweep: the analysis recomputed from its run files gives what it recorded. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { loadSweep } from './loadSweep.js';

// The realistic quick sweep of 2026-12-02, as the tool wrote it. The figures below are copied from its
// sweep.json (and its README's table) as written that day, not computed by this code now.
const DIR = join(REPO_ROOT, 'docs/measurements/quick-realistic-2026-12-02');

describe('a committed sweep, analysed again from its run files', () => {
  const doc = loadSweep(DIR);

  it('has the leave-one-out accuracy the sweep recorded when it was written', () => {
    const acc = doc.model!.accuracy;
    expect(acc.capacityLoss.accuracy).toBeCloseTo(0.38683600863634193, 9);
    expect(acc.recovery.accuracy).toBeCloseTo(0.45608999832405783, 9);
    // Each held-out interval predicted from the other two: measured, then predicted. At 1 s the model of the other
    // two never drains the backlog (Infinity, which sweep.json wrote as null).
    expect(acc.capacityLoss.points.map((p) => [p.intervalMs, round(p.measured, 2), round(p.predicted, 2)])).toEqual([
      [1_000, 79.85, 128.81],
      [5_000, 26.75, 12.56],
      [30_000, 2.09, 4.46],
    ]);
    expect(acc.recovery.points.map((p) => [p.intervalMs, p.measured, round(p.predicted, 0)])).toEqual([
      [1_000, 16_030, Infinity],
      [5_000, 15_895, 9_371],
      [30_000, 16_216, 5_232],
    ]);
  });

  it('recommends what it recommended then, 30 s', () => {
    expect(doc.recommendation!.recommendedMs).toBe(30_000);
  });
});

function round(v: number | null | undefined, digits: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  return Number.isFinite(v) ? Number(v.toFixed(digits)) : v;
}
