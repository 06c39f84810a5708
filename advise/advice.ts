/**
 * The advice for an observed job (pure): every candidate interval estimated, judged against the
 * limits by the lab's own advisor (analysis/advisor.ts), the recommendation and T* with an MTBF, and
 * the expected cost per hour of each interval for the chart.
 */
import { check, notCaughtUpCheck, recommendAmong, type Candidate, type LimitCheck, type Recommendation } from '../analysis/advisor.js';
import { checkpointCostSecPerHour, recoveryCostSecPerHour } from '../analysis/costPerHour.js';
import type { Limits } from '../analysis/limits.js';
import type { CostModel } from '../analysis/model.js';
import type { AdviceInputs } from './adviceInputs.js';
import { candidateIntervalsMs, estimateAt, lossFit, recoveryModelOf, type IntervalEstimate } from './adviceEstimates.js';

export interface IntervalAdvice extends IntervalEstimate {
  /** Seconds of full capacity per hour: checkpoints, and recoveries at one failure per MTBF (with --mtbf). */
  readonly checkpointCostSecPerHour?: number;
  readonly recoveryCostSecPerHour?: number;
}

export interface Advice {
  readonly inputs: AdviceInputs;
  readonly intervals: readonly IntervalAdvice[];
  readonly recommendation: Recommendation;
  /** What the advice does not judge, and why. */
  readonly notJudged: readonly string[];
}

/** The lab's cost model, built from the observed inputs instead of fitted to cells. */
export function costModelOf(inputs: AdviceInputs): CostModel {
  const price = inputs.cpuSecondsPerCheckpoint;
  const P = inputs.cpuCapacity;
  const fit = price && P ? lossFit(price.value, P.value) : undefined;
  return {
    capacityLossPct: fit,
    checkpointCostMs: price && P && price.value > 0 ? (price.value / P.value) * 1000 : undefined,
    recovery: recoveryModelOf(inputs, inputs.capacity.value),
    accuracy: { recovery: { points: [] }, capacityLoss: { points: [] } },
  };
}

/** A backlog that never drains (λ ≥ μ after a failure) misses any recovery limit, as a sweep's cell that never caught up does. */
function recoveryCheckOf(e: IntervalEstimate, limits: Limits): LimitCheck {
  if (Number.isFinite(e.recoveryMs.value)) return check('recovery', limits.maxRecoveryMs, undefined, e.recoveryMs.value);
  return notCaughtUpCheck(limits.maxRecoveryMs, 'model');
}

/** One interval against the limits advise can judge: recovery, capacity loss, and a checkpoint finishing within T. */
function candidateOf(e: IntervalEstimate, limits: Limits): Candidate {
  const checks = [
    recoveryCheckOf(e, limits),
    // Without an observed price the loss is not judged (advice.notJudged says why), as p99 is not: an unknown would fail every interval.
    ...(e.capacityLossPct ? [check('overhead', limits.maxOverheadPct, undefined, e.capacityLossPct.value)] : []),
    check('disk', e.intervalMs, undefined, e.checkpointDurationMs.value),
  ];
  const saturated = e.checkpointDurationMs.value > e.intervalMs;
  return { intervalMs: e.intervalMs, checks, saturated, feasible: checks.every((c) => c.status === 'met') && !saturated };
}

export function adviseFrom(inputs: AdviceInputs, limits: Limits): Advice {
  const intervals = candidateIntervalsMs(inputs.currentIntervalMs).map((t): IntervalAdvice => {
    const e = estimateAt(inputs, t);
    return {
      ...e,
      checkpointCostSecPerHour: e.capacityLossPct ? checkpointCostSecPerHour(e.capacityLossPct.value) : undefined,
      recoveryCostSecPerHour: limits.mtbfMs ? recoveryCostSecPerHour(e.recoveryMs.value, limits.mtbfMs) : undefined,
    };
  });
  const recommendation = recommendAmong(
    intervals.map((e) => candidateOf(e, limits)),
    costModelOf(inputs),
    limits,
    { capacityFrom: inputs.cpuSecondsPerCheckpoint ? "the job's busy time and its observed price" : "the job's busy time" },
  );
  return {
    inputs,
    intervals,
    recommendation,
    notJudged: [
      'p99 latency: Flink reports no event latency for a job in general (latency markers skip the queues a record waits in), so --max-p99 is not judged.',
      ...(inputs.priceUnobservable
        ? [`capacity loss: ${inputs.priceUnobservable}`]
        : inputs.cpuSecondsPerCheckpoint && inputs.cpuCapacity
          ? []
          : ['capacity loss: no checkpoint cycle could be priced in the observation (see the inputs), so --max-overhead is not judged.']),
    ],
  };
}
