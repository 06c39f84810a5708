/**
 * The price of a checkpoint in CPU-seconds (pure; METHOD.md): the cost window cut into checkpoint
 * cycles (completed trigger to completed trigger), each cycle's cluster CPU and events, the spacing
 * checkpoints really ran at, and — given the baseline's CPU-seconds per event — the price per cycle.
 */
import { estimate, type Estimate } from '../../lib/confidence.js';
import { median } from '../../lib/stats.js';
import { isSaturated } from '../../lib/saturation.js';
import type { CheckpointRecord, Sample } from '../samples.js';
import type { CpuSample } from './cpuMeter.js';

/** One checkpoint cycle (or, without checkpoints, one block of the window). */
export interface Cycle {
  readonly startMs: number;
  readonly endMs: number;
  readonly cpuSeconds: number;
  readonly events: number;
  readonly writeBytes?: number;
}

/** The baseline's window is cut into blocks of this length, so its CPU rate has a variance too. */
export const BASELINE_BLOCK_MS = 10_000;

export interface CostSummary {
  readonly cpuSource: string;
  readonly window: { readonly startMs: number; readonly endMs: number };
  /** The cluster's CPU-seconds per second over the window. */
  readonly cpuSecondsPerSec?: number;
  /** Events the source emitted per second over the window. */
  readonly eventsPerSec?: number;
  /** c_e at the baseline (no checkpoints): CPU-seconds per event. */
  readonly cpuSecondsPerEvent?: number;
  readonly cycles: readonly Cycle[];
  readonly checkpointsCompleted: number;
  /** Failed or declined checkpoints triggered in the window. */
  readonly checkpointsFailed: number;
  /** The mean spacing of completed checkpoints. */
  readonly effectiveIntervalMs?: number;
  readonly saturated?: boolean;
  /** C_cpu per cycle, given the baseline's c_e: cycle CPU − c_e × its events. */
  readonly cpuSecondsPerCheckpoint?: Estimate;
  /** Flink's estimate: input rate ÷ the busiest subtask's busy share (FLIP-271's true processing rate), median over the window. */
  readonly busyTimeCapacityEventsPerSec?: number;
  /** The bytes the cluster wrote per cycle, where the platform tells. */
  readonly writeBytesPerCycle?: number;
  /** The machine's health over the window: CPU-seconds per second stolen by the hypervisor, and used by processes outside the cluster. */
  readonly health: { readonly stealCpuSecondsPerSec?: number; readonly otherCpuSecondsPerSec?: number };
}

/** Linear interpolation of a cumulative series at `atMs`; undefined outside it. */
export function interpolate<T>(series: readonly T[], atMs: number, at: (p: T) => number, value: (p: T) => number | undefined): number | undefined {
  const points = series.filter((p) => value(p) !== undefined);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (at(a) <= atMs && atMs <= at(b)) {
      const span = at(b) - at(a);
      return span === 0 ? value(a)! : value(a)! + ((value(b)! - value(a)!) * (atMs - at(a))) / span;
    }
  }
  return undefined;
}

/** The cluster's CPU-seconds per second between two instants of its cumulative CPU series. */
export function cpuRateOver(cpu: readonly CpuSample[], fromMs: number, toMs: number): number | undefined {
  const [c0, c1] = [cpuAt(cpu, fromMs), cpuAt(cpu, toMs)];
  return c0 === undefined || c1 === undefined || toMs <= fromMs ? undefined : (c1 - c0) / (toMs - fromMs);
}

const cpuAt = (cpu: readonly CpuSample[], t: number) =>
  interpolate(
    cpu,
    t,
    (p) => p.atMs,
    (p) => p.clusterCpuMs,
  );
const writtenAt = (cpu: readonly CpuSample[], t: number) =>
  interpolate(
    cpu,
    t,
    (p) => p.atMs,
    (p) => p.clusterWriteBytes,
  );
/** What a cycle needs of a sample: when, and the source's position. */
type Position = Pick<Sample, 'atMs' | 'sourcePosition'>;

const positionAt = (samples: readonly Position[], t: number) =>
  interpolate(
    samples,
    t,
    (s) => s.atMs,
    (s) => s.sourcePosition,
  );

function cycleBetween(cpu: readonly CpuSample[], samples: readonly Position[], startMs: number, endMs: number): Cycle | undefined {
  const [c0, c1, p0, p1] = [cpuAt(cpu, startMs), cpuAt(cpu, endMs), positionAt(samples, startMs), positionAt(samples, endMs)];
  if (c0 === undefined || c1 === undefined || p0 === undefined || p1 === undefined || p1 < p0) return undefined;
  const [w0, w1] = [writtenAt(cpu, startMs), writtenAt(cpu, endMs)];
  return { startMs, endMs, cpuSeconds: (c1 - c0) / 1000, events: p1 - p0, writeBytes: w0 !== undefined && w1 !== undefined ? w1 - w0 : undefined };
}

