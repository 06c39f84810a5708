/** Sweep profiles: how big a sweep is. `seed` is the original study's setting. */
import type { FailureDetectionProfile } from '../infra/clusterConfig.js';

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
  /** State modes compared side by side (default: the workload's one). */
  readonly stateModes?: readonly string[];
  /** Bidders per state mode, where a mode needs another count than the workload's (to fit, or to finish in time). */
  readonly biddersByMode?: Readonly<Record<string, number>>;
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

/**
 * Cells short enough for a 2-core machine: one failure at mid-cycle replays the uniform-phase
 * expectation (replay is linear in the phase), and fast failure detection keeps the outage to seconds.
 * A minute of warm-up: after 30 s the restored job was still catching up, or its CPU still 0.1–0.4
 * CPU-s/s above its later rate (the restore's compactions), in 2 of 4 cost cells of a quick sweep.
 */
const SHORT_CELLS = { failurePhase: 0.5, probeMs: 30_000, warmupMs: 60_000, minDurationMs: 40_000, sampleMs: 2_000, failureDetection: 'fast' } as const;

export type ProfileName = 'quick' | 'standard' | 'seed' | 'study';

export const PROFILES: Readonly<Record<ProfileName, SweepProfile>> = {
  quick: {
    name: 'quick',
    description:
      'prefilled hybrid state, full RocksDB checkpoints, 0.6 × measured capacity; a cost cell (price in CPU-seconds, then the probe) per interval and the baseline, a recovery cell (one failure, fast detection) per interval; about 30 minutes on a 2-core machine (a re-run adds one cell)',
    // 1 s (checkpoints back to back at this state), 5 s and 30 s: the ends and the middle of the curve.
    // A cost window holds ten checkpoints and at least two minutes, so 30 s alone takes five and a half.
    intervals: '1s,5s,30s',
    repeat: 1,
    failures: 1,
    // Full checkpoints: each one writes the whole state, so its cost shows as C/T. With incremental
    // checkpoints this state (rewritten completely between checkpoints) uploads about the same bytes
    // per second at every interval, and one repeat cannot tell the intervals apart.
    workload: { rate: 'auto:0.6', bidders: 20_000, keys: 10_000, stateMode: 'hybrid', stateBackend: 'rocksdb', incremental: false },
    ...SHORT_CELLS,
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
  study: {
    name: 'study',
    description:
      "the seed's study on this machine: its three state modes side by side, each at 0.6 × its own measured capacity, at about equal state bytes (≈ 210 MB; the seed's 3,000,000 bidders do not fit bigstate on one disk), " +
      'full checkpoints, intervals 1s … 60s, two repeats, a cost and a recovery cell (one failure) per interval; with the method’s cost windows (ten checkpoints, at least 2 min) about 4 hours on a 2-core machine, over the 2 h the study should take: to be redesigned',
    intervals: '1s,5s,15s,60s',
    repeat: 2,
    failures: 1,
    stateModes: ['bigstate', 'realistic', 'hybrid'],
    // ≈ 210 MB nominal each: bigstate 2,000 × 110 KB, realistic 200,000 × 1 KB, hybrid 20,000 × 10.8 KB.
    biddersByMode: { bigstate: 2_000, realistic: 200_000, hybrid: 20_000 },
    workload: { rate: 'auto:0.6', bidders: 200_000, keys: 10_000, stateMode: 'realistic', stateBackend: 'rocksdb', incremental: false },
    ...SHORT_CELLS,
  },
};
