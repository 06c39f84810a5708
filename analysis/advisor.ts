/**
 * The advisor (pure): which measured intervals meet every limit — by measurement, else by the fitted
 * model, else *unknown* (never a pass) — which one to run with and by which named rule, which limit
 * binds or must be relaxed, and where intervals are indistinguishable within the noise.
 */
import { formatElapsedMs } from '../lib/duration.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import type { Estimate } from '../lib/confidence.js';
import type { Limits } from './limits.js';
import { dalyOptimumMs, largestIntervalWithin, optimumIntervalMs, smallestIntervalWithin, youngOptimumMs, type CostModel } from './model.js';

import { checksFor, flagValue, fmt, human, LIMIT_FLAG, type LimitCheck, type LimitName } from './limitChecks.js';

export { check, notCaughtUpCheck, type CheckStatus, type LimitCheck, type LimitName } from './limitChecks.js';

export interface Candidate {
  readonly intervalMs: number;
  readonly checks: readonly LimitCheck[];
  /** Checkpoints never ran at this interval (back to back, or failing): not recommended whatever the limits say. */
  readonly saturated?: boolean;
  /** Every limit met and the interval ran as labelled; an unknown limit is not met. */
  readonly feasible: boolean;
}

/** How the interval was chosen among the feasible ones. */
export type ChoiceRule = 'optimum' | 'longest-feasible';

/** Intervals whose values of one figure lie within each other's noise. */
export interface Indistinguishable {
  readonly figure: 'recovery' | 'capacity loss' | 'p99';
  readonly intervalsMs: readonly number[];
  /** How "within the noise" was judged. */
  readonly by: 'confidence intervals' | 'baseline spread';
}

export interface Recommendation {
  readonly limits: Limits;
  readonly candidates: readonly Candidate[];
  readonly feasibleMs: readonly number[];
  readonly recommendedMs?: number;
  readonly rule?: ChoiceRule;
  /** The limit with the least headroom at the recommended interval. */
  readonly binding?: LimitName;
  /** The model's feasible range: from the overhead and p99 fits (lower) and R(T) (upper). */
  readonly modelRangeMs?: { readonly minMs: number; readonly maxMs: number; readonly minBy?: 'overhead' | 'p99' };
  /** T* = √(2·C·M·(μ − λ)/λ), and the classic forms for comparison (C in capacity-seconds). */
  readonly optimumMs?: number;
  readonly youngMs?: number;
  readonly dalyMs?: number;
  readonly indistinguishable: readonly Indistinguishable[];
  readonly reasons: readonly string[];
  /** When nothing is feasible: the smallest relaxation that admits an interval. */
  readonly relax?: { readonly intervalMs: number; readonly changes: readonly string[] };
}

/** Two estimates are within each other's noise: overlapping 95 % intervals (n ≥ 2 each), else within ±band of each other. */
export function withinNoise(x: Estimate | undefined, y: Estimate | undefined, band: number | undefined): 'confidence intervals' | 'baseline spread' | false {
  if (x?.median === undefined || y?.median === undefined) return false;
  if (x.ciLow !== undefined && x.ciHigh !== undefined && y.ciLow !== undefined && y.ciHigh !== undefined) {
    return x.ciLow <= y.ciHigh && y.ciLow <= x.ciHigh ? 'confidence intervals' : false;
  }
  return band !== undefined && Math.abs(x.median - y.median) <= band ? 'baseline spread' : false;
}

