/**
 * The advisor (pure): which measured intervals meet every limit — by measurement, else by the fitted
 * model, else *unknown* (never a pass) — which one to run with and by which named rule, which limit
 * binds or must be relaxed, and where intervals are indistinguishable within the noise.
 */
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import type { Estimate } from './confidence.js';
import type { Limits } from './limits.js';
import {
  dalyOptimumMs,
  diskBoundMs,
  evalInverse,
  expectedRecoveryMs,
  largestIntervalWithin,
  optimumIntervalMs,
  smallestIntervalWithin,
  youngOptimumMs,
  type CostModel,
} from './model.js';

export type LimitName = 'recovery' | 'p99' | 'overhead' | 'disk';
/** met / missed by a measurement or the model; unknown: neither has the figure. */
export type CheckStatus = 'met' | 'missed' | 'unknown';

export interface LimitCheck {
  readonly limit: LimitName;
  /** The limit in the figure's unit (ms, % of capacity, or for `disk` the interval itself). */
  readonly allowed: number;
  readonly measured?: number;
  readonly modelled?: number;
  /** The value judged: the measurement when there is one, else the model, else none (unknown). */
  readonly judgedBy: 'measurement' | 'model' | 'none';
  readonly status: CheckStatus;
  /** status === 'met'. */
  readonly ok: boolean;
  /** 1 − value/allowed: how much room is left (negative: over the limit); undefined when unknown. */
  readonly headroom?: number;
  /** recovery only: some failure was not caught up, so the limit is missed; `measured` is then the projected recovery, if any. */
  readonly notCaughtUp?: boolean;
}

export interface Candidate {
  readonly intervalMs: number;
  readonly checks: readonly LimitCheck[];
  /** Every limit met; an unknown limit is not met. */
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
  readonly modelRangeMs?: { readonly minMs: number; readonly maxMs: number };
  /** T* = √(2·C·M·(μ − λ)/λ), and the classic forms for comparison (C in capacity-seconds). */
  readonly optimumMs?: number;
  readonly youngMs?: number;
  readonly dalyMs?: number;
  readonly indistinguishable: readonly Indistinguishable[];
  readonly reasons: readonly string[];
  /** When nothing is feasible: the smallest relaxation that admits an interval. */
  readonly relax?: { readonly intervalMs: number; readonly changes: readonly string[] };
}

const LIMIT_FLAG: Readonly<Record<LimitName, string>> = {
  recovery: '--max-recovery',
  p99: '--max-p99',
  overhead: '--max-overhead',
  disk: 'the disk (a checkpoint must finish within the interval)',
};

export function check(limit: LimitName, allowed: number, measured: number | undefined, modelled: number | undefined): LimitCheck {
  const value = measured ?? modelled;
  const judgedBy = measured !== undefined ? 'measurement' : modelled !== undefined ? 'model' : 'none';
  const status: CheckStatus = value === undefined ? 'unknown' : value <= allowed ? 'met' : 'missed';
  return {
    limit,
    allowed,
    measured,
    modelled,
    judgedBy,
    status,
    ok: status === 'met',
    headroom: value === undefined || !(allowed > 0) ? undefined : 1 - value / allowed,
  };
}

/** A failure not caught up misses any recovery limit, whatever the model or the other failures say. */
function recoveryCheck(a: IntervalAggregate, limits: Limits, model: CostModel): LimitCheck {
  const modelled = model.recovery ? expectedRecoveryMs(model.recovery, a.intervalMs) : undefined;
  if (a.notCaughtUp === 0) return check('recovery', limits.maxRecoveryMs, a.figures.recoveryMs.median, modelled);
  const projected = a.figures.projectedRecoveryMs.median;
  return {
    limit: 'recovery',
    allowed: limits.maxRecoveryMs,
    measured: projected,
    modelled,
    judgedBy: 'measurement',
    status: 'missed',
    ok: false,
    headroom: projected === undefined ? undefined : Math.min(0, 1 - projected / limits.maxRecoveryMs),
    notCaughtUp: true,
  };
}

function checksFor(a: IntervalAggregate, limits: Limits, model: CostModel, baseP99?: number): LimitCheck[] {
  const T = a.intervalMs;
  const lossMeasured = a.overhead?.capacityLossPct.median;
  return [
    recoveryCheck(a, limits, model),
    check(
      'p99',
      limits.maxP99Ms,
      a.figures.latencyP99Ms.median,
      model.p99IncreaseMs && baseP99 !== undefined ? baseP99 + evalInverse(model.p99IncreaseMs, T) : undefined,
    ),
    check(
      'overhead',
      limits.maxOverheadPct,
      lossMeasured === undefined ? undefined : Math.max(0, lossMeasured),
      model.capacityLossPct ? Math.max(0, evalInverse(model.capacityLossPct, T)) : undefined,
    ),
    check(
      'disk',
      T,
      a.figures.checkpointDurationMs.median,
      a.figures.checkpointedBytes.median !== undefined && model.writeBytesPerSec
        ? diskBoundMs(a.figures.checkpointedBytes.median, model.writeBytesPerSec)
        : undefined,
    ),
  ];
}

