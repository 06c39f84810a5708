/** Sweep profiles: how big a sweep is. `seed` is the original study's setting. */
import type { FailureDetectionProfile } from '../../infra/clusterConfig.js';

export interface SweepProfile {
  readonly name: ProfileName;
  readonly description: string;
  readonly intervals: string;
  readonly repeat: number;
  readonly failures: number;
  readonly workload: { readonly rate: number; readonly bidders: number; readonly keys: number; readonly stateMode: string; readonly stateBackend: string };
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
    description: 'sized to finish in about 15 minutes on a 2-core laptop',
    intervals: '1s,5s,10s,30s,60s',
    repeat: 1,
    failures: 1,
    workload: { rate: 5_000, bidders: 100_000, keys: 10_000, stateMode: 'realistic', stateBackend: 'rocksdb' },
    warmupMs: 20_000,
    minDurationMs: 60_000,
    sampleMs: 2_000,
    failureDetection: 'flink-default',
  },
  standard: {
    name: 'standard',
    description: 'three repeats with two failures each; a few hours',
    intervals: '1s,2s,5s,10s,30s,60s',
    repeat: 3,
    failures: 2,
    workload: { rate: 10_000, bidders: 1_000_000, keys: 10_000, stateMode: 'realistic', stateBackend: 'rocksdb' },
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
    warmupMs: 120_000,
    minDurationMs: 300_000,
    sampleMs: 2_000,
    failureDetection: 'flink-default',
  },
};
