import { describe, expect, it } from 'vitest';
import type { Prediction } from './predict.js';
import { onSeedHardware } from './seedHardware.js';

// This machine's prediction at the seed's state, typed in: 2.0 CPU-s and 600 MB per checkpoint at 10 s, restart 2 s, 15,000 events/s.
const prediction: Prediction = {
  stateMode: 'realistic',
  bidders: 3_000_000,
  intervalMs: 10_000,
  inputRate: 15_000,
  cpuSecondsPerCheckpoint: { value: 2.0 },
  checkpointedBytes: { value: 600e6 },
  recovery: { restartMs: { value: 2_000 }, catchUpMs: 0, recoveryMs: { value: 0 } },
  measuredIntervalsMs: [5_000, 20_000],
  measuredBidders: [30_000, 300_000],
  extrapolation: [],
};
const here = { prediction, processingCpuSecondsPerSec: 1.5, capacityEventsPerSec: 30_000, stateBytes: 3e9, detectionMs: 50_000 };

describe("the model on the seed's hardware", () => {
  it('prices a checkpoint against 8 cores, bounds its upload by the 120 MB/s disk and its restore too, worked by hand', () => {
    const a = onSeedHardware(here);
    // 600 MB ÷ 120 MB/s = 5 s, under T: T_eff 10 s; loss 100 · 2.0 / (10 s · 8 cores) = 2.5 %.
    expect(a.checkpointWriteMs).toBeCloseTo(5_000, 6);
    expect(a.effectiveIntervalMs).toBe(10_000);
    expect(a.capacityLossPct).toBeCloseTo(2.5, 9);
    // Restore 3 GB ÷ 120 MB/s = 25 s; downtime 50 + 2 + 25 = 77 s.
    expect(a.restoreMs).toBeCloseTo(25_000, 6);
    expect(a.downtimeMs).toBeCloseTo(77_000, 6);
    // μ there = 30,000 × 8 ÷ 1.5 × (1 − 0.025) = 156,000; catch-up 15,000 · (77 s + 5 s) ÷ 141,000 = 8.723 s.
    expect(a.catchUpMs).toBeCloseTo(8_723.4, 1);
    expect(a.recoveryMs).toBeCloseTo(85_723.4, 1);
    // Replay λ(T/2 + write) = 15,000 · (5 s + 5 s) = 150,000 records.
    expect(a.replayedRecords).toBeCloseTo(150_000, 6);
    expect(a.inputs.map((i) => i.from)).toContain("the seed's");
    expect(a.inputs.find((i) => i.name === 'capacity μ')!.value).toBe('156,000 events/s');
  });

  it('runs checkpoints back to back when the disk cannot write one within T', () => {
    // At 2 s the 5 s upload sets T_eff: loss 100 · 2.0 / (5 s · 8) = 5 %.
    const a = onSeedHardware({ ...here, prediction: { ...prediction, intervalMs: 2_000 } });
    expect(a.effectiveIntervalMs).toBeCloseTo(5_000, 6);
    expect(a.capacityLossPct).toBeCloseTo(5, 9);
  });
});