/** The feasible intervals that cannot be told apart from the chosen one on each figure. */
function indistinguishableFrom(agg: Aggregates, chosenMs: number, feasibleMs: readonly number[]): Indistinguishable[] {
  const byMs = new Map(agg.intervals.map((a) => [a.intervalMs, a]));
  const chosen = byMs.get(chosenMs)!;
  // With one repeat: the baseline's sample-to-sample spread of its rate, as a relative band (2σ).
  const spread = agg.baseline?.figures.rateSpreadPct.median;
  const relBand = (v: number | undefined) => (spread === undefined || v === undefined ? undefined : (2 * spread * Math.abs(v)) / 100);
  const figures: [Indistinguishable['figure'], (a: IntervalAggregate) => Estimate | undefined, (v: number | undefined) => number | undefined][] = [
    ['recovery', (a) => a.figures.recoveryMs, relBand],
    ['capacity loss', (a) => a.overhead?.capacityLossPct, () => (spread === undefined ? undefined : 2 * spread)],
    ['p99', (a) => a.figures.latencyP99Ms, relBand],
  ];
  return figures.flatMap(([figure, pick, band]) => {
    let by: Indistinguishable['by'] | undefined;
    const same = feasibleMs.filter((t) => {
      if (t === chosenMs) return false;
      const w = withinNoise(pick(chosen), pick(byMs.get(t)!), band(pick(chosen)?.median));
      if (w) by = w;
      return w !== false;
    });
    return same.length > 0 && by ? [{ figure, intervalsMs: [chosenMs, ...same].sort((p, q) => p - q), by }] : [];
  });
}

/** `2.0 s … 1.5 min`, or why the model admits no interval. */
export function modelRangeText(r: { readonly minMs: number; readonly maxMs: number; readonly minBy?: 'overhead' | 'p99' }): string {
  if (r.minMs === Infinity) return `no interval (the fitted ${r.minBy === 'p99' ? 'p99 latency' : 'capacity loss'} never falls under the limit)`;
  if (r.maxMs < 0) return 'no interval (the modelled recovery exceeds the limit at every interval)';
  if (r.minMs > r.maxMs) return `no interval (overhead needs ≥ ${formatElapsedMs(r.minMs)}, recovery ≤ ${formatElapsedMs(r.maxMs)})`;
  return `${r.minMs <= 10 ? 'any interval' : formatElapsedMs(r.minMs)} … ${r.maxMs === Infinity ? '∞' : formatElapsedMs(r.maxMs)}`;
}

type Optima = Pick<Recommendation, 'optimumMs' | 'youngMs' | 'dalyMs'>;

/** Every measured interval against the limits; feasible when every limit is met and it ran as labelled. */
function candidatesOf(agg: Aggregates, model: CostModel, limits: Limits): Candidate[] {
  const baseP99 = agg.baseline?.figures.latencyP99Ms.median;
  return agg.intervals.map((a) => {
    const checks = checksFor(a, limits, model, baseP99);
    return { intervalMs: a.intervalMs, checks, saturated: a.saturated, feasible: checks.every((c) => c.status === 'met') && a.saturated !== true };
  });
}

/** T* with an MTBF (and Young's and Daly's classic forms beside it). */
function optimaOf(model: CostModel, limits: Limits): Optima {
  const cost = model.checkpointCostMs;
  const r = model.recovery;
  if (!limits.mtbfMs || !cost) return {};
  // μ in T*: the capacity without the per-checkpoint term (a, not C/T), since T* itself sets that.
  const steadyCapacity = r ? r.baselineCapacity * (1 - Math.max(0, model.capacityLossPct?.a ?? 0) / 100) : undefined;
  return {
    optimumMs: r && steadyCapacity ? optimumIntervalMs(cost, limits.mtbfMs, steadyCapacity, r.inputRate) : undefined,
    youngMs: youngOptimumMs(cost, limits.mtbfMs),
    dalyMs: dalyOptimumMs(cost, limits.mtbfMs),
  };
}

/** The range of intervals the fitted model admits: long enough for the overhead and p99 limits, short enough for recovery. */
function modelRangeOf(model: CostModel, limits: Limits, baseP99: number | undefined): Recommendation['modelRangeMs'] {
  const r = model.recovery;
  if (!r) return undefined;
  const lows = [
    model.capacityLossPct ? smallestIntervalWithin(model.capacityLossPct, limits.maxOverheadPct) : 0,
    model.p99IncreaseMs && baseP99 !== undefined ? smallestIntervalWithin(model.p99IncreaseMs, limits.maxP99Ms - baseP99) : 0,
  ];
  return { minMs: Math.max(0, ...lows), maxMs: largestIntervalWithin(r, limits.maxRecoveryMs), minBy: lows[0]! >= lows[1]! ? 'overhead' : 'p99' };
}

