import { describe, expect, it } from 'vitest';
import type { CheckpointRecord } from '../bench/samples.js';
import type { JobObservation } from './jobObservation.js';
import { observedPrice } from './observedPrice.js';

// A job whose truth is stated here: 1,000 records/s at 0.2 ms of CPU each (0.2 CPU-s/s), a checkpoint every
// 10 s from t = 5 s that runs 2 s and burns 0.5 CPU-s/s more while it runs — so one checkpoint costs 1.0 CPU-s.
const RATE = 1_000;
const CPU_PER_RECORD = 0.0002;
const EXTRA_WHILE_CHECKPOINTING = 0.5;
const T0 = 1_700_000_000_000;
const checkpoints: CheckpointRecord[] = [5, 15, 25, 35, 45, 55].map((s, i) => ({
  id: i + 1,
  status: 'COMPLETED',
  triggerMs: T0 + s * 1000,
  durationMs: 2_000,
  stateSizeBytes: 100e6,
  checkpointedSizeBytes: 100e6,
}));
/** Seconds of checkpointing in [0, t] (t in s), by hand: each checkpoint runs [5 + 10k, 7 + 10k]. */
const checkpointingUpTo = (t: number) => [5, 15, 25, 35, 45, 55].reduce((s, c) => s + Math.max(0, Math.min(t, c + 2) - c), 0);

function observation(noise: (i: number) => number = () => 1, fetchMs = 1_000): JobObservation {
  const seconds = Array.from({ length: 61 }, (_, i) => i);
  let cpuMs = 0;
  const cpu = seconds.map((t, i) => {
    if (i > 0) cpuMs += 1000 * (CPU_PER_RECORD * RATE + EXTRA_WHILE_CHECKPOINTING * (checkpointingUpTo(t) - checkpointingUpTo(t - 1))) * noise(i);
    return { atMs: T0 + t * 1000, clusterCpuMs: cpuMs };
  });
  return {
    restUrl: 'http://flink:8081',
    jobId: 'j1',
    jobName: 'bids',
    startedAtMs: T0,
    endedAtMs: T0 + 60_000,
    checkpointIntervalMs: 10_000,
    config: { metricsFetcherIntervalMs: fetchMs },
    taskManagers: 2,
    ticks: seconds.map((t) => ({ atMs: T0 + t * 1000, jobState: 'RUNNING', sourceRecordsOut: RATE * t, busiestShare: 0.2 })),
    cpu,
    checkpoints,
  };
}

describe('the price of a checkpoint observed without a baseline', () => {
  it('recovers the stated CPU per record and per checkpoint from noiseless reads', () => {
    const r = observedPrice(observation());
    if (!('price' in r)) throw new Error(r.unobservable);
    expect(r.price.cpuSecondsPerEvent).toBeCloseTo(0.0002, 10);
    expect(r.price.cpuSecondsPerCheckpointSecond).toBeCloseTo(0.5, 8);
    // Five whole cycles (triggers at 5 … 55 s), each 3.0 CPU-s for 10,000 records: 3.0 − 0.0002 × 10,000 = 1.0.
    expect(r.price.cpuSecondsPerCheckpoint.n).toBe(5);
    expect(r.price.cpuSecondsPerCheckpoint.mean).toBeCloseTo(1.0, 8);
    expect(r.price.effectiveIntervalMs).toBe(10_000);
    expect(r.price.eventsPerSec).toBeCloseTo(1_000, 6);
    expect(r.price.cpuSecondsPerSec).toBeCloseTo(0.3, 8);
  });

  it('brackets the stated price when every read is off by up to ±5 %', () => {
    const wobble = (i: number) => 1 + 0.05 * Math.sin(i * 1.7);
    const r = observedPrice(observation(wobble));
    if (!('price' in r)) throw new Error(r.unobservable);
    const c = r.price.cpuSecondsPerCheckpoint;
    expect(c.ciLow!).toBeLessThanOrEqual(1.0);
    expect(c.ciHigh!).toBeGreaterThanOrEqual(1.0);
    expect(Math.abs(c.mean! - 1.0)).toBeLessThan(0.2);
  });

  it('says the price is unobservable when REST metrics refresh too seldom for the cycle, naming the setting', () => {
    const r = observedPrice(observation(undefined, 10_000));
    expect(r).toEqual({
      unobservable:
        'The REST server refreshes metrics every 10.0 s (metrics.fetcher.update-interval), too coarse to see inside a 10.0 s checkpoint cycle: set it to 1.0 s or less to observe the price of a checkpoint.',
    });
  });
});
