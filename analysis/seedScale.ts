/**
 * The seed's own scale, predicted before it is measured (pure; issue "State size and checkpoint type"):
 * realistic state at 3,000,000 bidders and 15,000 events/s, at 10 s and 60 s, predicted from a sweep
 * at no more than a tenth of that state, and then each figure checked against the cell that measured it.
 */
import type { Predicted } from '../lib/confidence.js';
import type { IntervalAggregate } from './aggregate.js';
import { predict, type MeasuredMode, type MeasuredSweep, type Prediction } from './predict.js';

export const SEED_SCALE = { stateMode: 'realistic', bidders: 3_000_000, rateEventsPerSec: 15_000, intervalsMs: [10_000, 60_000] } as const;

/** The prediction a sweep makes for the seed's scale: each interval, for each checkpoint type it measured. */
export function seedScalePredictions(sweep: MeasuredSweep): Prediction[] {
  const types = [...new Set(sweep.modes.filter((m) => m.stateMode === SEED_SCALE.stateMode).map((m) => m.checkpointType ?? sweep.checkpointType))];
  return types.flatMap((checkpointType) =>
    SEED_SCALE.intervalsMs.map((intervalMs) =>
      predict(sweep, {
        intervalMs,
        stateMode: SEED_SCALE.stateMode,
        bidders: SEED_SCALE.bidders,
        rateEventsPerSec: SEED_SCALE.rateEventsPerSec,
        ...(checkpointType ? { checkpointType } : {}),
      }),
    ),
  );
}

/** One figure predicted against measured: the error (relative, or percentage points for a loss) and the goal for it. */
export interface FigureCheck {
  readonly figure: 'checkpoint duration' | 'bytes per checkpoint' | 'recovery' | 'capacity loss';
  readonly predicted?: Predicted;
  readonly measured?: number;
  /** |predicted − measured| ÷ measured, or in percentage points for the capacity loss. */
  readonly error?: number;
  readonly errorUnit: 'relative' | 'points';
  readonly goal: number;
  readonly meetsGoal?: boolean;
  readonly insideInterval?: boolean;
  /** recovery only: why the cell measured no recovery time although it ran (the prediction then missed). */
  readonly outcome?: string;
}

/** The goals: within 20 % for duration, bytes and recovery, within 3 percentage points for the loss. */
export const SEED_SCALE_GOALS = { relative: 0.2, points: 3 } as const;

/**
 * A recovery cell that could not fail the job (it never kept up: the health gate never held) or whose job
 * never caught up measured no recovery time: a predicted recovery then missed, and the outcome says why.
 */
function withRecoveryOutcome(c: FigureCheck, a: IntervalAggregate | undefined): FigureCheck {
  if (!a || c.measured !== undefined) return c;
  const outcome = a.neverHealthy
    ? 'no failure injected: the job never kept up for the health gate'
    : a.notCaughtUp > 0
      ? 'not caught up: the backlog did not drain'
      : undefined;
  if (!outcome) return c;
  const predicted = c.predicted !== undefined && Number.isFinite(c.predicted.value);
  return { ...c, outcome, ...(predicted ? { meetsGoal: false } : {}) };
}

/** Each figure of a prediction against the cell of the measuring sweep at the same interval (and type); without one, the prediction alone. */
export function checkPrediction(p: Prediction, measured: Pick<MeasuredMode, 'aggregates'> | undefined): FigureCheck[] {
  const a = measured?.aggregates.intervals.find((x) => x.intervalMs === p.intervalMs);
  const check = (figure: FigureCheck['figure'], predicted: Predicted | undefined, value: number | undefined, unit: FigureCheck['errorUnit']): FigureCheck => {
    const goal = SEED_SCALE_GOALS[unit];
    if (predicted === undefined || value === undefined || !Number.isFinite(predicted.value))
      return { figure, predicted, measured: value, errorUnit: unit, goal };
    const error = unit === 'points' ? Math.abs(predicted.value - value) : value === 0 ? Infinity : Math.abs(predicted.value - value) / Math.abs(value);
    const insideInterval = predicted.low !== undefined && predicted.high !== undefined ? value >= predicted.low && value <= predicted.high : undefined;
    return {
      figure,
      predicted,
      measured: value,
      error,
      errorUnit: unit,
      goal,
      meetsGoal: error <= goal,
      ...(insideInterval === undefined ? {} : { insideInterval }),
    };
  };
  return [
    check('checkpoint duration', p.checkpointDurationMs, a?.figures.checkpointDurationMs.median, 'relative'),
    check('bytes per checkpoint', p.checkpointedBytes, a?.figures.checkpointedBytes.median, 'relative'),
    withRecoveryOutcome(check('recovery', p.recovery?.recoveryMs, a?.figures.recoveryMs.median, 'relative'), a),
    check('capacity loss', p.capacityLossPct, a?.overhead?.capacityLossPct.mean ?? a?.overhead?.capacityLossPct.median, 'points'),
  ];
}
