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

/** How RocksDB is set up for the state it holds; every field is a Flink 1.18 option (see renderFlinkConf). */
export interface RocksDbSettings {
  /**
   * Where timers live (state.backend.rocksdb.timer-service.factory). The sliding window registers a
   * timer per event and window; in RocksDB each is a write, on the heap a hash lookup.
   */
  readonly timerService: 'HEAP' | 'ROCKSDB';
  /** Bloom filters on new SST files: a point lookup skips files without the key. */
  readonly bloomFilter: boolean;
  /** Share of the managed memory for write buffers (the rest is block cache). */
  readonly writeBufferRatio: number;
}

export interface RestartSettings {
  readonly attempts: number;
  readonly delayMs: number;
}

export interface ClusterConfig {
  readonly checkpoint: CheckpointSettings;
  /**
   * Spread a job's subtasks over all TaskManagers (cluster.evenly-spread-out-slots). Flink's default
   * fills one TaskManager first, so with parallelism 2 the whole state sat on one of two hosts.
   */
  readonly spreadSlotsEvenly: boolean;
  readonly stateBackend: 'rocksdb' | 'hashmap';
  readonly incremental: boolean;
  readonly rocksdb: RocksDbSettings;
  readonly dirs: StorageDirs;
  readonly memory: MemorySettings;
  readonly slotsPerTaskManager: number;
  readonly restart: RestartSettings;
  readonly failureDetection: FailureDetectionProfile;
}

/** Flink's smallest process sizes that leave room for its fixed parts. */
export const MIN_JOB_MANAGER_PROCESS_MB = 768;
export const MIN_TASK_MANAGER_PROCESS_MB = 1024;

/** The seed's hosts have 8 GB each; a TaskManager gets that much when the machine allows. */
export const SEED_TASK_MANAGER_PROCESS_MB = 8192;

/** What the local cluster leaves to everything else on the machine. */
export interface MachineMemoryShare {
  readonly taskManagerProcessMb: number;
  /** Why this size, in a sentence for the terminal. */
  readonly reason: string;
}

/**
 * The TaskManager size for a local cluster on a machine with `machineMb`: the seed's 8 GB when the
 * JobManager, every TaskManager and a reserve fit, else an equal share of what is left (at least
 * Flink's minimum). The reserve — a quarter of the machine, at least 4 GB — is for the bench, the
 * state verifier's JVM and the page cache that RocksDB's files and the checkpoints go through.
 */
export function taskManagerMemoryFor(machineMb: number, taskManagers: number, jobManagerProcessMb: number): MachineMemoryShare {
  const reserveMb = Math.max(4096, Math.round(machineMb / 4));
  const shareMb = Math.floor((machineMb - jobManagerProcessMb - reserveMb) / Math.max(1, taskManagers) / 64) * 64;
  const machine = `${(machineMb / 1024).toFixed(1)} GB machine`;
  if (shareMb >= SEED_TASK_MANAGER_PROCESS_MB) {
    return { taskManagerProcessMb: SEED_TASK_MANAGER_PROCESS_MB, reason: `the seed's 8 GB per TaskManager (${machine})` };
  }
  const taskManagerProcessMb = Math.max(MIN_TASK_MANAGER_PROCESS_MB, shareMb);
  return {
    taskManagerProcessMb,
    reason: `less than the seed's 8 GB: ${taskManagers} × ${taskManagerProcessMb} MB is what a ${machine} holds beside the JobManager and a ${(reserveMb / 1024).toFixed(1)} GB reserve`,
  };
}

/** Flink's own "unlimited" for execution.checkpointing.tolerable-failed-checkpoints. */
export const TOLERATE_EVERY_FAILED_CHECKPOINT = 2_147_483_647;

/** Defaults for one machine running all three processes (the local cluster sizes the TaskManagers from the machine). */
export function defaultClusterConfig(dirs: StorageDirs): ClusterConfig {
  return {
    checkpoint: {
      mode: 'EXACTLY_ONCE',
      unaligned: false,
      minPauseMs: 0,
      timeoutMs: 600_000,
      // A failed checkpoint is counted (the cell is saturated), never a reason to restart the job (METHOD.md).
      tolerableFailed: TOLERATE_EVERY_FAILED_CHECKPOINT,
      retainOnCancellation: true,
    },
    spreadSlotsEvenly: true,
    stateBackend: 'rocksdb',
    incremental: true,
    // Measured at 3,000,000 realistic bidders, checkpointing off (README, "RocksDB for the seed's
    // state"): timers on the heap 18.7k → 21.6k events/s, bloom filters on top 26.7k. The write-buffer
    // share stays Flink's default.
    rocksdb: { timerService: 'HEAP', bloomFilter: true, writeBufferRatio: 0.5 },
    dirs,
    memory: { jobManagerProcessMb: 1024, taskManagerProcessMb: 3072, managedFraction: 0.4 },
    slotsPerTaskManager: 4,
    restart: { attempts: 2_147_483_647, delayMs: 1_000 },
    failureDetection: 'flink-default',
  };
}
