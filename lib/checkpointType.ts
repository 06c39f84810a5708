/** The two kinds of RocksDB checkpoint a sweep compares, and which one a workload runs (pure). */
export const CHECKPOINT_TYPES = ['full', 'incremental'] as const;
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];

/** The checkpoint type a workload runs: its `incremental`, full with the heap backend; undefined when it leaves it to the cluster. */
export function checkpointTypeOfWorkload(workload: Readonly<Record<string, unknown>>): CheckpointType | undefined {
  if (workload.stateBackend === 'hashmap') return 'full';
  return typeof workload.incremental === 'boolean' ? (workload.incremental ? 'incremental' : 'full') : undefined;
}
