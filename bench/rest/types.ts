/** Flink 1.18 REST response shapes: only the fields the bench reads; unknown fields are ignored. */

export interface Overview {
  readonly taskmanagers: number;
  readonly 'slots-total': number;
  readonly 'slots-available': number;
  readonly 'jobs-running': number;
  readonly 'flink-version': string;
}

export interface TaskManagerInfo {
  readonly id: string;
  readonly slotsNumber: number;
  readonly freeSlots: number;
}

export type JobStatus =
  'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED' | 'FINISHED' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

export interface JobVertex {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly status: string;
  readonly tasks: Readonly<Record<string, number>>;
}

export interface JobDetails {
  readonly jid: string;
  readonly name: string;
  readonly state: JobStatus;
  readonly 'start-time': number;
  readonly now: number;
  readonly timestamps: Readonly<Partial<Record<JobStatus, number>>>;
  readonly vertices: readonly JobVertex[];
}

/** A metric value as Flink reports it: always a string. */
export interface MetricValue {
  readonly id: string;
  readonly value: string;
}

/** An aggregated subtask metric (`agg=min,max,avg,sum`). */
export interface AggregatedMetric {
  readonly id: string;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly sum?: number;
}

export interface StatsSummary {
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly p50?: number;
  readonly p99?: number;
}

export interface CheckpointHistoryEntry {
  readonly id: number;
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  readonly is_savepoint: boolean;
  readonly trigger_timestamp: number;
  readonly latest_ack_timestamp: number;
  readonly state_size: number;
  readonly checkpointed_size?: number;
  readonly end_to_end_duration: number;
  readonly alignment_buffered?: number;
  readonly processed_data?: number;
  readonly persisted_data?: number;
  readonly num_subtasks: number;
  readonly num_acknowledged_subtasks: number;
}

export interface CheckpointingStatistics {
  readonly counts: {
    readonly restored: number;
    readonly total: number;
    readonly in_progress: number;
    readonly completed: number;
    readonly failed: number;
  };
  readonly latest: {
    readonly completed: CheckpointHistoryEntry | null;
    readonly restored: { readonly id: number; readonly restore_timestamp: number; readonly is_savepoint: boolean } | null;
  };
  readonly history: readonly CheckpointHistoryEntry[];
}

/** Per-vertex detail of one checkpoint: sync/async/alignment over its subtasks. */
export interface CheckpointSubtaskSummary {
  readonly summary?: {
    readonly checkpoint_duration?: { readonly sync?: StatsSummary; readonly async?: StatsSummary };
    readonly alignment?: { readonly duration?: StatsSummary };
  };
}

export interface SavepointTriggerStatus {
  readonly status: { readonly id: 'IN_PROGRESS' | 'COMPLETED' };
  readonly operation?: { readonly location?: string; readonly 'failure-cause'?: { readonly 'stack-trace'?: string } };
}

export interface JobExceptions {
  readonly 'root-exception'?: string;
  readonly exceptionHistory?: { readonly entries: readonly ExceptionHistoryEntry[] };
}

export interface VertexSubtask {
  readonly subtask: number;
  readonly status: string;
  readonly attempt: number;
  readonly 'taskmanager-id': string;
  readonly 'start-time': number;
}

export interface ExceptionHistoryEntry {
  readonly exceptionName: string;
  readonly stacktrace?: string;
  readonly timestamp: number;
  readonly taskName?: string;
}
