/** One interval against the limits (pure): each limit met, missed or unknown — by measurement, else by the fitted model — and how a check reads. */
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import type { IntervalAggregate } from './aggregate.js';
import type { Limits } from './limits.js';
import { diskBoundMs, evalInverse, expectedRecoveryMs, lossPctAt, type CostModel } from './model.js';

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
  /** recovery only: the job never kept up long enough to inject a failure (the health gate never held). */
  readonly neverHealthy?: boolean;
}

export const LIMIT_FLAG: Readonly<Record<LimitName, string>> = {
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
export function recoveryCheck(a: IntervalAggregate, limits: Limits, model: CostModel): LimitCheck {
  const modelled = model.recovery ? expectedRecoveryMs(model.recovery, a.intervalMs) : undefined;
  // A job that never kept up at this interval has no recovery to speak of: it is behind already.
  if (a.neverHealthy) return notCaughtUpCheck(limits.maxRecoveryMs, 'measurement', { modelled, neverHealthy: true });
  if (a.notCaughtUp === 0) return check('recovery', limits.maxRecoveryMs, a.figures.recoveryMs.median, modelled);
  const projected = a.figures.projectedRecoveryMs.median;
  return notCaughtUpCheck(limits.maxRecoveryMs, 'measurement', {
    measured: projected,
    modelled,
    headroom: projected === undefined ? undefined : Math.min(0, 1 - projected / limits.maxRecoveryMs),
  });
}

/** A recovery limit missed because a backlog did not drain (measured in a cell, or modelled with λ ≥ μ). */
export function notCaughtUpCheck(
  allowed: number,
  judgedBy: 'measurement' | 'model',
  figures: Pick<LimitCheck, 'measured' | 'modelled' | 'headroom' | 'neverHealthy'> = {},
): LimitCheck {
  return { limit: 'recovery', allowed, ...figures, judgedBy, status: 'missed', ok: false, notCaughtUp: true };
}

export function checksFor(a: IntervalAggregate, limits: Limits, model: CostModel, baseP99?: number): LimitCheck[] {
  const T = a.intervalMs;
  // The CPU price's loss is a mean with its Welch interval: judged by that mean (the probe's, by its median).
  const loss = a.overhead?.capacityLossPct;
  const lossMeasured = a.overhead?.price ? (loss?.mean ?? loss?.median) : loss?.median;
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
      model.capacityLossPct ? lossPctAt(model.capacityLossPct, T) : undefined,
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

export const fmt = (ms: number) => formatDurationMs(Math.round(ms));
export const human = (c: LimitCheck) => {
  if (c.neverHealthy) return 'never healthy (the job ran behind at this interval, so no failure was injected)';
  if (c.notCaughtUp) return c.measured === undefined ? 'not caught up (the backlog did not drain)' : `not caught up (projected ${formatElapsedMs(c.measured)})`;
  const v = c.measured ?? c.modelled;
  if (v === undefined) return 'unknown';
  return c.limit === 'overhead' ? `${v.toFixed(1)}%` : formatElapsedMs(v);
};

/** The least value of a limit's flag that admits the judged figure: `--max-recovery 27s`. */
export function flagValue(c: LimitCheck): string {
  const v = c.measured ?? c.modelled ?? 0;
  if (c.limit === 'overhead') return `${Math.ceil(v * 10) / 10}%`;
  return v >= 1_000 ? `${Math.ceil(v / 1_000)}s` : `${Math.ceil(v)}ms`;
}
