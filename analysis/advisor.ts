/**
 * The advisor (pure): which measured intervals meet every limit — by measurement and by the fitted
 * model — which one to run with, and which limit binds or must be relaxed.
 */
import { formatDurationMs, formatElapsedMs } from '../bench/duration.js';
import type { Aggregates, IntervalAggregate } from './aggregate.js';
import type { Limits } from './limits.js';
import {
  dalyOptimumMs,
  diskBoundMs,
  evalInverse,
  expectedRecoveryMs,
  largestIntervalWithin,
  smallestIntervalWithin,
  youngOptimumMs,
  type CostModel,
} from './model.js';

export type LimitName = 'recovery' | 'p99' | 'overhead' | 'disk';

export interface LimitCheck {
  readonly limit: LimitName;
  /** The limit in the figure's unit (ms, %, or for `disk` the interval itself). */
  readonly allowed: number;
  readonly measured?: number;
  readonly modelled?: number;
  /** The value judged: the measurement when there is one, else the model. */
  readonly judgedBy: 'measurement' | 'model' | 'none';
  readonly ok: boolean;
  /** 1 − value/allowed: how much room is left (negative: over the limit). */
  readonly headroom?: number;
}

export interface Candidate {
  readonly intervalMs: number;
  readonly checks: readonly LimitCheck[];
  readonly feasible: boolean;
}

