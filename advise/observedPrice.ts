/**
 * The price of a checkpoint in CPU-seconds, observed on a job that cannot be run without checkpoints
 * (pure). The lab takes the CPU per event c_e from a baseline cell; a user's job has none. Between two
 * ticks the cluster's CPU is c_e × the events processed plus r × the seconds a checkpoint was running,
 * fitted by least squares over every stretch of the window (so c_e comes from the time between
 * checkpoints, and r from their spans). Each checkpoint cycle then gives one price, its CPU less c_e ×
 * its events, as in the lab (bench/cpu/checkpointPrice.ts). A checkpoint's CPU outlasts its reported duration
 * (2–3 s after a 0.6 s checkpoint on the validation job), and part of it is work a job without checkpoints does
 * too, moved in time: read every second, this price stayed near the lab's own price of the same cells; read
 * every 5 s, more of the tail counted as the checkpoint's and it came out higher
 * (docs/measurements/read-period-on-lab-cells-2026-12-03).
 */
import { cyclesOf, pricePerCycle } from '../bench/cpu/checkpointPrice.js';
import type { CheckpointRecord } from '../bench/samples.js';
import { estimate, type Estimate } from '../lib/confidence.js';
import { formatElapsedMs } from '../lib/duration.js';
import { fitTwoRegressors } from '../lib/leastSquares.js';
import { median } from '../lib/stats.js';
import type { JobObservation } from './jobObservation.js';

export interface ObservedPrice {
  /** c_e: CPU-seconds per source record, from the stretches between checkpoints. */
  readonly cpuSecondsPerEvent: number;
  /** r: CPU-seconds per second while a checkpoint runs, above the events' own. */
  readonly cpuSecondsPerCheckpointSecond: number;
  /** C_cpu: one sample per checkpoint cycle; mean and 95 % t-interval. */
  readonly cpuSecondsPerCheckpoint: Estimate;
  /** The mean spacing of the completed checkpoints (T_eff). */
  readonly effectiveIntervalMs?: number;
  /** The cluster's CPU-seconds per second over the cycles. */
  readonly cpuSecondsPerSec: number;
  /** Records per second the sources sent over the cycles (λ). */
  readonly eventsPerSec: number;
}

export type PriceObservation = { readonly price: ObservedPrice } | { readonly unobservable: string };

/** Seconds of [from, to] during which some checkpoint was running. */
function checkpointingSeconds(checkpoints: readonly CheckpointRecord[], fromMs: number, toMs: number): number {
  let ms = 0;
  for (const c of checkpoints) ms += Math.max(0, Math.min(toMs, c.triggerMs + c.durationMs) - Math.max(fromMs, c.triggerMs));
  return ms / 1000;
}

/** A stretch between two consecutive reads that both saw the CPU and the sources. */
export interface Stretch {
  readonly fromMs: number;
  readonly toMs: number;
  readonly cpuSeconds: number;
  readonly records: number;
}

/** Every stretch of the observation while the job ran (the price's samples, and a script's bins). */
export function stretchesOf(o: JobObservation): Stretch[] {
  const cpuAt = new Map(o.cpu.map((c) => [c.atMs, c.clusterCpuMs]));
  const running = o.ticks.filter((t) => t.jobState === 'RUNNING' && t.sourceRecordsOut !== undefined && cpuAt.has(t.atMs));
  const out: Stretch[] = [];
  for (let i = 1; i < running.length; i++) {
    const [a, b] = [running[i - 1]!, running[i]!];
    if (b.atMs <= a.atMs || b.sourceRecordsOut! < a.sourceRecordsOut!) continue;
    out.push({
      fromMs: a.atMs,
      toMs: b.atMs,
      cpuSeconds: (cpuAt.get(b.atMs)! - cpuAt.get(a.atMs)!) / 1000,
      records: b.sourceRecordsOut! - a.sourceRecordsOut!,
    });
  }
  return out;
}

export function observedPrice(o: JobObservation): PriceObservation {
  const T = o.checkpointIntervalMs;
  const fetchMs = o.config.metricsFetcherIntervalMs ?? 10_000;
  // A REST metric is as old as the fetcher's period: it must be short beside the cycle to see inside it.
  if (fetchMs > T / 4) {
    return {
      unobservable:
        `The REST server refreshes metrics every ${formatElapsedMs(fetchMs)} (metrics.fetcher.update-interval), too coarse to see inside a ` +
        `${formatElapsedMs(T)} checkpoint cycle: set it to ${formatElapsedMs(Math.min(1_000, T / 4))} or less to observe the price of a checkpoint.`,
    };
  }
  const completed = o.checkpoints.filter((c) => c.status === 'COMPLETED');
  const s = stretchesOf(o);
  const fit = fitTwoRegressors(
    s.map((x) => x.records),
    s.map((x) => checkpointingSeconds(o.checkpoints, x.fromMs, x.toMs)),
    s.map((x) => x.cpuSeconds),
  );
  if (!fit || !(fit.a > 0)) {
    return {
      unobservable: `The CPU between checkpoints could not be told from the CPU during them (${s.length} stretches between reads, ${completed.length} checkpoints completed).`,
    };
  }
  const window = { startMs: o.startedAtMs, endMs: o.endedAtMs };
  const positions = o.ticks.map((t) => ({ atMs: t.atMs, sourcePosition: t.sourceRecordsOut }));
  const cycles = cyclesOf(o.cpu, positions, o.checkpoints, window, T);
  if (cycles.length < 2)
    return { unobservable: `Only ${cycles.length} whole checkpoint cycle${cycles.length === 1 ? '' : 's'} in the observation: at least 2 are needed.` };
  const seconds = cycles.reduce((sum, c) => sum + (c.endMs - c.startMs), 0) / 1000;
  const triggers = completed.map((c) => c.triggerMs);
  return {
    price: {
      cpuSecondsPerEvent: fit.a,
      cpuSecondsPerCheckpointSecond: fit.b,
      cpuSecondsPerCheckpoint: estimate(pricePerCycle(cycles, fit.a)),
      effectiveIntervalMs: triggers.length >= 2 ? (triggers.at(-1)! - triggers[0]!) / (triggers.length - 1) : undefined,
      cpuSecondsPerSec: cycles.reduce((sum, c) => sum + c.cpuSeconds, 0) / seconds,
      eventsPerSec: cycles.reduce((sum, c) => sum + c.events, 0) / seconds,
    },
  };
}

/** The median full state size and bytes written per completed checkpoint, and the median duration. */
export function checkpointFigures(o: JobObservation): { stateBytes?: number; checkpointedBytes?: number; durationMs?: number; completed: number } {
  const done = o.checkpoints.filter((c) => c.status === 'COMPLETED');
  return {
    stateBytes: median(done.map((c) => c.stateSizeBytes)),
    checkpointedBytes: median(done.map((c) => c.checkpointedSizeBytes)),
    durationMs: median(done.map((c) => c.durationMs)),
    completed: done.length,
  };
}
