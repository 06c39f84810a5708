import { describe, expect, it } from 'vitest';
import type { CheckpointRecord, Sample } from './samples.js';
import { median, quantile } from '../lib/stats.js';
import { summarize, throughputs } from './summary.js';

const sample = (atMs: number, sourcePosition: number, p99 = 20, extra: Partial<Sample> = {}): Sample => ({
  atMs,
  jobState: 'RUNNING',
  sourcePosition,
  sourceLagMs: 5,
  latencyMs: { p50: p99 / 2, p95: p99 - 1, p99, max: p99 * 2 },
  busyRatio: { state: 0.5 },
  backpressureRatio: { source: 0.1 },
  taskManagers: [{ id: 'tm', cpuLoad: 0.3, heapUsedBytes: 1000 }],
  ...extra,
});

const checkpoint = (id: number, triggerMs: number, durationMs: number, status: CheckpointRecord['status'] = 'COMPLETED'): CheckpointRecord => ({
  id,
  status,
  triggerMs,
  durationMs,
  stateSizeBytes: 1000 * id,
  checkpointedSizeBytes: 100 * id,
});

describe('statistics', () => {
  it('interpolates quantiles and ignores non-finite values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.99)).toBeCloseTo(9.9);
    expect(median([1, NaN, 3])).toBe(2);
    expect(median([])).toBeUndefined();
  });
});

describe('summarize', () => {
  it('measures throughput between samples, leaving out a restart that moves the position back', () => {
    const rates = throughputs([sample(0, 0), sample(2000, 10_000), sample(4000, 20_000), sample(6000, 15_000), sample(8000, 25_000)]);
    expect(rates).toEqual([5000, 5000, 5000]);
  });

  it('uses only the steady window: warm-up samples and checkpoints are excluded', () => {
    const samples = [
      sample(0, 0, 900),
      sample(1000, 100, 900),
      ...Array.from({ length: 10 }, (_, i) => sample(10_000 + i * 2000, 50_000 + i * 10_000, 20 + i)),
    ];
    const checkpoints = [
      checkpoint(1, 500, 9000),
      checkpoint(2, 12_000, 200),
      checkpoint(3, 17_000, 300),
      checkpoint(4, 22_000, 0, 'FAILED'),
      checkpoint(5, 27_000, 400),
    ];
    const s = summarize(samples, checkpoints, { startMs: 10_000, endMs: 28_000 }, 5000);
    expect(s.window.samples).toBe(10);
    expect(s.throughputEventsPerSec.median).toBe(5000);
    expect(s.throughputEventsPerSec.overall).toBe(5000);
    expect(s.latencyMs.p99).toBe(24.5); // median of 20..29
    expect(s.latencyMs.max).toBe(58);
    expect(s.checkpoints.completed).toBe(3);
    expect(s.checkpoints.failed).toBe(1);
    expect(s.checkpoints.durationMs).toEqual({ median: 300, max: 400 });
    expect(s.checkpoints.stateSizeBytes.median).toBe(3000);
    expect(s.checkpoints.checkpointedSizeBytes.median).toBe(300);
    expect(s.busyRatio.state).toBe(0.5);
    expect(s.backpressureRatio.source).toBe(0.1);
  });

  it('leaves figures undefined rather than inventing them when nothing was measured', () => {
    const s = summarize([], [], { startMs: 0, endMs: 1 }, 100);
    expect(s.throughputEventsPerSec.median).toBeUndefined();
    expect(s.latencyMs.p99).toBeUndefined();
    expect(s.checkpoints.completed).toBe(0);
  });
});

describe('steady-state latency free of recovery', () => {
  it('counts a sample only when its histogram window lies wholly outside every failure-to-caught-up span', () => {
    // A span 10–20 s with a high p99 during and after it; the histogram reaches 4 s back.
    const samples = [0, 2, 4, 6, 8, 10, 12, 20, 22, 24, 26, 28, 30].map((t) => sample(t * 1000, t * 100, t >= 10 && t < 26 ? 900 : 20));
    const s = summarize(samples, [], { startMs: 0, endMs: 30_000 }, 100, { disturbances: [{ startMs: 10_000, endMs: 20_000 }], latencyHistoryMs: 4_000 });
    // 10, 12, 20 are inside the span; 22 and 24 still hold its events; 26, 28, 30 and 0–8 count.
    expect(s.latencySamples).toEqual({ counted: 8, leftOut: 2 });
    expect(s.latencyMs.p99).toBe(20);
    expect(s.window.samples).toBe(10);
  });

  it('without disturbances every steady sample counts', () => {
    const s = summarize([sample(0, 0), sample(2000, 10), sample(4000, 20)], [], { startMs: 0, endMs: 4000 }, 5, { latencyHistoryMs: 10_000 });
    expect(s.latencySamples).toEqual({ counted: 3, leftOut: 0 });
  });
});