export interface Recommendation {
  readonly limits: Limits;
  readonly candidates: readonly Candidate[];
  readonly feasibleMs: readonly number[];
  readonly recommendedMs?: number;
  /** The limit with the least headroom at the recommended interval. */
  readonly binding?: LimitName;
  /** The model's feasible range: from the overhead and p99 fits (lower) and R(T) (upper). */
  readonly modelRangeMs?: { readonly minMs: number; readonly maxMs: number };
  readonly youngMs?: number;
  readonly dalyMs?: number;
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

function check(limit: LimitName, allowed: number, measured: number | undefined, modelled: number | undefined): LimitCheck {
  const value = measured ?? modelled;
  const judgedBy = measured !== undefined ? 'measurement' : modelled !== undefined ? 'model' : 'none';
  return {
    limit,
    allowed,
    measured,
    modelled,
    judgedBy,
    ok: value === undefined || value <= allowed,
    headroom: value === undefined ? undefined : allowed > 0 ? 1 - value / allowed : undefined,
  };
}

function checksFor(a: IntervalAggregate, limits: Limits, model: CostModel, baseP99?: number): LimitCheck[] {
  const T = a.intervalMs;
  return [
    check('recovery', limits.maxRecoveryMs, a.figures.recoveryMs.median, model.recovery ? expectedRecoveryMs(model.recovery, T) : undefined),
    check('p99', limits.maxP99Ms, a.figures.latencyP99Ms.median, model.p99IncreaseMs && baseP99 !== undefined ? baseP99 + evalInverse(model.p99IncreaseMs, T) : undefined),
    check(
      'overhead',
      limits.maxOverheadPct,
      a.overhead?.throughputLossPct.median === undefined ? undefined : Math.max(0, a.overhead.throughputLossPct.median),
      model.throughputLossPct ? Math.max(0, evalInverse(model.throughputLossPct, T)) : undefined,
    ),
    check(
      'disk',
      T,
      a.figures.checkpointDurationMs.median,
      a.figures.checkpointedBytes.median !== undefined && model.writeBytesPerSec ? diskBoundMs(a.figures.checkpointedBytes.median, model.writeBytesPerSec) : undefined,
    ),
  ];
}

const fmt = (ms: number) => formatDurationMs(Math.round(ms));
const human = (c: LimitCheck) => {
  const v = c.measured ?? c.modelled;
  if (v === undefined) return '–';
  return c.limit === 'overhead' ? `${v.toFixed(1)}%` : formatElapsedMs(v);
};

/** The least value of a limit's flag that admits the judged figure: `--max-recovery 27s`. */
function flagValue(c: LimitCheck): string {
  const v = c.measured ?? c.modelled ?? 0;
  if (c.limit === 'overhead') return `${Math.ceil(v * 10) / 10}%`;
  return v >= 1_000 ? `${Math.ceil(v / 1_000)}s` : `${Math.ceil(v)}ms`;
}

/** Applies the limits to every measured interval and picks one. */
export function recommend(agg: Aggregates, model: CostModel, limits: Limits): Recommendation {
  const baseP99 = agg.baseline?.figures.latencyP99Ms.median;
  const candidates: Candidate[] = agg.intervals.map((a) => {
    const checks = checksFor(a, limits, model, baseP99);
    return { intervalMs: a.intervalMs, checks, feasible: checks.every((c) => c.ok) };
  });
  const feasible = candidates.filter((c) => c.feasible);
  const cost = model.checkpointCostMs;
  const youngMs = limits.mtbfMs && cost ? youngOptimumMs(cost, limits.mtbfMs) : undefined;
  const dalyMs = limits.mtbfMs && cost ? dalyOptimumMs(cost, limits.mtbfMs) : undefined;
  const lows = [
    model.throughputLossPct ? smallestIntervalWithin(model.throughputLossPct, limits.maxOverheadPct) : 0,
    model.p99IncreaseMs && baseP99 !== undefined ? smallestIntervalWithin(model.p99IncreaseMs, limits.maxP99Ms - baseP99) : 0,
  ];
  const modelRangeMs = model.recovery
    ? { minMs: Math.max(0, ...lows), maxMs: largestIntervalWithin(model.recovery, limits.maxRecoveryMs) }
    : undefined;
  const reasons: string[] = [];
  if (feasible.length === 0) {
    // The interval that needs the least relaxing: fewest limits missed, then the smallest overshoot.
    const overshoot = (c: Candidate) =>
      c.checks.filter((k) => !k.ok).reduce((s, k) => s + (k.headroom === undefined ? 1 : -k.headroom), 0);
    const closest = [...candidates].sort((x, y) => x.checks.filter((k) => !k.ok).length - y.checks.filter((k) => !k.ok).length || overshoot(x) - overshoot(y))[0];
    const changes = closest
      ? closest.checks.filter((k) => !k.ok).map((k) => (k.limit === 'disk' ? `a faster checkpoint store (a checkpoint took ${human(k)})` : `${LIMIT_FLAG[k.limit]} to ${flagValue(k)}`))
      : [];
    reasons.push(
      candidates.length === 0
        ? 'The sweep has no checkpointing interval with results.'
        : `No measured interval meets every limit.${closest ? ` The closest is ${fmt(closest.intervalMs)}: relax ${changes.join(' and ')}.` : ''}`,
    );
    return { limits, candidates, feasibleMs: [], modelRangeMs, youngMs, dalyMs, reasons, relax: closest ? { intervalMs: closest.intervalMs, changes } : undefined };
  }
  let chosen: Candidate;
  if (dalyMs !== undefined) {
    chosen = [...feasible].sort((x, y) => Math.abs(Math.log(x.intervalMs / dalyMs)) - Math.abs(Math.log(y.intervalMs / dalyMs)))[0]!;
    reasons.push(`With an MTBF of ${fmt(limits.mtbfMs!)} and a checkpoint cost C = ${Math.round(cost!)} ms, Young's optimum is ${formatElapsedMs(youngMs!)} and Daly's ${formatElapsedMs(dalyMs)}; ${fmt(chosen.intervalMs)} is the feasible interval nearest to it.`);
  } else {
    // No failure rate given: the interval with the most room on its tightest limit.
    const minHeadroom = (c: Candidate) => Math.min(...c.checks.map((k) => k.headroom ?? 1));
    chosen = [...feasible].sort((x, y) => minHeadroom(y) - minHeadroom(x) || x.intervalMs - y.intervalMs)[0]!;
    reasons.push(`${fmt(chosen.intervalMs)} ${feasible.length === 1 ? 'is the only interval that meets every limit.' : `leaves the most room on its tightest limit among the ${feasible.length} feasible intervals (${feasible.map((c) => fmt(c.intervalMs)).join(', ')}).`}`);
  }
  const tightest = [...chosen.checks].filter((k) => k.headroom !== undefined).sort((x, y) => x.headroom! - y.headroom!)[0];
  if (tightest) {
    const allowed = tightest.limit === 'overhead' ? `${tightest.allowed}%` : formatElapsedMs(tightest.allowed);
    reasons.push(`At ${fmt(chosen.intervalMs)} the binding limit is ${tightest.limit}: ${human(tightest)} of ${allowed} allowed (by ${tightest.judgedBy}${tightest.measured !== undefined && tightest.modelled !== undefined ? `; the model says ${tightest.limit === 'overhead' ? `${tightest.modelled.toFixed(1)}%` : formatElapsedMs(tightest.modelled)}` : ''}).`);
  }
  const shorter = candidates.filter((c) => c.intervalMs < chosen.intervalMs && !c.feasible);
  const longer = candidates.filter((c) => c.intervalMs > chosen.intervalMs && !c.feasible);
  const failing = (cs: Candidate[]) => [...new Set(cs.flatMap((c) => c.checks.filter((k) => !k.ok).map((k) => k.limit)))].join(', ');
  if (shorter.length) reasons.push(`Shorter intervals miss: ${failing(shorter)}.`);
  if (longer.length) reasons.push(`Longer intervals miss: ${failing(longer)}.`);
  if (modelRangeMs) {
    reasons.push(
      `The fitted model puts the feasible range at ${modelRangeMs.minMs <= 10 ? 'any interval' : formatElapsedMs(modelRangeMs.minMs)} … ${modelRangeMs.maxMs === Infinity ? '∞' : modelRangeMs.maxMs < 0 ? 'none' : formatElapsedMs(modelRangeMs.maxMs)} (recovery model D = ${formatElapsedMs(model.recovery!.downtimeMs)}, λ = ${Math.round(model.recovery!.inputRate)}/s, μ = ${Math.round(model.recovery!.maxRate)}/s).`,
    );
  }
  return { limits, candidates, feasibleMs: feasible.map((c) => c.intervalMs), recommendedMs: chosen.intervalMs, binding: tightest?.limit, modelRangeMs, youngMs, dalyMs, reasons };
}
