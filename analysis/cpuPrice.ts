/**
 * The price of a checkpoint in CPU-seconds across a sweep (pure; METHOD.md): the baseline's CPU line,
 * each interval's price and loss against it in 30 s samples, and the price pooled over the intervals.
 */
import { median } from '../lib/stats.js';
import { pooledEstimate, welchDifference, type Estimate } from '../lib/confidence.js';
import type { Cycle } from '../bench/cpu/checkpointPrice.js';
import type { RunFigures } from './runFigures.js';
import type { IntervalAggregate } from './aggregate.js';

/**
 * The baseline's CPU figures every interval's price is measured against (METHOD.md). The cluster's CPU
 * is not proportional to its rate: measured here, it burns 0.6–0.9 CPU-s/s whatever the rate (timers,
 * RocksDB's background work, heartbeats, metrics) and can use only ~1.7 of the machine's 2 cores
 * (the bench and the kernel take the rest). So besides METHOD.md's P = μ_probe(off) × c_e, the line
 * through the baseline's two operating points — its window at λ and its probe at μ(off) — gives the
 * marginal CPU per event m and the CPU that processing at capacity uses, m × μ(off): a loss is a share
 * of that. With b = 0 the two agree.
 */
export interface CpuBaseline {
  /** c_e: CPU-seconds per event, over the baseline's blocks (all repeats). */
  readonly cpuSecondsPerEvent: number;
  /** P = μ_probe(off) × c_e (METHOD.md). */
  readonly cpuSecondsPerSecAvailable?: number;
  readonly blocks: number;
  /** The baseline's CPU rate at λ, and the CPU the cluster can use: the median of every cost cell's rate while its probe ran it flat out (one disturbed probe does not move it). */
  readonly cpuSecondsPerSecAtRate?: number;
  readonly probeCpuSecondsPerSec?: number;
  /** m = (CPU at the probe − CPU at λ) ÷ (μ(off) − λ): what one more event costs. */
  readonly marginalCpuSecondsPerEvent?: number;
  /** b = CPU at λ − m·λ: the CPU the cluster burns whatever its rate. */
  readonly fixedCpuSecondsPerSec?: number;
  /** m × μ(off): the CPU processing uses at capacity; a capacity loss is a share of it. */
  readonly processingCpuSecondsPerSec?: number;
  /**
   * The baseline at λ already ran at CPU_BOUND_SHARE of the probes' CPU: its CPU per event is not what an
   * event costs at rest, so every price against it is a floor (a CI run of 2026-12-02 priced a 2 s
   * checkpoint at −0.20 CPU-s against a baseline at 1.71 CPU-s/s).
   */
  readonly cpuBound?: boolean;
}

/** The CPU a loss is a share of: m × μ(off) where the baseline's two operating points give it, else P. */
export const lossDenominator = (cpu: CpuBaseline | undefined): number | undefined => cpu?.processingCpuSecondsPerSec ?? cpu?.cpuSecondsPerSecAvailable;

/** A cost cell whose CPU at λ reaches this share of the CPU the probes used has no CPU left for its checkpoints: its price is a floor. */
export const CPU_BOUND_SHARE = 0.97;

/** The price of an interval's checkpoints in CPU-seconds, from its cost cells' cycles (all repeats pooled). */
export interface CheckpointPrice {
  /**
   * C_cpu per cycle: its CPU − c_e × its events. The mean, with the Welch interval of its difference to
   * the baseline's residuals over a cycle's length: a price carries the baseline's variance as a loss
   * does, so an interval with few long cycles (where c_e's error × a cycle's events dominates) is wide.
   */
  readonly cpuSecondsPerCheckpoint: Estimate;
  /** (P − C_cpu / T_eff) / c_e. */
  readonly capacityFromCpuEventsPerSec?: number;
  /** The CPU rate of the cells at λ (or the baseline's) reached CPU_BOUND_SHARE of the probes': checkpoints waited for CPU, the price is a floor. */
  readonly cpuBound?: boolean;
  /** The probe's capacity and Flink's busy-time estimate, each ÷ the CPU-derived capacity. */
  readonly probeToCpuRatio?: number;
  readonly busyTimeToCpuRatio?: number;
}

export const cyclesOf = (runs: readonly RunFigures[]): Cycle[] => runs.flatMap((r) => r.cycles ?? []);
const seconds = (c: Pick<Cycle, 'startMs' | 'endMs'>) => (c.endMs - c.startMs) / 1000;

