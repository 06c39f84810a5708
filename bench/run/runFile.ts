/**
 * The run file: what a measurement has seen so far, summarised and written as run.json after every
 * sample, so an interrupted run keeps what it measured.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { cpus, hostname, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../lib/repoRoot.js';
import { writeJsonAtomic } from '../../lib/results.js';
import type { PlannedFailure } from '../../lib/failurePlan.js';
import type { WorkloadParameters } from '../../workload/parameters.js';
import { capacityFromProbe, latencyHistoryMs, type CapacityEstimate } from '../capacity.js';
import { DEFAULT_RECOVERY_LIMITS } from '../failures/observeRecovery.js';
import { summarizeRecovery, type RecoverySummary } from '../failures/recoverySummary.js';
import type { RecoveryTimeline } from '../failures/timeline.js';
import type { PrefilledState } from '../prefill.js';
import type { CheckpointRecord, Sample } from '../samples.js';
import type { SampleGap } from '../samplingOutage.js';
import type { CpuSample } from '../cpu/cpuMeter.js';
import { summarizeCost, type CostSummary } from '../cpu/checkpointPrice.js';
import type { CellKind } from './runOptions.js';
import { summarize, type RunSummary } from '../summary.js';
import type { Verification } from '../verifier.js';
import { checkpointTypeOf, RUN_SCHEMA_VERSION } from './runFileSchema.js';
import type { RunOptions } from './runOptions.js';

/** What is fixed once the job's arguments are rendered. */
export interface RunSetup {
  readonly options: RunOptions;
  readonly cell: CellKind;
  readonly runDir: string;
  readonly startedAtMs: number;
  readonly flinkVersion: string;
  readonly jarId: string;
  /** The workload as run (its rate calibrated when autoRate). */
  readonly workload: WorkloadParameters;
  readonly calibration?: { readonly fraction: number; readonly capacity: CapacityEstimate; readonly rate: number };
  readonly stateAtStart?: PrefilledState;
  readonly intervalMs: number;
  readonly planned: readonly PlannedFailure[];
  readonly jobArgs: readonly string[];
  readonly targetRate: number;
  readonly parallelism: number;
  /** The capacity probe: when it starts (every event due from then on), how long, and its settling time. */
  readonly probeAtMs?: number;
  readonly probeMs: number;
  readonly settleMs: number;
}

/** What changes while the run goes on. */
export interface RunProgress {
  status: 'running' | 'complete' | 'failed' | 'interrupted';
  error?: string;
  jobId?: string;
  readonly samples: Sample[];
  checkpoints: CheckpointRecord[];
  readonly recoveries: RecoveryTimeline[];
  sampleGaps: readonly SampleGap[];
  verification?: Verification;
  /** The cluster's CPU, read every second, and where it was read. */
  cpu?: { readonly source: string; readonly samples: readonly CpuSample[] };
  /** Why a planned failure was not injected (the health gate never held before the deadline). */
  notInjected?: string;
}

export interface RunFigures {
  readonly summary: RunSummary;
  readonly recovery?: RecoverySummary;
  readonly capacity?: CapacityEstimate;
  /** Cost cells: the price of checkpoints over the steady window. */
  readonly cost?: CostSummary;
}

const probeEndMs = (s: RunSetup) => (s.probeAtMs !== undefined ? s.probeAtMs + s.probeMs : undefined);

