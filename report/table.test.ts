import { describe, expect, it } from 'vitest';
import { aggregate } from '../analysis/aggregate.js';
import { syntheticRuns, TRUTH } from '../analysis/synthetic.fixture.js';
import { fitCostModel } from '../analysis/model.js';
import { renderCharts } from './charts.js';
import { tableRows } from './table.js';
import { FIGURES, type FigureName, type IntervalAggregate } from '../analysis/aggregate.js';
import type { Estimate } from '../lib/confidence.js';

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

describe('the report table, against text written by hand', () => {
  // Two rows typed in by hand (no analysis/ code makes them); every expected text below is what a reader
  // should see for these numbers, written out, not produced by the table's own formatters.
  const none = Object.fromEntries(FIGURES.map((f) => [f, { n: 0 }])) as Record<FigureName, Estimate>;
  const baseline: IntervalAggregate = {
    intervalMs: 0,
    runs: 2,
    failures: 0,
    notCaughtUp: 0,
    verificationOk: true,
    figures: { ...none, capacityEventsPerSec: { n: 2, median: 26_891.4 }, latencyP99Ms: { n: 2, median: 412.6 }, cpuSecondsPerSec: { n: 2, median: 1.234 } },
  };
  const fiveSeconds: IntervalAggregate = {
    intervalMs: 5_000,
    runs: 2,
    failures: 2,
    notCaughtUp: 0,
    verificationOk: false,
    figures: {
      ...none,
      checkpointDurationMs: { n: 2, median: 911.2, ciLow: 800, ciHigh: 1_022.5 },
      checkpointedBytes: { n: 2, median: 534_000_000 },
      recoveryMs: { n: 2, median: 62_800 },
      effectiveIntervalMs: { n: 2, median: 5_012 },
    },
    overhead: {
      capacityLossPct: { n: 40, median: 20, mean: 23.746, ciLow: 10.2, ciHigh: 37.25 },
      probeCapacityLossPct: { n: 2, median: -3.5 },
      throughputLossPct: { n: 2 },
      p99IncreaseMs: { n: 2, median: 88 },
      price: { cpuSecondsPerCheckpoint: { n: 40, mean: 0.764, ciLow: 0.5, ciHigh: 1.016 }, probeToCpuRatio: 1.184 },
    },
  };
  const rows = tableRows({ baseline, intervals: [fiveSeconds] });
  const text = (row: number, column: string) => rows[row]!.cells.find((c) => c.column === column)!.text;

  it('names each row and says whether its state verified', () => {
    expect(rows.map((r) => [r.interval, r.runs, r.failures, r.verified])).toEqual([
      ['off (baseline)', 2, 0, 'yes'],
      ['5s', 2, 2, 'NO'],
    ]);
  });

  it('shows each figure in its unit, the mean where the interval is around the mean, and a dash where nothing was measured', () => {
    expect(text(0, 'capacityEventsPerSec')).toBe('26,891');
    expect(text(0, 'latencyP99Ms')).toBe('413 ms');
    expect(text(0, 'cpuSecondsPerSec')).toBe('1.23 CPU-s/s');
    expect(text(0, 'capacityLossPct')).toBe('–');
    expect(text(1, 'capacityLossPct')).toBe('mean 23.75% [10.20% – 37.25%]');
    expect(text(1, 'cpuSecondsPerCheckpoint')).toBe('mean 0.76 CPU-s [0.50 CPU-s – 1.02 CPU-s]');
    expect(text(1, 'probeToCpuRatio')).toBe('1.18');
    expect(text(1, 'probeCapacityLossPct')).toBe('-3.50%');
    expect(text(1, 'checkpointDurationMs')).toBe('911 ms [800 ms – 1,023 ms]');
    expect(text(1, 'checkpointedBytes')).toBe('534.0 MB');
    expect(text(1, 'recoveryMs')).toBe('62.8 s');
    expect(text(1, 'p99IncreaseMs')).toBe('88 ms');
    expect(text(1, 'effectiveIntervalMs')).toBe('5,012 ms');
    expect(text(1, 'throughputEventsPerSec')).toBe('–');
  });

  it('keeps the number itself beside the text, for the page’s data-value', () => {
    const value = (row: number, column: string) => rows[row]!.cells.find((c) => c.column === column)!.value;
    expect(value(1, 'capacityLossPct')).toBe(23.746);
    expect(value(1, 'checkpointDurationMs')).toBe(911.2);
    expect(value(0, 'capacityEventsPerSec')).toBe(26_891.4);
    expect(value(0, 'capacityLossPct')).toBeUndefined();
  });

  it('marks a saturated interval and a CPU-bound price in place of their figures', () => {
    const saturated = {
      ...fiveSeconds,
      saturated: true,
      checkpointsFailed: 3,
      figures: { ...fiveSeconds.figures, effectiveIntervalMs: { n: 2, median: 7_400 } },
    };
    const bound = { ...saturated, overhead: { ...fiveSeconds.overhead!, price: { ...fiveSeconds.overhead!.price!, cpuBound: true } } };
    const [row] = tableRows({ intervals: [bound] });
    const cell = (column: string) => row!.cells.find((c) => c.column === column)!.text;
    expect(cell('effectiveIntervalMs')).toBe('SATURATED (7,400 ms), 3 failed');
    expect(cell('cpuSecondsPerCheckpoint')).toBe('mean 0.76 CPU-s [0.50 CPU-s – 1.02 CPU-s] CPU-BOUND (a floor)');
  });
});
