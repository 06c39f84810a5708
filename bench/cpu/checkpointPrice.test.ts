import { describe, expect, it } from 'vitest';
import type { CheckpointRecord, Sample } from '../samples.js';
import type { CpuSample } from './cpuMeter.js';
import { summarizeCost } from './checkpointPrice.js';

/**
 * A hand-built trace: λ = 1,000 events/s, each event costs c_e = 0.0005 CPU-s (0.5 CPU-s per second),
 * each checkpoint costs C = 0.8 CPU-s spent in the second after its trigger, and a deterministic jitter
 * of ±0.05 CPU-s alternating per second. CPU read every second, positions every 2 s.
 */
const LAMBDA = 1_000;
const CE = 0.0005;
const C = 0.8;

function trace(intervalMs: number, triggerEveryMs: number, seconds: number, failedAt: readonly number[] = []) {
  const triggers = intervalMs > 0 ? Array.from({ length: Math.floor((seconds * 1000) / triggerEveryMs) }, (_, i) => (i + 1) * triggerEveryMs) : [];
  const cpu: CpuSample[] = [];
  let cum = 0;
  for (let t = 0; t <= seconds; t++) {
    if (t > 0) {
      cum += CE * LAMBDA + (t % 2 === 0 ? 0.05 : -0.05);
      // A checkpoint triggered at the start of this second costs C within it.
      if (triggers.includes((t - 1) * 1000)) cum += C;
    }
    cpu.push({ atMs: t * 1000, clusterCpuMs: cum * 1000 });
  }
  const samples: Sample[] = Array.from({ length: seconds / 2 + 1 }, (_, i) => ({
    atMs: i * 2000,
    jobState: 'RUNNING',
    sourcePosition: LAMBDA * i * 2,
    busyRatio: { state: 0.25 },
    backpressureRatio: {},
    taskManagers: [],
  }));
  const checkpoints: CheckpointRecord[] = triggers.map((t, i) => ({
    id: i + 1,
    status: failedAt.includes(t) ? 'FAILED' : 'COMPLETED',
    triggerMs: t,
    durationMs: 300,
    stateSizeBytes: 1,
    checkpointedSizeBytes: 1,
  }));
  return { cpu, samples, checkpoints };
}

describe('the price of a checkpoint in CPU-seconds', () => {
  it('recovers a known per-checkpoint cost within its interval, the interval as labelled', () => {
    const { cpu, samples, checkpoints } = trace(5_000, 5_000, 120);
    const cost = summarizeCost({
      cpuSource: 'proc',
      cpu,
      samples,
      checkpoints,
      window: { startMs: 10_000, endMs: 110_000 },
      intervalMs: 5_000,
      inputRate: LAMBDA,
      cpuSecondsPerEvent: CE,
    });
    const price = cost.cpuSecondsPerCheckpoint!;
    expect(price.n).toBe(20); // triggers at 10 … 110 s: 21 of them, 20 cycles
    expect(price.ciLow!).toBeLessThan(C);
    expect(price.ciHigh!).toBeGreaterThan(C);
    expect(price.mean!).toBeCloseTo(C, 1);
    expect(cost.effectiveIntervalMs).toBe(5_000);
    expect(cost.saturated).toBe(false);
    // λ ÷ the busy share 0.25 = 4,000 events/s.
    expect(cost.busyTimeCapacityEventsPerSec).toBe(4_000);
  });

  it('measures c_e at the baseline from blocks of the window', () => {
    const { cpu, samples, checkpoints } = trace(0, 0, 120);
    const cost = summarizeCost({ cpuSource: 'proc', cpu, samples, checkpoints, window: { startMs: 10_000, endMs: 110_000 }, intervalMs: 0, inputRate: LAMBDA });
    expect(cost.cycles).toHaveLength(10);
    expect(cost.cpuSecondsPerEvent!).toBeCloseTo(CE, 6);
    expect(cost.cpuSecondsPerSec!).toBeCloseTo(0.5, 3);
    expect(cost.saturated).toBeUndefined();
  });

  it('marks a cell saturated when checkpoints run 1.5 × further apart than asked, take longer than the interval, or one failed', () => {
    const slow = trace(2_000, 3_000, 120);
    expect(summarizeCost({ cpuSource: 'proc', ...slow, window: { startMs: 10_000, endMs: 110_000 }, intervalMs: 2_000, inputRate: LAMBDA }).saturated).toBe(
      true,
    );
    // Spaced as asked, but each checkpoint takes longer than the interval: back to back.
    const backToBack = trace(2_000, 2_000, 120);
    const longer = backToBack.checkpoints.map((c) => ({ ...c, durationMs: 2_400 }));
    expect(
      summarizeCost({
        cpuSource: 'proc',
        ...backToBack,
        checkpoints: longer,
        window: { startMs: 10_000, endMs: 110_000 },
        intervalMs: 2_000,
        inputRate: LAMBDA,
      }).saturated,
    ).toBe(true);
    const failing = trace(5_000, 5_000, 120, [50_000]);
    const cost = summarizeCost({ cpuSource: 'proc', ...failing, window: { startMs: 10_000, endMs: 110_000 }, intervalMs: 5_000, inputRate: LAMBDA });
    expect(cost.checkpointsFailed).toBe(1);
    expect(cost.saturated).toBe(true);
  });
});
