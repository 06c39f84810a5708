import { describe, expect, it } from 'vitest';
import { aggregate } from '../analysis/aggregate.js';
import { syntheticRuns, TRUTH } from '../analysis/synthetic.fixture.js';
import { fitCostModel } from '../analysis/model.js';
import { renderCharts } from './charts.js';
import { tableRows } from './table.js';

describe('the report table', () => {
  it('says "not caught up" where the job never caught up, and shows recovery where it did', () => {
    // ρ·μ ≤ λ below some interval: restored at 27 % of capacity, the job cannot drain at 1 s (μ(1 s) is lowest).
    const truth = { ...TRUTH, restoreRatio: 0.27 };
    const agg = aggregate(syntheticRuns([1_000, 60_000], 1, 0, 7, truth));
    const rows = tableRows(agg);
    const cell = (interval: number, column: string) => rows.find((r) => r.intervalMs === interval)!.cells.find((c) => c.column === column)!;
    const stuck = agg.intervals.filter((a) => a.notCaughtUp > 0).map((a) => a.intervalMs);
    expect(stuck).toEqual([1_000]);
    for (const ms of stuck) {
      expect(cell(ms, 'recoveryMs').text).toBe('not caught up (1 of 1)');
      expect(cell(ms, 'recoveryMs').value).toBeUndefined();
    }
    for (const a of agg.intervals.filter((x) => x.notCaughtUp === 0)) {
      expect(cell(a.intervalMs, 'recoveryMs').value).toBe(a.figures.recoveryMs.median);
      expect(cell(a.intervalMs, 'recoveryMs').text).not.toContain('not caught up');
    }
  });

  it('marks the interval on the recovery chart and names it in the caption, not as a failed cell', () => {
    const agg = aggregate(syntheticRuns([1_000, 60_000], 1, 0, 7, { ...TRUTH, restoreRatio: 0.27 }));
    const recovery = renderCharts(agg, fitCostModel(agg)).find((c) => c.id === 'recovery')!;
    expect(recovery.caption).toContain('Not caught up at 1s');
    expect(recovery.svg).toContain('not caught up');
    const healthy = aggregate(syntheticRuns([1_000, 60_000], 1));
    expect(renderCharts(healthy, fitCostModel(healthy)).find((c) => c.id === 'recovery')!.svg).not.toContain('not caught up');
  });
});
