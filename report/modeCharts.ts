/** The comparison of state modes: each figure as one chart with a line per mode. */
import type { Aggregates, IntervalAggregate } from '../analysis/aggregate.js';
import type { Estimate } from '../lib/confidence.js';

import { intervalChart, pointsOf, type Chart, type Line } from './chartKit.js';

/** A state mode's analysis, as a line of the comparison charts. */
export interface ModeLine {
  readonly stateMode: string;
  readonly bidders: number;
  readonly aggregates: Aggregates;
}

/**
 * The comparison of state modes: each figure as one chart with a line per mode (its own baseline
 * dashed in the same colour where the figure has one).
 */
export function renderModeCharts(modes: readonly ModeLine[]): Chart[] {
  const measured = modes.filter((m) => m.aggregates.intervals.length > 0);
  if (measured.length === 0) return [];
  const label = (m: ModeLine) => `${m.stateMode} (${m.bidders.toLocaleString('en-US')} bidders)`;
  const lines = (pick: (a: IntervalAggregate) => Estimate | undefined, scale?: number): Line[] =>
    measured.map((m) => ({ name: label(m), scale, points: pointsOf(m.aggregates, pick) }));
  const baselines = (pick: (a: IntervalAggregate) => Estimate | undefined, scale = 1) =>
    measured.flatMap((m) => {
      const v = m.aggregates.baseline ? pick(m.aggregates.baseline)?.median : undefined;
      return v === undefined ? [] : [{ name: `${m.stateMode}, no checkpoints`, value: v * scale }];
    });
  const notCaughtUp = [...new Set(measured.flatMap((m) => m.aggregates.intervals.filter((a) => a.notCaughtUp > 0).map((a) => a.intervalMs)))];
  return [
    intervalChart(
      lines((a) => a.figures.capacityEventsPerSec),
      'modes-capacity',
      'Capacity (capacity probe) per state mode',
      'events/s',
      {
        baseline: baselines((a) => a.figures.capacityEventsPerSec),
      },
    ),
    intervalChart(
      lines((a) => a.overhead?.capacityLossPct),
      'modes-capacity-loss',
      'Capacity lost to checkpointing per state mode (% of its baseline)',
      '% of μ(off)',
    ),
    intervalChart(
      lines((a) => a.figures.latencyP99Ms),
      'modes-latency',
      'p99 end-to-end latency per state mode (steady state)',
      'ms',
      { baseline: baselines((a) => a.figures.latencyP99Ms) },
    ),
    intervalChart(
      lines((a) => a.figures.checkpointDurationMs),
      'modes-checkpoint-duration',
      'Checkpoint duration per state mode',
      'ms',
    ),
    intervalChart(
      lines((a) => a.figures.checkpointedBytes, 1e-6),
      'modes-checkpoint-size',
      'Bytes written per checkpoint per state mode',
      'MB',
    ),
    intervalChart(
      lines((a) => a.figures.recoveryMs, 1e-3),
      'modes-recovery',
      'Recovery time after a failure per state mode',
      's',
      { notCaughtUp },
    ),
    intervalChart(
      lines((a) => a.figures.replayedRecords),
      'modes-replay',
      'Records replayed after a failure per state mode',
      'records',
    ),
  ];
}
