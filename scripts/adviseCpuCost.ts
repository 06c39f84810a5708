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
  /** The same CPU by thread group (`threadGroup`), from the JVMs' threads alive at both ends of the window. */
  readonly byThreadGroupMs?: Readonly<Record<string, number>>;
}

/**
 * A JVM thread's group: its role and its name without the trailing counter ("jobmanager flink-rest-serv"
 * for flink-rest-server-netty-worker-thread-3, whose name /proc cuts to 15 characters).
 */
export function threadGroup(role: string, threadName: string): string {
  return `${role} ${threadName.replace(/[-_ #]*\d*$/, '')}`;
}

/** The threads that answer REST and metric queries: Flink's REST server, its metric query service and RPC (pekko). */
export const isServingThread = (group: string): boolean => / flink-(rest|metrics|pekko)/.test(group);

/** One thread group's CPU-s/s with advise minus without, and its interval. */
export interface GroupCost {
  readonly group: string;
  readonly added: Difference;
}

/**
 * Each thread group's added CPU (on − off, CPU-s/s), largest first, and the serving threads' together: they
 * do little when nobody asks, so their difference stands out of the noise the job's own threads make.
 */
export function threadGroupCosts(windows: readonly CpuWindow[]): { readonly groups: readonly GroupCost[]; readonly serving?: Difference } {
  const grouped = windows.filter((w) => w.byThreadGroupMs);
  const names = [...new Set(grouped.flatMap((w) => Object.keys(w.byThreadGroupMs!)))];
  const rate = (w: CpuWindow, pick: (g: string) => boolean) =>
    Object.entries(w.byThreadGroupMs!).reduce((sum, [g, ms]) => (pick(g) ? sum + ms : sum), 0) / w.wallMs;
  const added = (pick: (g: string) => boolean) =>
    welchDifference(
      grouped.filter((w) => w.advise).map((w) => rate(w, pick)),
      grouped.filter((w) => !w.advise).map((w) => rate(w, pick)),
    );
  const groups = names
    .map((group) => ({ group, added: added((g) => g === group) }))
    .filter((c): c is GroupCost => c.added !== undefined)
    .sort((a, b) => Math.abs(b.added.difference) - Math.abs(a.added.difference));
  return { groups, serving: added(isServingThread) };
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