const fmt = (ms: number) => formatDurationMs(Math.round(ms));
const human = (c: LimitCheck) => {
  if (c.notCaughtUp) return c.measured === undefined ? 'not caught up (the backlog did not drain)' : `not caught up (projected ${formatElapsedMs(c.measured)})`;
  const v = c.measured ?? c.modelled;
  if (v === undefined) return 'unknown';
  return c.limit === 'overhead' ? `${v.toFixed(1)}%` : formatElapsedMs(v);
};

/** The least value of a limit's flag that admits the judged figure: `--max-recovery 27s`. */
function flagValue(c: LimitCheck): string {
  const v = c.measured ?? c.modelled ?? 0;
  if (c.limit === 'overhead') return `${Math.ceil(v * 10) / 10}%`;
  return v >= 1_000 ? `${Math.ceil(v / 1_000)}s` : `${Math.ceil(v)}ms`;
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
export function modelRangeText(r: { readonly minMs: number; readonly maxMs: number }): string {
  if (r.minMs === Infinity) return 'no interval (the fitted capacity loss never falls under the limit)';
  if (r.maxMs < 0) return 'no interval (the modelled recovery exceeds the limit at every interval)';
  if (r.minMs > r.maxMs) return `no interval (overhead needs ≥ ${formatElapsedMs(r.minMs)}, recovery ≤ ${formatElapsedMs(r.maxMs)})`;
  return `${r.minMs <= 10 ? 'any interval' : formatElapsedMs(r.minMs)} … ${r.maxMs === Infinity ? '∞' : formatElapsedMs(r.maxMs)}`;
}

/** Applies the limits to every measured interval and picks one. */
export function recommend(agg: Aggregates, model: CostModel, limits: Limits): Recommendation {
  const baseP99 = agg.baseline?.figures.latencyP99Ms.median;
  const candidates: Candidate[] = agg.intervals.map((a) => {
    const checks = checksFor(a, limits, model, baseP99);
    return { intervalMs: a.intervalMs, checks, feasible: checks.every((c) => c.status === 'met') };
  });
  const feasible = candidates.filter((c) => c.feasible);
  const cost = model.checkpointCostMs;
  const r = model.recovery;
  // μ in T*: the capacity without the per-checkpoint term (a, not C/T), since T* itself sets that.
  const steadyCapacity = r ? r.baselineCapacity * (1 - Math.max(0, model.capacityLossPct?.a ?? 0) / 100) : undefined;
  const optimumMs = limits.mtbfMs && cost && r && steadyCapacity ? optimumIntervalMs(cost, limits.mtbfMs, steadyCapacity, r.inputRate) : undefined;
  const youngMs = limits.mtbfMs && cost ? youngOptimumMs(cost, limits.mtbfMs) : undefined;
  const dalyMs = limits.mtbfMs && cost ? dalyOptimumMs(cost, limits.mtbfMs) : undefined;
  const lows = [
    model.capacityLossPct ? smallestIntervalWithin(model.capacityLossPct, limits.maxOverheadPct) : 0,
    model.p99IncreaseMs && baseP99 !== undefined ? smallestIntervalWithin(model.p99IncreaseMs, limits.maxP99Ms - baseP99) : 0,
  ];
  const modelRangeMs = r ? { minMs: Math.max(0, ...lows), maxMs: largestIntervalWithin(r, limits.maxRecoveryMs) } : undefined;
  const reasons: string[] = [];
  const unknownLimits = [...new Set(candidates.flatMap((c) => c.checks.filter((k) => k.status === 'unknown').map((k) => k.limit)))];
  if (unknownLimits.length > 0) {
    reasons.push(`Unknown (not measured, no model to judge it), so not counted as met: ${unknownLimits.join(', ')}.`);
  }
  if (feasible.length === 0) {
    // The interval that needs the least relaxing: fewest limits missed, then the smallest overshoot.
    const notMet = (c: Candidate) => c.checks.filter((k) => k.status !== 'met');
    const overshoot = (c: Candidate) => notMet(c).reduce((s, k) => s + (k.headroom === undefined ? 1 : -k.headroom), 0);
    const closest = [...candidates].sort((x, y) => notMet(x).length - notMet(y).length || overshoot(x) - overshoot(y))[0];
    const changes = closest
      ? notMet(closest).map((k) =>
          k.status === 'unknown'
            ? `measure ${k.limit} (run failures / a baseline)`
            : k.notCaughtUp && k.measured === undefined
              ? 'more capacity or a lower rate (the job did not catch up after a failure)'
              : k.limit === 'disk'
                ? `a faster checkpoint store (a checkpoint took ${human(k)})`
                : `${LIMIT_FLAG[k.limit]} to ${flagValue(k)}`,
        )
      : [];
    reasons.unshift(
      candidates.length === 0
        ? 'The sweep has no checkpointing interval with results.'
        : `No measured interval meets every limit.${closest ? ` The closest is ${fmt(closest.intervalMs)}: ${changes.join(' and ')}.` : ''}`,
    );
    return {
      limits,
      candidates,
      feasibleMs: [],
      modelRangeMs,
      optimumMs,
      youngMs,
      dalyMs,
      indistinguishable: [],
      reasons,
      relax: closest ? { intervalMs: closest.intervalMs, changes } : undefined,
    };
  }
  let chosen: Candidate;
  let rule: ChoiceRule;
  if (optimumMs !== undefined) {
    rule = 'optimum';
    chosen = [...feasible].sort((x, y) => Math.abs(Math.log(x.intervalMs / optimumMs)) - Math.abs(Math.log(y.intervalMs / optimumMs)))[0]!;
    reasons.unshift(
      `Rule: the feasible interval nearest T* = √(2·C·M·(μ − λ)/λ) = ${formatElapsedMs(optimumMs)} (minimises checkpoint cost plus expected time to caught up, ` +
        `C = ${formatElapsedMs(cost!)} of capacity per checkpoint, M = ${fmt(limits.mtbfMs!)}); classic forms for comparison: Young ${formatElapsedMs(youngMs!)}, Daly ${formatElapsedMs(dalyMs!)}. Chosen: ${fmt(chosen.intervalMs)}.`,
    );
  } else {
    rule = 'longest-feasible';
    chosen = [...feasible].sort((x, y) => y.intervalMs - x.intervalMs)[0]!;
    reasons.unshift(
      `Rule: the longest interval that meets every limit, since it costs least in normal operation (give --mtbf to choose by T* instead). ` +
        `Feasible: ${feasible.map((c) => fmt(c.intervalMs)).join(', ')}; chosen: ${fmt(chosen.intervalMs)}.`,
    );
  }
  const tightest = [...chosen.checks].filter((k) => k.headroom !== undefined).sort((x, y) => x.headroom! - y.headroom!)[0];
  if (tightest) {
    const allowed = tightest.limit === 'overhead' ? `${tightest.allowed}%` : formatElapsedMs(tightest.allowed);
    reasons.push(
      `At ${fmt(chosen.intervalMs)} the binding limit is ${tightest.limit}: ${human(tightest)} of ${allowed} allowed (by ${tightest.judgedBy}${tightest.measured !== undefined && tightest.modelled !== undefined ? `; the model says ${tightest.limit === 'overhead' ? `${tightest.modelled.toFixed(1)}%` : formatElapsedMs(tightest.modelled)}` : ''}).`,
    );
  }
  const indistinguishable = indistinguishableFrom(
    agg,
    chosen.intervalMs,
    feasible.map((c) => c.intervalMs),
  );
  for (const i of indistinguishable) {
    reasons.push(
      `On ${i.figure}, ${i.intervalsMs.map(fmt).join(', ')} are indistinguishable (within ${i.by}): that figure does not decide between them; the rule does.`,
    );
  }
  const shorter = candidates.filter((c) => c.intervalMs < chosen.intervalMs && !c.feasible);
  const longer = candidates.filter((c) => c.intervalMs > chosen.intervalMs && !c.feasible);
  const failing = (cs: Candidate[]) =>
    [...new Set(cs.flatMap((c) => c.checks.filter((k) => !k.ok).map((k) => `${k.limit}${k.status === 'unknown' ? ' (unknown)' : ''}`)))].join(', ');
  if (shorter.length) reasons.push(`Shorter intervals miss: ${failing(shorter)}.`);
  if (longer.length) reasons.push(`Longer intervals miss: ${failing(longer)}.`);
  if (modelRangeMs && r) {
    reasons.push(
      `The fitted model puts the feasible range at ${modelRangeText(modelRangeMs)} (recovery model D = ${formatElapsedMs(r.downtimeMs)}, λ = ${Math.round(r.inputRate)}/s, μ(off) = ${Math.round(r.baselineCapacity)}/s from the capacity probe).`,
    );
  }
  return {
    limits,
    candidates,
    feasibleMs: feasible.map((c) => c.intervalMs),
    recommendedMs: chosen.intervalMs,
    rule,
    binding: tightest?.limit,
    modelRangeMs,
    optimumMs,
    youngMs,
    dalyMs,
    indistinguishable,
    reasons,
  };
}
