/** The comparison of state modes: each figure as one chart with a line per mode. */
import type { Aggregates, IntervalAggregate } from '../analysis/aggregate.js';
import type { Estimate } from '../lib/confidence.js';
import type { CheckpointType } from '../lib/checkpointType.js';
import { formatInteger } from '../lib/format.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';

import { intervalChart, pointsOf, type Chart, type Line } from './chartKit.js';

/** A state mode's analysis, as a line of the comparison charts. */
export interface ModeLine {
  readonly stateMode: string;
  readonly bidders: number;
  readonly checkpointType?: CheckpointType;
  readonly aggregates: Aggregates;
}

/**
 * The comparison of state modes: each figure as one chart with a line per mode (its own baseline
 * dashed in the same colour where the figure has one).
 */
export function renderModeCharts(modes: readonly ModeLine[]): Chart[] {
  const measured = modes.filter((m) => m.aggregates.intervals.length > 0);
  if (measured.length === 0) return [];
  const label = workloadLabel;
  const lines = (pick: (a: IntervalAggregate) => Estimate | undefined, scale?: number): Line[] =>
    measured.map((m) => ({ name: label(m), scale, points: pointsOf(m.aggregates, pick) }));
  const baselines = (pick: (a: IntervalAggregate) => Estimate | undefined, scale = 1) =>
    measured.flatMap((m) => {
      const v = m.aggregates.baseline ? pick(m.aggregates.baseline)?.median : undefined;
      return v === undefined ? [] : [{ name: `${m.stateMode} (${formatInteger(m.bidders)} bidders), no checkpoints`, value: v * scale }];
    });
  const notCaughtUp = [...new Set(measured.flatMap((m) => m.aggregates.intervals.filter((a) => a.notCaughtUp > 0).map((a) => a.intervalMs)))];
  return MODE_CHARTS.map((c) =>
    intervalChart(lines(c.pick, c.scale), c.id, c.title, c.yName, {
      ...(c.baseline ? { baseline: baselines(c.pick, c.scale) } : {}),
      ...(c.notCaughtUp ? { notCaughtUp } : {}),
    }),
  );
}

/** One chart of the mode comparison: the figure, its unit, and whether it has a baseline or marks failures not caught up. */
interface ModeChartSpec {
  readonly id: string;
  readonly title: string;
  readonly yName: string;
  readonly pick: (a: IntervalAggregate) => Estimate | undefined;
  readonly scale?: number;
  readonly baseline?: boolean;
  readonly notCaughtUp?: boolean;
}

const MODE_CHARTS: readonly ModeChartSpec[] = [
  { id: 'modes-capacity', title: 'Capacity (capacity probe) per state mode', yName: 'events/s', pick: (a) => a.figures.capacityEventsPerSec, baseline: true },
  {
    id: 'modes-capacity-loss',
    title: 'Capacity lost to checkpointing per state mode (% of its baseline)',
    yName: '% of μ(off)',
    pick: (a) => a.overhead?.capacityLossPct,
  },
  { id: 'modes-latency', title: 'p99 end-to-end latency per state mode (steady state)', yName: 'ms', pick: (a) => a.figures.latencyP99Ms, baseline: true },
  { id: 'modes-checkpoint-duration', title: 'Checkpoint duration per state mode', yName: 'ms', pick: (a) => a.figures.checkpointDurationMs },
  { id: 'modes-checkpoint-size', title: 'Bytes written per checkpoint per state mode', yName: 'MB', pick: (a) => a.figures.checkpointedBytes, scale: 1e-6 },
  {
    id: 'modes-recovery',
    title: 'Recovery time after a failure per state mode',
    yName: 's',
    pick: (a) => a.figures.recoveryMs,
    scale: 1e-3,
    notCaughtUp: true,
  },
  { id: 'modes-replay', title: 'Records replayed after a failure per state mode', yName: 'records', pick: (a) => a.figures.replayedRecords },
];