/** What holds for every choice: saturated intervals, and limits nothing could judge. */
function caveats(candidates: readonly Candidate[]): string[] {
  const reasons: string[] = [];
  const saturated = candidates.filter((c) => c.saturated);
  if (saturated.length > 0) {
    reasons.push(
      `Saturated — checkpoints ran further apart than asked, or failed, so the job never ran at the interval; never recommended: ${saturated.map((c) => fmt(c.intervalMs)).join(', ')}.`,
    );
  }
  const unknownLimits = [...new Set(candidates.flatMap((c) => c.checks.filter((k) => k.status === 'unknown').map((k) => k.limit)))];
  if (unknownLimits.length > 0) reasons.push(`Unknown (not measured, no model to judge it), so not counted as met: ${unknownLimits.join(', ')}.`);
  return reasons;
}

/** With no feasible interval: the one that needs the least relaxing (fewest limits missed, then the smallest overshoot), and how. */
function relaxation(candidates: readonly Candidate[]): { readonly reason: string; readonly relax?: Recommendation['relax'] } {
  const notMet = (c: Candidate) => c.checks.filter((k) => k.status !== 'met');
  const overshoot = (c: Candidate) => notMet(c).reduce((s, k) => s + (k.headroom === undefined ? 1 : -k.headroom), 0);
  const closest = [...candidates].sort((x, y) => notMet(x).length - notMet(y).length || overshoot(x) - overshoot(y))[0];
  if (!closest) return { reason: 'The sweep has no checkpointing interval with results.' };
  const changes = notMet(closest).map((k) =>
    k.status === 'unknown'
      ? `measure ${k.limit} (run failures / a baseline)`
      : k.notCaughtUp && k.measured === undefined
        ? 'more capacity or a lower rate (the job did not catch up after a failure)'
        : k.limit === 'disk'
          ? `a faster checkpoint store (a checkpoint took ${human(k)})`
          : `${LIMIT_FLAG[k.limit]} to ${flagValue(k)}`,
  );
  return {
    reason: `No measured interval meets every limit. The closest is ${fmt(closest.intervalMs)}: ${changes.join(' and ')}.`,
    relax: { intervalMs: closest.intervalMs, changes },
  };
}

/** The feasible interval by the named rule: nearest T* with an MTBF, else the longest. */
function choose(feasible: readonly Candidate[], optima: Optima, model: CostModel, limits: Limits): { chosen: Candidate; rule: ChoiceRule; reason: string } {
  const { optimumMs, youngMs, dalyMs } = optima;
  if (optimumMs !== undefined) {
    const chosen = [...feasible].sort((x, y) => Math.abs(Math.log(x.intervalMs / optimumMs)) - Math.abs(Math.log(y.intervalMs / optimumMs)))[0]!;
    const reason =
      `Rule: the feasible interval nearest T* = √(2·C·M·(μ − λ)/λ) = ${formatElapsedMs(optimumMs)} (minimises checkpoint cost plus expected time to caught up, ` +
      `C = ${formatElapsedMs(model.checkpointCostMs!)} of capacity per checkpoint, M = ${fmt(limits.mtbfMs!)}); classic forms for comparison: Young ${formatElapsedMs(youngMs!)}, Daly ${formatElapsedMs(dalyMs!)}. Chosen: ${fmt(chosen.intervalMs)}.`;
    return { chosen, rule: 'optimum', reason };
  }
  const chosen = [...feasible].sort((x, y) => y.intervalMs - x.intervalMs)[0]!;
  const reason =
    `Rule: the longest interval that meets every limit, since it costs least in normal operation (${
      limits.mtbfMs === undefined ? 'give --mtbf to choose by T* instead' : 'T* needs the price of a checkpoint, which is not known here'
    }). ` + `Feasible: ${feasible.map((c) => fmt(c.intervalMs)).join(', ')}; chosen: ${fmt(chosen.intervalMs)}.`;
  return { chosen, rule: 'longest-feasible', reason };
}

