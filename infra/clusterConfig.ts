/** The typed configuration of a Flink cluster, shared by the local cluster and the Pulumi stacks. */

/** How fast a lost TaskManager is noticed. `flink-default` is Flink 1.18's own setting. */
export type FailureDetectionProfile = 'flink-default' | 'fast';

export interface HeartbeatSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly rpcFailureThreshold: number;
}

export const FAILURE_DETECTION: Readonly<Record<FailureDetectionProfile, HeartbeatSettings>> = {
  // Flink 1.18 defaults (heartbeat.interval, heartbeat.timeout, heartbeat.rpc-failure-threshold).
  'flink-default': { intervalMs: 10_000, timeoutMs: 50_000, rpcFailureThreshold: 2 },
  fast: { intervalMs: 1_000, timeoutMs: 5_000, rpcFailureThreshold: 2 },
};

export interface CheckpointSettings {
  /** Unset: checkpointing off unless the job turns it on. */
  readonly intervalMs?: number;
  readonly mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';
  readonly unaligned: boolean;
  readonly minPauseMs: number;
  readonly timeoutMs: number;
  readonly tolerableFailed: number;
  /** Keep the last checkpoint when the job is cancelled, so it can be inspected. */
  readonly retainOnCancellation: boolean;
}

export interface StorageDirs {
  /** Where completed checkpoints go (shared by every process: the HDD volume or an NFS mount). */
  readonly checkpointsDir: string;
  readonly savepointsDir: string;
  /** RocksDB's working directory on each TaskManager (local disk). */
  readonly rocksdbLocalDir: string;
  /** io.tmp.dirs: also where the RPC system is unpacked. */
  readonly tmpDir: string;
}

export interface MemorySettings {
  readonly jobManagerProcessMb: number;
  readonly taskManagerProcessMb: number;
  /** Share of Flink memory for RocksDB (taskmanager.memory.managed.fraction). */
  readonly managedFraction: number;
}

export interface RestartSettings {
  readonly attempts: number;
  readonly delayMs: number;
}

export interface ClusterConfig {
  readonly checkpoint: CheckpointSettings;
  readonly stateBackend: 'rocksdb' | 'hashmap';
  readonly incremental: boolean;
  readonly dirs: StorageDirs;
  readonly memory: MemorySettings;
  readonly slotsPerTaskManager: number;
  readonly restart: RestartSettings;
  readonly failureDetection: FailureDetectionProfile;
}

/** Flink's smallest process sizes that leave room for its fixed parts. */
export const MIN_JOB_MANAGER_PROCESS_MB = 768;
export const MIN_TASK_MANAGER_PROCESS_MB = 1024;

/** Defaults sized for one 2-core / 24 GB machine running all three processes. */
export function defaultClusterConfig(dirs: StorageDirs): ClusterConfig {
  return {
    checkpoint: {
      mode: 'EXACTLY_ONCE',
      unaligned: false,
      minPauseMs: 0,
      timeoutMs: 600_000,
      tolerableFailed: 0,
      retainOnCancellation: true,
    },
    stateBackend: 'rocksdb',
    incremental: true,
    dirs,
    memory: { jobManagerProcessMb: 1024, taskManagerProcessMb: 3072, managedFraction: 0.4 },
    slotsPerTaskManager: 4,
    restart: { attempts: 2_147_483_647, delayMs: 1_000 },
    failureDetection: 'flink-default',
  };
}