/** The summary of the steady window up to `endMs` (never into the probe), the probe's capacity, the recoveries (pure). */
export function runFigures(setup: RunSetup, progress: RunProgress, endMs: number): RunFigures {
  const o = setup.options;
  // Recovery periods are not steady state: their samples stay out of the steady figures. A failure the
  // job never caught up from disturbs the rest of the run.
  const disturbances = progress.recoveries.map((r) => ({ startMs: r.injectedAt, endMs: r.caughtUp ? r.endedAt : Infinity }));
  const summary = summarize(
    progress.samples,
    progress.checkpoints,
    { startMs: setup.startedAtMs + o.warmupMs, endMs: setup.probeAtMs !== undefined ? Math.min(endMs, setup.probeAtMs) : endMs },
    setup.targetRate,
    { disturbances, latencyHistoryMs: latencyHistoryMs(setup.targetRate, setup.parallelism) },
  );
  // While catching up the job runs at capacity too: only the outage (and its restart transient) is left out.
  const outages = progress.recoveries.map((r) => ({ startMs: r.injectedAt, endMs: r.runningAgainAt + setup.settleMs }));
  const capacity =
    setup.probeAtMs !== undefined
      ? capacityFromProbe(progress.samples, { startMs: setup.probeAtMs, endMs: probeEndMs(setup)!, settleMs: setup.settleMs }, outages)
      : undefined;
  const cost =
    setup.cell === 'cost' && progress.cpu
      ? summarizeCost({
          cpuSource: progress.cpu.source,
          cpu: progress.cpu.samples,
          samples: progress.samples,
          checkpoints: progress.checkpoints,
          window: summary.window,
          intervalMs: setup.intervalMs,
          inputRate: setup.targetRate,
        })
      : undefined;
  return { summary, recovery: o.failures ? summarizeRecovery(progress.recoveries) : undefined, capacity, cost };
}

function environment(outDir: string) {
  let diskFreeBytes: number | undefined;
  try {
    const s = statfsSync(REPO_ROOT);
    diskFreeBytes = s.bavail * s.bsize;
  } catch {
    diskFreeBytes = undefined;
  }
  return { hostname: hostname(), platform: platform(), cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryBytes: totalmem(), diskFreeBytes, outDir };
}

/** run.json's `config`: what the run was asked to do, as rendered for the job. */
function runConfigOf(setup: RunSetup) {
  const o = setup.options;
  return {
    cell: setup.cell,
    restUrl: o.restUrl,
    checkpointIntervalMs: setup.intervalMs,
    warmupMs: o.warmupMs,
    durationMs: o.durationMs,
    sampleMs: o.sampleMs,
    end: o.end,
    failures: o.failures ? { ...o.failures.options, planned: setup.planned, limits: o.failures.limits ?? DEFAULT_RECOVERY_LIMITS } : undefined,
    workload: setup.workload,
    initialState: o.initialState ?? 'prefilled',
    probeMs: setup.probeMs,
    autoRate: o.autoRate,
    jobArgs: setup.jobArgs,
    // The one answer to "full or incremental": the job's flag overrides the cluster's default.
    checkpointType: checkpointTypeOf(setup.workload.incremental as boolean | undefined, o.cluster),
    cluster: o.cluster,
  };
}

/** Writes run.json as the run stands; returns its figures. */
export function writeRunFile(setup: RunSetup, progress: RunProgress, endMs = Date.now()): RunFigures {
  const o = setup.options;
  const figures = runFigures(setup, progress, endMs);
  const { stateAtStart } = setup;
  writeJsonAtomic(setup.runDir, 'run.json', {
    schemaVersion: RUN_SCHEMA_VERSION,
    runId: setup.runDir.split('/').pop(),
    status: progress.status,
    error: progress.error,
    startedAt: new Date(setup.startedAtMs).toISOString(),
    config: runConfigOf(setup),
    versions: {
      flink: setup.flinkVersion,
      node: process.version,
      project: (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    },
    environment: environment(o.outDir),
    jobId: progress.jobId,
    samples: progress.samples,
    sampleGaps: progress.sampleGaps.length ? progress.sampleGaps : undefined,
    checkpoints: progress.checkpoints,
    cpu: progress.cpu,
    notInjected: progress.notInjected,
    summary: {
      ...figures.summary,
      capacityEventsPerSec: figures.capacity?.eventsPerSec,
      cost: figures.cost,
      probe:
        setup.probeAtMs !== undefined ? { startMs: setup.probeAtMs, endMs: probeEndMs(setup), settleMs: setup.settleMs, fit: figures.capacity } : undefined,
      calibration: setup.calibration,
      stateAtStart: stateAtStart
        ? {
            bidders: stateAtStart.bidders,
            bytes: stateAtStart.nominalBytes,
            savepointBytes: stateAtStart.savepointBytes,
            savepoint: stateAtStart.savepoint,
            buildMs: stateAtStart.buildMs,
            reused: stateAtStart.reused,
          }
        : undefined,
      recovery: figures.recovery && { ...figures.recovery, notInjected: progress.notInjected },
      verification: progress.verification,
    },
  });
  return figures;
}