/** The span the CPU price's samples cover: whole cycles joined until at least this long. */
export const BATCH_MS = 30_000;

/** Consecutive cycles of one run joined into batches of at least `minMs` (a short tail joins the last batch). */
export function batchesOf(cycles: readonly Cycle[], minMs: number): Cycle[] {
  const out: Cycle[] = [];
  let open: Cycle | undefined;
  for (const c of cycles) {
    open = open ? { startMs: open.startMs, endMs: c.endMs, cpuSeconds: open.cpuSeconds + c.cpuSeconds, events: open.events + c.events } : { ...c };
    if (open.endMs - open.startMs >= minMs) {
      out.push(open);
      open = undefined;
    }
  }
  if (open) {
    const last = out.pop();
    out.push(last ? { startMs: last.startMs, endMs: open.endMs, cpuSeconds: last.cpuSeconds + open.cpuSeconds, events: last.events + open.events } : open);
  }
  return out;
}

/** c_e over the baseline's blocks, P from the baseline's probe, and the line through its two operating points. */
export function cpuBaselineOf(baseline: readonly RunFigures[], costRuns: readonly RunFigures[] = baseline): CpuBaseline | undefined {
  const blocks = cyclesOf(baseline).filter((c) => c.events > 0 && seconds(c) > 0);
  const events = blocks.reduce((s, c) => s + c.events, 0);
  if (blocks.length < 2 || events === 0) return undefined;
  const cpuSeconds = blocks.reduce((s, c) => s + c.cpuSeconds, 0);
  const cpuSecondsPerEvent = cpuSeconds / events;
  const probe = median(baseline.flatMap((r) => (r.capacityEventsPerSec !== undefined ? [r.capacityEventsPerSec] : [])));
  const probeCpu = median(costRuns.flatMap((r) => (r.probeCpuSecondsPerSec !== undefined ? [r.probeCpuSecondsPerSec] : [])));
  const atRate = cpuSeconds / blocks.reduce((s, c) => s + seconds(c), 0);
  const rate = events / blocks.reduce((s, c) => s + seconds(c), 0);
  const m = probe !== undefined && probeCpu !== undefined && probe > rate && probeCpu > atRate ? (probeCpu - atRate) / (probe - rate) : undefined;
  return {
    cpuSecondsPerEvent,
    cpuSecondsPerSecAvailable: probe === undefined ? undefined : probe * cpuSecondsPerEvent,
    blocks: blocks.length,
    cpuSecondsPerSecAtRate: atRate,
    probeCpuSecondsPerSec: probeCpu,
    marginalCpuSecondsPerEvent: m,
    fixedCpuSecondsPerSec: m === undefined ? undefined : atRate - m * rate,
    processingCpuSecondsPerSec: m === undefined || probe === undefined ? undefined : m * probe,
    cpuBound: probeCpu === undefined ? undefined : atRate >= CPU_BOUND_SHARE * probeCpu,
  };
}

