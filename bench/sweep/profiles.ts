/** Sweep profiles: how big a sweep is. `seed` is the original study's setting. */
import type { FailureDetectionProfile } from '../../infra/clusterConfig.js';

export interface SweepProfile {
  readonly name: ProfileName;
  readonly description: string;
  readonly intervals: string;
  readonly repeat: number;
  readonly failures: number;
  /** `rate` is events/s, or `auto:<fraction>` of the capacity a calibration probe measures at the sweep's start. */
  readonly workload: {
    readonly rate: number | string;
    readonly bidders: number;
    readonly keys: number;
    readonly stateMode: string;
    readonly stateBackend: string;
    /** Unset: the cluster's state.backend.incremental (true here). */
    readonly incremental?: boolean;
  };
  /** Where in the checkpoint cycle failures fall: 0.5 makes a single failure's replay the uniform-phase expectation (replay is linear in the phase). */
  readonly failurePhase: number | 'random';
  /** The capacity probe at the end of every cell. */
  readonly probeMs: number;
  readonly warmupMs: number;
  /** The measured window; longer where the failures need it (two intervals + recovery each). */
  readonly minDurationMs: number;
  readonly sampleMs: number;
  readonly failureDetection: FailureDetectionProfile;
}

export type ProfileName = 'quick' | 'standard' | 'seed';

export const PROFILES: Readonly<Record<ProfileName, SweepProfile>> = {
  quick: {
    name: 'quick',
    description: 'prefilled hybrid state, full RocksDB checkpoints, 0.6 × measured capacity, fast failure detection; about 17 minutes on a 2-core machine',
    intervals: '1s,2s,5s,10s,30s',
    repeat: 1,
    failures: 1,
    // Full checkpoints: each one writes the whole state, so its cost shows as C/T. With incremental
    // checkpoints this state (rewritten completely between checkpoints) uploads about the same bytes
    // per second at every interval, and one repeat cannot tell the intervals apart.
    workload: { rate: 'auto:0.6', bidders: 20_000, keys: 10_000, stateMode: 'hybrid', stateBackend: 'rocksdb', incremental: false },
    failurePhase: 0.5,
    probeMs: 30_000,
    warmupMs: 20_000,
    minDurationMs: 40_000,
    sampleMs: 2_000,
    failureDetection: 'fast',
  },
  standard: {
    name: 'standard',
    description: 'three repeats with two failures each; a few hours',
    intervals: '1s,2s,5s,10s,30s,60s',
    repeat: 3,
    failures: 2,
    workload: { rate: 'auto:0.7', bidders: 1_000_000, keys: 10_000, stateMode: 'realistic', stateBackend: 'rocksdb' },
    failurePhase: 'random',
    probeMs: 60_000,
    warmupMs: 60_000,
    minDurationMs: 180_000,
    sampleMs: 2_000,
    failureDetection: 'flink-default',
  },
  seed: {
    name: 'seed',
    description: "the seed's numbers: 15,000 events/s, 3,000,000 bidders, realistic state",
    intervals: '1s,2s,5s,10s,30s,60s',
    repeat: 3,
    failures: 3,
    workload: { rate: 15_000, bidders: 3_000_000, keys: 10_000, stateMode: 'realistic', stateBackend: 'rocksdb' },
    failurePhase: 'random',
    probeMs: 60_000,
    warmupMs: 120_000,
    minDurationMs: 300_000,
    sampleMs: 2_000,
    failureDetection: 'flink-default',
  },
};
