/**
 * "On the seed's hardware" (pure): the same model with the seed's machines as inputs — two TaskManagers
 * of 4 cores (the CPU a checkpoint's price is a share of), an HDD at 120 MB/s as the write bound, a
 * 1 Gbit/s network — applied to what this machine predicts for the seed's state. A prediction, every
 * input listed with where it comes from; nothing here was measured on that hardware.
 */
import type { Prediction } from './predict.js';
import { expectedReplayedRecords } from './model.js';

export interface Hardware {
  readonly taskManagers: number;
  readonly coresPerTaskManager: number;
  /** The checkpoint storage's sequential write (and read) bandwidth. */
  readonly diskBytesPerSec: number;
  readonly networkBytesPerSec: number;
}

/** The seed's cluster: 2 × 4 cores, an HDD at 120 MB/s, 1 Gbit/s (125 MB/s). */
export const SEED_HARDWARE: Hardware = { taskManagers: 2, coresPerTaskManager: 4, diskBytesPerSec: 120e6, networkBytesPerSec: 125e6 };

/** What this machine contributes: its prediction at the seed's state, and its own processing CPU and capacity. */
export interface HereInputs {
  readonly prediction: Prediction;
  /** The CPU processing uses here at capacity (the loss's denominator, CPU-s/s). */
  readonly processingCpuSecondsPerSec: number;
  /** μ here at the seed's state (events/s). */
  readonly capacityEventsPerSec: number;
  /** The state's bytes (a restore reads them all). */
  readonly stateBytes: number;
  /** Failure detection under the seed's settings (Flink's defaults), ms. */
  readonly detectionMs: number;
  /** Where μ and the processing CPU here come from. */
  readonly hereFrom?: string;
}

export interface SeedHardwareAnswer {
  readonly intervalMs: number;
  /** C_cpu ÷ (T_eff · P): the same CPU-seconds per checkpoint, a share of the seed's cores. */
  readonly capacityLossPct?: number;
  /** Bytes ÷ the slower of disk and network: the least a checkpoint's upload takes there. */
  readonly checkpointWriteMs?: number;
  readonly effectiveIntervalMs: number;
  /** The state ÷ the slower of disk and network. */
  readonly restoreMs: number;
  readonly downtimeMs: number;
  readonly catchUpMs: number;
  readonly recoveryMs: number;
  readonly replayedRecords: number;
  /** Each input and where it comes from: `measured here`, `predicted here`, `the seed's`, `assumed`. */
  readonly inputs: readonly { readonly name: string; readonly value: string; readonly from: string }[];
}

export function onSeedHardware(here: HereInputs, hw: Hardware = SEED_HARDWARE): SeedHardwareAnswer {
  const p = here.prediction;
  const cores = hw.taskManagers * hw.coresPerTaskManager;
  const bandwidth = Math.min(hw.diskBytesPerSec, hw.networkBytesPerSec);
  const bytes = p.checkpointedBytes?.value;
  const checkpointWriteMs = bytes === undefined ? undefined : (bytes / bandwidth) * 1000;
  const effectiveIntervalMs = Math.max(p.intervalMs, checkpointWriteMs ?? 0);
  const price = p.cpuSecondsPerCheckpoint?.value;
  const capacityLossPct = price === undefined ? undefined : (100 * Math.max(0, price)) / ((effectiveIntervalMs / 1000) * cores);
  const restoreMs = (here.stateBytes / bandwidth) * 1000;
  const restartMs = p.recovery?.restartMs?.value ?? 0;
  const downtimeMs = here.detectionMs + restartMs + restoreMs;
  // Capacity scales with the CPU processing can use: μ_seed = μ_here × cores ÷ P_here, less the checkpoints' share.
  const capacity = ((here.capacityEventsPerSec * cores) / here.processingCpuSecondsPerSec) * (1 - (capacityLossPct ?? 0) / 100);
  const rate = p.inputRate ?? 0;
  const catchUpMs = capacity > rate ? (rate * (downtimeMs + p.intervalMs / 2)) / (capacity - rate) : Infinity;
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;
  return {
    intervalMs: p.intervalMs,
    capacityLossPct,
    checkpointWriteMs,
    effectiveIntervalMs,
    restoreMs,
    downtimeMs,
    catchUpMs,
    recoveryMs: downtimeMs + catchUpMs,
    replayedRecords: expectedReplayedRecords(rate, p.intervalMs, checkpointWriteMs ?? 0),
    inputs: [
      { name: 'cores for processing P', value: `${cores} (${hw.taskManagers} TaskManagers × ${hw.coresPerTaskManager})`, from: "the seed's" },
      {
        name: 'checkpoint write bound',
        value: `${mb(bandwidth)}/s (HDD ${mb(hw.diskBytesPerSec)}/s, network ${mb(hw.networkBytesPerSec)}/s)`,
        from: "the seed's",
      },
      {
        name: 'price per checkpoint',
        value: price === undefined ? '–' : `${price.toFixed(2)} CPU-s`,
        from: 'predicted here; assumed the same CPU-seconds there',
      },
      { name: 'bytes per checkpoint', value: bytes === undefined ? '–' : mb(bytes), from: 'predicted here' },
      { name: 'state', value: mb(here.stateBytes), from: 'predicted here (nominal)' },
      {
        name: 'capacity μ',
        value: `${Math.round(capacity).toLocaleString('en-US')} events/s`,
        from: `assumed: μ here (${Math.round(here.capacityEventsPerSec).toLocaleString('en-US')}) × ${cores} cores ÷ ${here.processingCpuSecondsPerSec.toFixed(2)} CPU-s/s here${here.hereFrom ? `, both ${here.hereFrom}` : ''}`,
      },
      { name: 'detection', value: `${(here.detectionMs / 1000).toFixed(0)} s`, from: "Flink's default heartbeat settings (the seed's)" },
      { name: 'restart', value: `${(restartMs / 1000).toFixed(1)} s`, from: 'measured here' },
      { name: 'input rate λ', value: `${rate.toLocaleString('en-US')} events/s`, from: "the seed's" },
    ],
  };
}
