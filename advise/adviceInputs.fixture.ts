/** Advice inputs whose consequences the tests work out by hand (advise/adviceEstimates.test.ts). */
import type { AdviceInputs, Labelled } from './adviceInputs.js';

export const l = (value: number, low?: number, high?: number): Labelled => ({ value, low, high, provenance: 'observed', how: 'stated in the test' });

// Stated: λ = 1,000/s, μ = 5,000/s [4,000 – 6,000] at the current 10 s, a checkpoint costs 1.0 CPU-s [0.8 – 1.2],
// a record 0.2 ms of CPU: P = 5,000 × 0.0002 + 1.0 / 10 s = 1.1 CPU-s/s, μ without checkpoints P / c_e = 5,500/s.
// A 100 MB state restored at 50 MB/s (2 s), detection 1 s, restart 2 s: D = 5 s.
export const FULL: AdviceInputs = {
  currentIntervalMs: 10_000,
  effectiveIntervalMs: 10_000,
  checkpointType: 'full',
  inputRate: l(1_000),
  capacity: l(5_000, 4_000, 6_000),
  cpuSecondsPerCheckpoint: l(1.0, 0.8, 1.2),
  cpuSecondsPerEvent: l(0.0002),
  cpuCapacity: l(1.1),
  stateBytes: l(100e6),
  checkpointedBytes: l(100e6),
  checkpointDurationMs: l(2_000),
  detectionMs: l(1_000),
  restartMs: l(2_000),
  restoreBytesPerSec: l(50e6),
  drainRatio: l(1),
};