/** The CPU price of an interval against the baseline: the loss's estimate and the per-checkpoint price. */
export function cpuOverhead(
  runs: readonly RunFigures[],
  baseline: readonly RunFigures[],
  cpu: CpuBaseline,
): { loss: Estimate; price: CheckpointPrice } | undefined {
  const P = lossDenominator(cpu);
  const ce = cpu.cpuSecondsPerEvent;
  const cycles = cyclesOf(runs).filter((c) => seconds(c) > 0);
  if (P === undefined || cycles.length === 0) return undefined;
  // CPU-seconds per second above what the events cost at the baseline, per batch of whole cycles (the
  // baseline's residuals likewise carry its variance). Batches, not cycles: RocksDB's compactions move a
  // cell's CPU rate for tens of seconds, so neighbouring cycles are not independent samples.
  const excessOf = (rs: readonly RunFigures[]) =>
    rs.flatMap((r) => batchesOf(r.cycles ?? [], BATCH_MS)).map((b) => (b.cpuSeconds - ce * b.events) / seconds(b));
  const excess = excessOf(runs);
  const residual = excessOf(baseline);
  const d = welchDifference(excess, residual);
  if (!d) return undefined;
  const cycleSeconds = cycles.reduce((s, c) => s + seconds(c), 0) / cycles.length;
  const priceDiff = welchDifference(
    excess.map((x) => x * cycleSeconds),
    residual.map((r) => r * cycleSeconds),
  );
  const pct = (x: number | undefined) => (x === undefined ? undefined : (100 * x) / P);
  // μ(T) = μ(off) − excess ÷ m on the baseline's line; METHOD.md's (P − excess) ÷ c_e without it.
  const baseCapacity = median(baseline.flatMap((r) => (r.capacityEventsPerSec !== undefined ? [r.capacityEventsPerSec] : [])));
  const m = cpu.marginalCpuSecondsPerEvent;
  const capacityFromCpu = m !== undefined && baseCapacity !== undefined ? baseCapacity - d.difference / m : (P - d.difference) / ce;
  const windowCpu = cycles.reduce((s, c) => s + c.cpuSeconds, 0) / cycles.reduce((s, c) => s + seconds(c), 0);
  // The cell ran at the probes' CPU, or its baseline did: either way the price is a floor.
  const cpuBound = cpu.probeCpuSecondsPerSec === undefined ? undefined : cpu.cpuBound === true || windowCpu >= CPU_BOUND_SHARE * cpu.probeCpuSecondsPerSec;
  const probe = median(runs.flatMap((r) => (r.capacityEventsPerSec !== undefined ? [r.capacityEventsPerSec] : [])));
  const busy = median(runs.flatMap((r) => (r.busyTimeCapacityEventsPerSec !== undefined ? [r.busyTimeCapacityEventsPerSec] : [])));
  return {
    loss: { n: excess.length, median: pct(median(excess)), mean: pct(d.difference), ciLow: pct(d.ciLow), ciHigh: pct(d.ciHigh) },
    price: {
      cpuSecondsPerCheckpoint: {
        n: cycles.length,
        median: median(cycles.map((c) => c.cpuSeconds - ce * c.events)),
        mean: priceDiff?.difference,
        ciLow: priceDiff?.ciLow,
        ciHigh: priceDiff?.ciHigh,
      },
      capacityFromCpuEventsPerSec: capacityFromCpu,
      cpuBound,
      probeToCpuRatio: probe === undefined ? undefined : probe / capacityFromCpu,
      busyTimeToCpuRatio: busy === undefined ? undefined : busy / capacityFromCpu,
    },
  };
}

/** The intervals whose price counts: those that ran as labelled (all priced ones if none did). */
export function pricedIntervals(intervals: readonly IntervalAggregate[]): IntervalAggregate[] {
  const priced = intervals.filter((a) => a.overhead?.price?.cpuSecondsPerCheckpoint.mean !== undefined);
  // A CPU-bound interval's price is a floor (its checkpoints waited for CPU): pooled only if no other is priced.
  const asLabelled = priced.filter((a) => !a.saturated && !a.overhead!.price!.cpuBound);
  return asLabelled.length > 0 ? asLabelled : priced;
}

/** The price pooled over the intervals whose price counts (pricedIntervals). */
export function pooledPriceOf(intervals: readonly IntervalAggregate[]): Estimate | undefined {
  return pooledEstimate(pricedIntervals(intervals).map((a) => a.overhead!.price!.cpuSecondsPerCheckpoint));
}

/** Each interval's loss at the pooled price and its own T_eff (Overhead.pooledPriceCapacityLossPct). */
export function withPooledLoss(intervals: readonly IntervalAggregate[], cpu: CpuBaseline | undefined): IntervalAggregate[] {
  const pooled = pooledPriceOf(intervals);
  const P = lossDenominator(cpu);
  if (!pooled || pooled.mean === undefined || P === undefined) return [...intervals];
  return intervals.map((a) => {
    const teffSec = (a.figures.effectiveIntervalMs.median ?? a.intervalMs) / 1000;
    const pct = (c: number | undefined) => (c === undefined ? undefined : (100 * Math.max(0, c)) / (teffSec * P));
    // Not where checkpoints ran back to back or waited for CPU: there a checkpoint did not cost the pooled price.
    if (!a.overhead || a.saturated || a.overhead.price?.cpuBound) return a;
    const loss = { n: pooled.n, median: pct(pooled.mean), mean: pct(pooled.mean), ciLow: pct(pooled.ciLow), ciHigh: pct(pooled.ciHigh) };
    return { ...a, overhead: { ...a.overhead, pooledPriceCapacityLossPct: loss } };
  });
}