/** The cycles of a window: between consecutive completed checkpoint triggers, or blocks when checkpointing is off. */
export function cyclesOf(
  cpu: readonly CpuSample[],
  samples: readonly Position[],
  checkpoints: readonly CheckpointRecord[],
  window: { readonly startMs: number; readonly endMs: number },
  intervalMs: number,
): Cycle[] {
  const bounds =
    intervalMs > 0
      ? checkpoints
          .filter((c) => c.status === 'COMPLETED' && c.triggerMs >= window.startMs && c.triggerMs <= window.endMs)
          .map((c) => c.triggerMs)
          .sort((a, b) => a - b)
      : Array.from({ length: Math.floor((window.endMs - window.startMs) / BASELINE_BLOCK_MS) + 1 }, (_, i) => window.startMs + i * BASELINE_BLOCK_MS);
  const cycles: Cycle[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const c = cycleBetween(cpu, samples, bounds[i - 1]!, bounds[i]!);
    if (c) cycles.push(c);
  }
  return cycles;
}

/** C_cpu of each cycle: its CPU less what its events cost at the baseline. */
export function pricePerCycle(cycles: readonly Cycle[], cpuSecondsPerEvent: number): number[] {
  return cycles.map((c) => c.cpuSeconds - cpuSecondsPerEvent * c.events);
}

/** The true processing rate Flink's autoscaler would estimate: λ ÷ the busiest stage's busy share. */
export function busyTimeCapacity(samples: readonly Sample[], inputRate: number): number | undefined {
  return median(
    samples.flatMap((s) => {
      const busiest = Math.max(0, ...Object.values(s.busyRatio));
      return busiest > 0.01 ? [inputRate / busiest] : [];
    }),
  );
}

export function summarizeCost(input: {
  readonly cpuSource: string;
  readonly cpu: readonly CpuSample[];
  readonly samples: readonly Sample[];
  readonly checkpoints: readonly CheckpointRecord[];
  readonly window: { readonly startMs: number; readonly endMs: number };
  readonly intervalMs: number;
  readonly inputRate: number;
  /** The baseline's c_e, when known (a sweep's, or the baseline cell itself). */
  readonly cpuSecondsPerEvent?: number;
}): CostSummary {
  const { cpu, samples, checkpoints, window, intervalMs } = input;
  const cycles = cyclesOf(cpu, samples, checkpoints, window, intervalMs);
  const seconds = cycles.reduce((s, c) => s + (c.endMs - c.startMs), 0) / 1000;
  const cpuSeconds = cycles.reduce((s, c) => s + c.cpuSeconds, 0);
  const events = cycles.reduce((s, c) => s + c.events, 0);
  const inWindow = checkpoints.filter((c) => c.triggerMs >= window.startMs && c.triggerMs <= window.endMs);
  const completed = inWindow.filter((c) => c.status === 'COMPLETED').sort((a, b) => a.triggerMs - b.triggerMs);
  const failed = inWindow.filter((c) => c.status === 'FAILED').length;
  const effectiveIntervalMs = completed.length >= 2 ? (completed.at(-1)!.triggerMs - completed[0]!.triggerMs) / (completed.length - 1) : undefined;
  const durationMs = median(completed.map((c) => c.durationMs));
  const ownCe = intervalMs === 0 && events > 0 ? cpuSeconds / events : undefined;
  const ce = input.cpuSecondsPerEvent ?? ownCe;
  const steady = samples.filter((s) => s.atMs >= window.startMs && s.atMs <= window.endMs);
  const [h0, h1] = [cpu.find((p) => p.atMs >= window.startMs), [...cpu].reverse().find((p) => p.atMs <= window.endMs)];
  const hostSec = h0 && h1 && h1.atMs > h0.atMs ? (h1.atMs - h0.atMs) / 1000 : undefined;
  const health =
    hostSec && h0?.hostBusyMs !== undefined && h1?.hostBusyMs !== undefined
      ? {
          stealCpuSecondsPerSec: h0.hostStealMs !== undefined && h1.hostStealMs !== undefined ? (h1.hostStealMs - h0.hostStealMs) / 1000 / hostSec : undefined,
          otherCpuSecondsPerSec: Math.max(0, (h1.hostBusyMs - h0.hostBusyMs - (h1.clusterCpuMs - h0.clusterCpuMs)) / 1000 / hostSec),
        }
      : {};
  return {
    cpuSource: input.cpuSource,
    window,
    cpuSecondsPerSec: seconds > 0 ? cpuSeconds / seconds : undefined,
    eventsPerSec: seconds > 0 ? events / seconds : undefined,
    cpuSecondsPerEvent: ownCe,
    cycles,
    checkpointsCompleted: completed.length,
    checkpointsFailed: failed,
    effectiveIntervalMs,
    saturated: intervalMs > 0 ? isSaturated({ intervalMs, effectiveIntervalMs, checkpointsFailed: failed, medianDurationMs: durationMs }) : undefined,
    cpuSecondsPerCheckpoint: intervalMs > 0 && ce !== undefined && cycles.length > 0 ? estimate(pricePerCycle(cycles, ce)) : undefined,
    busyTimeCapacityEventsPerSec: busyTimeCapacity(steady, input.inputRate),
    writeBytesPerCycle: median(cycles.flatMap((c) => (c.writeBytes !== undefined ? [c.writeBytes] : []))),
    health,
  };
}
