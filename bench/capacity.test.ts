import { describe, expect, it } from 'vitest';
import { capacityFromProbe, latencyHistoryMs, probeLengthMs } from './capacity.js';
import type { Sample } from './samples.js';

const at = (atMs: number, sourcePosition: number, jobState: Sample['jobState'] = 'RUNNING'): Sample => ({
  atMs,
  jobState,
  sourcePosition,
  busyRatio: {},
  backpressureRatio: {},
  taskManagers: [],
});

describe('capacity from the probe', () => {
  // Paced at 1,000/s until 10 s, then the probe: 30,000/s after a 2 s ramp at 10,000/s.
  const series: Sample[] = [];
  let pos = 0;
  for (let t = 0; t <= 30_000; t += 1_000) {
    series.push(at(t, pos));
    pos += t < 10_000 ? 1_000 : t < 12_000 ? 10_000 : 30_000;
  }

  it('is the slope of the source position over the steady part of the probe', () => {
    const c = capacityFromProbe(series, { startMs: 10_000, endMs: 30_000, settleMs: 3_000 });
    expect(c?.eventsPerSec).toBeCloseTo(30_000, 6);
    expect(c?.samples).toBe(18);
  });

  it('is pulled down by the ramp when the settle time is too short, so the settle time matters', () => {
    const c = capacityFromProbe(series, { startMs: 10_000, endMs: 30_000, settleMs: 0 })!;
    expect(c.eventsPerSec).toBeLessThan(30_000);
  });

  it('leaves out samples of a restart and of excluded spans, and needs three samples', () => {
    const withRestart = series.map((s) => (s.atMs === 20_000 ? { ...s, jobState: 'RESTARTING' as const, sourcePosition: 0 } : s));
    expect(capacityFromProbe(withRestart, { startMs: 10_000, endMs: 30_000, settleMs: 3_000 })?.eventsPerSec).toBeCloseTo(30_000, 6);
    expect(capacityFromProbe(series, { startMs: 10_000, endMs: 30_000, settleMs: 3_000 }, [{ startMs: 13_000, endMs: 28_000 }])).toBeUndefined();
  });

  it('sizes the latency histogram window from rate and parallelism', () => {
    expect(latencyHistoryMs(5_000, 2)).toBe(4_000);
    expect(latencyHistoryMs(0, 2)).toBe(0);
  });
});

describe('the probe’s length', () => {
  it('spans a whole number of checkpoint intervals after the settle time', () => {
    // 30 s asked, 10 s settle: 20 s steady → one 30 s interval, two 10 s, twenty 1 s, four 5 s; off stays 30 s.
    expect(probeLengthMs(30_000, 10_000, 30_000)).toBe(40_000);
    expect(probeLengthMs(30_000, 10_000, 10_000)).toBe(30_000);
    expect(probeLengthMs(30_000, 10_000, 1_000)).toBe(30_000);
    expect(probeLengthMs(30_000, 10_000, 3_000)).toBe(31_000);
    expect(probeLengthMs(30_000, 10_000, 0)).toBe(30_000);
    expect(probeLengthMs(30_000, 10_000, 60_000)).toBe(70_000);
  });
});