/** The limit with the least headroom at the chosen interval, and what it reads. */
function bindingOf(chosen: Candidate): { readonly limit?: LimitName; readonly reason?: string } {
  const tightest = [...chosen.checks].filter((k) => k.headroom !== undefined).sort((x, y) => x.headroom! - y.headroom!)[0];
  if (!tightest) return {};
  const allowed = tightest.limit === 'overhead' ? `${tightest.allowed}%` : formatElapsedMs(tightest.allowed);
  const modelSays =
    tightest.measured !== undefined && tightest.modelled !== undefined
      ? `; the model says ${tightest.limit === 'overhead' ? `${tightest.modelled.toFixed(1)}%` : formatElapsedMs(tightest.modelled)}`
      : '';
  return {
    limit: tightest.limit,
    reason: `At ${fmt(chosen.intervalMs)} the binding limit is ${tightest.limit}: ${human(tightest)} of ${allowed} allowed (by ${tightest.judgedBy}${modelSays}).`,
  };
}

/** Which limits the intervals shorter and longer than the chosen one miss. */
function missReasons(candidates: readonly Candidate[], chosenMs: number): string[] {
  const failing = (cs: readonly Candidate[]) =>
    [...new Set(cs.flatMap((c) => c.checks.filter((k) => !k.ok).map((k) => `${k.limit}${k.status === 'unknown' ? ' (unknown)' : ''}`)))].join(', ');
  const shorter = candidates.filter((c) => c.intervalMs < chosenMs && !c.feasible);
  const longer = candidates.filter((c) => c.intervalMs > chosenMs && !c.feasible);
  return [
    ...(shorter.length ? [`Shorter intervals miss: ${failing(shorter)}.`] : []),
    ...(longer.length ? [`Longer intervals miss: ${failing(longer)}.`] : []),
  ];
}

/** Applies the limits to every measured interval and picks one. */
export function recommend(agg: Aggregates, model: CostModel, limits: Limits): Recommendation {
  return recommendAmong(candidatesOf(agg, model, limits), model, limits, { agg });
}

/**
 * The advisor's choice among candidates judged elsewhere: a sweep's measured intervals, or the intervals
 * `advise` estimates for a user's job (where `agg` is absent and `capacityFrom` says where μ came from).
 */
export function recommendAmong(
  candidates: readonly Candidate[],
  model: CostModel,
  limits: Limits,
  context: { readonly agg?: Aggregates; readonly capacityFrom?: string } = {},
): Recommendation {
  const { agg } = context;
  const feasible = candidates.filter((c) => c.feasible);
  const optima = optimaOf(model, limits);
  const modelRangeMs = modelRangeOf(model, limits, agg?.baseline?.figures.latencyP99Ms.median);
  const common = { limits, candidates, modelRangeMs, ...optima };
  if (feasible.length === 0) {
    const { reason, relax } = relaxation(candidates);
    return { ...common, feasibleMs: [], indistinguishable: [], reasons: [reason, ...caveats(candidates)], relax };
  }
  const { chosen, rule, reason } = choose(feasible, optima, model, limits);
  const binding = bindingOf(chosen);
  const feasibleMs = feasible.map((c) => c.intervalMs);
  const indistinguishable = agg ? indistinguishableFrom(agg, chosen.intervalMs, feasibleMs) : [];
  const r = model.recovery;
  const reasons = [
    reason,
    ...caveats(candidates),
    ...(binding.reason ? [binding.reason] : []),
    ...indistinguishable.map(
      (i) =>
        `On ${i.figure}, ${i.intervalsMs.map(fmt).join(', ')} are indistinguishable (within ${i.by}): that figure does not decide between them; the rule does.`,
    ),
    ...missReasons(candidates, chosen.intervalMs),
    ...(modelRangeMs && r
      ? [
          `The fitted model puts the feasible range at ${modelRangeText(modelRangeMs)} (recovery model D = ${formatElapsedMs(r.downtimeMs)}, λ = ${Math.round(r.inputRate)}/s, μ(off) = ${Math.round(r.baselineCapacity)}/s from ${context.capacityFrom ?? 'the capacity probe'}).`,
        ]
      : []),
  ];
  return { ...common, feasibleMs, recommendedMs: chosen.intervalMs, rule, binding: binding.limit, indistinguishable, reasons };
}
