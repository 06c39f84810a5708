/**
 * Full against incremental checkpoints at one state (pure): per interval what each uploads, takes and
 * costs, and the interval where incremental stops uploading fewer bytes than full. This workload rewrites
 * every key within seconds, so an incremental checkpoint's new files approach the whole state as T grows:
 * the crossover is an interval, measured, not assumed.
 */
import type { CheckpointType } from '../lib/checkpointType.js';
import type { IntervalAggregate } from './aggregate.js';
import type { MeasuredMode } from './predict.js';

export interface TypeFigures {
  readonly checkpointedBytes?: number;
  readonly checkpointDurationMs?: number;
  readonly cpuSecondsPerCheckpoint?: number;
  readonly capacityLossPct?: number;
}

export interface TypeComparison {
  readonly stateMode: string;
  readonly bidders: number;
  readonly rows: readonly { readonly intervalMs: number; readonly full: TypeFigures; readonly incremental: TypeFigures }[];
  /** Where incremental's bytes per checkpoint reach full's, interpolated in log T and log ratio between the intervals around it. */
  readonly crossoverMs?: number;
  readonly crossover: 'between measured intervals' | 'incremental fewer at every interval' | 'incremental never fewer' | 'no single crossover' | 'not measured';
}

const figuresOf = (a: IntervalAggregate | undefined): TypeFigures => ({
  checkpointedBytes: a?.figures.checkpointedBytes.median,
  checkpointDurationMs: a?.figures.checkpointDurationMs.median,
  cpuSecondsPerCheckpoint: a?.overhead?.price?.cpuSecondsPerCheckpoint.mean,
  capacityLossPct: a?.overhead?.capacityLossPct.mean ?? a?.overhead?.capacityLossPct.median,
});

export function compareCheckpointTypes(byType: Readonly<Record<CheckpointType, MeasuredMode>>): TypeComparison {
  const { full, incremental } = byType;
  const intervals = [...new Set([...full.aggregates.intervals, ...incremental.aggregates.intervals].map((a) => a.intervalMs))].sort((a, b) => a - b);
  const at = (m: MeasuredMode, t: number) => m.aggregates.intervals.find((a) => a.intervalMs === t);
  const rows = intervals.map((intervalMs) => ({ intervalMs, full: figuresOf(at(full, intervalMs)), incremental: figuresOf(at(incremental, intervalMs)) }));
  return { stateMode: full.stateMode, bidders: full.bidders, rows, ...crossoverOf(rows) };
}

function crossoverOf(rows: TypeComparison['rows']): Pick<TypeComparison, 'crossoverMs' | 'crossover'> {
  const ratios = rows.flatMap((r) =>
    r.full.checkpointedBytes && r.incremental.checkpointedBytes !== undefined
      ? [{ t: r.intervalMs, ratio: r.incremental.checkpointedBytes / r.full.checkpointedBytes }]
      : [],
  );
  if (ratios.length === 0) return { crossover: 'not measured' };
  for (let i = 0; i + 1 < ratios.length; i++) {
    const [a, b] = [ratios[i]!, ratios[i + 1]!];
    if (a.ratio < 1 && b.ratio >= 1) {
      const share = (0 - Math.log(a.ratio)) / (Math.log(b.ratio) - Math.log(a.ratio));
      return { crossover: 'between measured intervals', crossoverMs: Math.exp(Math.log(a.t) + share * (Math.log(b.t) - Math.log(a.t))) };
    }
  }
  if (ratios.every((r) => r.ratio < 1)) return { crossover: 'incremental fewer at every interval' };
  return { crossover: ratios.every((r) => r.ratio >= 1) ? 'incremental never fewer' : 'no single crossover' };
}
