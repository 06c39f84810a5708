/** What a measurement is asked to do, what it returns, and how an interrupted one ends. */
import type { WorkloadParameters } from '../../workload/parameters.js';
import type { CpuSource } from '../cpu/cpuSources.js';
import type { FailureInjector } from '../failures/injectors.js';
import type { RecoveryLimits } from '../failures/observeRecovery.js';
import type { RecoverySummary } from '../failures/recoverySummary.js';
import type { FailureOptions } from '../../lib/failurePlan.js';
import type { PrefilledState } from '../prefill.js';
import type { RunSummary } from '../summary.js';
import type { Verification } from '../verifier.js';

/**
 * What a run measures (METHOD.md, two kinds of cell): `cost` — no failure, a steady window, then the
 * capacity probe; `recovery` — failures only when the health gate holds, no probe, the run ending after
 * the last catch-up.
 */
export type CellKind = 'cost' | 'recovery';

export interface RunOptions {
  readonly restUrl: string;
  /** Unset: recovery when failures are asked for, else cost. */
  readonly cell?: CellKind;
  /** Where the cluster's CPU time is read (local processes); unset: Flink's JVM CPU time through REST. */
  readonly cpuSource?: CpuSource;
  /** The job's parameters (startTimeMs is set at submission). */
  readonly workload: WorkloadParameters;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly sampleMs: number;
  /** Results root: the run writes `<outDir>/<run-id>/run.json`. */
  readonly outDir: string;
  readonly end: 'savepoint' | 'cancel';
  /** Where the cluster's checkpoint storage is mounted here: `container prefix → local prefix`, for the verifier. */
  readonly storagePathMap?: { readonly from: string; readonly to: string };
  /** What else to record about the cluster (its config, how it was started). */
  readonly cluster?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
  readonly progress?: (line: string) => void;
  /**
   * `prefilled` (default): the job starts from a savepoint in which every bidder already has its state
   * (bench/prefill.ts), so every interval is measured at the same state size; `empty`: state grows as
   * bids arrive.
   */
  readonly initialState?: 'prefilled' | 'empty';
  /** The capacity probe after the measured window (every event due at once); 0 or unset: none. */
  readonly probeMs?: number;
  /** Run at this fraction of the capacity a short probe measures first, instead of workload.rate. */
  readonly autoRate?: { readonly fraction: number; readonly probeMs: number };
  /** Failures to inject during the measured window, and how. */
  readonly failures?: {
    readonly options: FailureOptions;
    readonly injector: FailureInjector;
    readonly limits?: RecoveryLimits;
    /** TaskManagers the cluster must have again after a tm-kill. */
    readonly expectedTaskManagers?: number;
    /** false: inject even when the job is behind (to study failures under overload); default: only behind the health gate. */
    readonly healthGate?: boolean;
  };
}

export interface RunResult {
  readonly runDir: string;
  readonly runJson: string;
  readonly summary: RunSummary;
  readonly recovery?: RecoverySummary;
  readonly verification?: Verification;
  readonly capacityEventsPerSec?: number;
  readonly stateAtStart?: PrefilledState;
  readonly humanSummary: string;
}

/** The run was stopped (Ctrl-C): results so far are written. */
export class RunInterrupted extends Error {
  constructor(readonly runDir: string) {
    super(`Run interrupted; partial results in ${runDir}`);
    this.name = 'RunInterrupted';
  }
}
