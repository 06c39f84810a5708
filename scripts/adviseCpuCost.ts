/**
 * What advise's observation costs the cluster it observes (issue #23's goal: under 1 % CPU), from windows
 * with and without advise taken alternately on one steady job (pure; `benchAdviseCpu.ts` measures them).
 */
import { welchDifference, type Difference } from '../lib/confidence.js';
import { mean } from '../lib/stats.js';

/** One window of the benchmark: how long it lasted, what the cluster's JVMs used, and whether advise observed. */
export interface CpuWindow {
  readonly advise: boolean;
  readonly wallMs: number;
  /** The JobManager's and TaskManagers' CPU time (utime + stime) over the window. */
  readonly clusterCpuMs: number;
  /** advise's own process, when it ran in the window. */
  readonly adviseCpuMs?: number;
}

/**
 * The windows' order, with (true) and without (false) advise: ABBA BAAB … so that a drift that is linear
 * (or quadratic) in time adds as much to the on-windows as to the off-windows.
 */
export function abbaOrder(blocks: number): boolean[] {
  const abba = [false, true, true, false];
  return Array.from({ length: blocks }, (_, i) => (i % 2 === 0 ? abba : abba.map((on) => !on))).flat();
}

export interface ObservationCost {
  /** The cluster's CPU-s/s in each window without advise, and with it. */
  readonly offCpuPerSec: readonly number[];
  readonly onCpuPerSec: readonly number[];
  /** on − off, CPU-s/s, with its 95 % Welch interval. */
  readonly addedCpuPerSec: Difference;
  /** The same as a share of the cluster's CPU without advise, %. */
  readonly addedPct: { readonly value: number; readonly low?: number; readonly high?: number };
  /** advise's own process, CPU-s/s over the windows it ran in. */
  readonly adviseOwnCpuPerSec?: number;
}

export function observationCost(windows: readonly CpuWindow[]): ObservationCost | undefined {
  const rate = (w: CpuWindow) => w.clusterCpuMs / w.wallMs;
  const on = windows.filter((w) => w.advise);
  const off = windows.filter((w) => !w.advise);
  const offCpuPerSec = off.map(rate);
  const onCpuPerSec = on.map(rate);
  const added = welchDifference(onCpuPerSec, offCpuPerSec);
  const base = mean(offCpuPerSec);
  if (!added || base === undefined || base <= 0) return undefined;
  const pct = (v: number | undefined) => (v === undefined ? undefined : (100 * v) / base);
  const own = on.filter((w) => w.adviseCpuMs !== undefined);
  return {
    offCpuPerSec,
    onCpuPerSec,
    addedCpuPerSec: added,
    addedPct: { value: pct(added.difference)!, low: pct(added.ciLow), high: pct(added.ciHigh) },
    adviseOwnCpuPerSec: own.length ? own.reduce((s, w) => s + w.adviseCpuMs!, 0) / own.reduce((s, w) => s + w.wallMs, 0) : undefined,
  };
}
