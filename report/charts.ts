/** The report's charts for one analysis, rendered to SVG in Node by Apache ECharts (server-side rendering). */
import type { Aggregates } from '../analysis/aggregate.js';
import { type Recommendation } from '../analysis/advisor.js';
import { capacityAt, lossPctAt, expectedRecoveryMs, expectedReplayedRecords, showsCost, type CostModel } from '../analysis/model.js';
import { median } from '../lib/stats.js';
import { formatElapsedMs } from '../lib/duration.js';
import { expectedCostSecPerHour } from '../analysis/costPerHour.js';

import { COLORS, curve, errorBars, fitCurve, intervalChart, noiseCaption, range, render, specLines, type Chart, type SeriesSpec } from './chartKit.js';

export type { Chart } from './chartKit.js';
export { renderModeCharts, type ModeLine } from './modeCharts.js';

/** What every chart of one analysis reads: the aggregates, the model, the swept range and the noise band. */
interface ChartContext {
  readonly agg: Aggregates;
  readonly model: CostModel;
  readonly base: Aggregates['intervals'][number]['figures'] | undefined;
  readonly lo: number;
  readonly hi: number;
  /** The baseline's rate spread (%), and the band it puts around a value: differences inside it are noise. */
  readonly spreadPct?: number;
  readonly relBand: (v?: number) => number | undefined;
}

/** Every chart of the report, for the intervals the sweep measured. */
export function renderCharts(agg: Aggregates, model: CostModel, recommendation?: Recommendation): Chart[] {
  if (agg.intervals.length === 0) return [];
  const [lo, hi] = range(agg);
  const base = agg.baseline?.figures;
  const spreadPct = base?.rateSpreadPct.median;
  const relBand = (v?: number) => (spreadPct === undefined || v === undefined ? undefined : (2 * spreadPct * Math.abs(v)) / 100);
  const ctx: ChartContext = { agg, model, base, lo, hi, spreadPct, relBand };
  const cost = costChart(ctx, recommendation);
  return [
    capacityChart(ctx),
    // The overhead chart reads the aggregates' overhead, not the figures.
    overheadChart(agg, model, spreadPct),
    latencyChart(ctx),
    durationChart(ctx),
    sizeChart(ctx),
    recoveryChart(ctx),
    replayChart(ctx),
    ...(cost ? [cost] : []),
  ];
}

function capacityChart({ agg, model, base, lo, hi, relBand }: ChartContext): Chart {
  const r = model.recovery;
  return intervalChart(
    specLines(agg, [{ name: 'capacity μ(T) (median)', pick: (f) => f.capacityEventsPerSec }]),
    'capacity',
    'Capacity (capacity probe) vs checkpoint interval',
    'events/s',
    {
      baseline: base?.capacityEventsPerSec.median !== undefined ? [{ name: 'no checkpoints μ(off)', value: base.capacityEventsPerSec.median }] : [],
      model: r ? [{ name: 'model μ(off)·(1 − a − C/T)', data: curve(lo, hi, (ms) => capacityAt(r, ms)) }] : [],
      caption: noiseCaption(agg, (a) => a.figures.capacityEventsPerSec, relBand, 'capacity'),
    },
  );
}

/** The steady state's end-to-end latency, as the bench's latency markers measure it. */
const LATENCY_PERCENTILES: readonly SeriesSpec[] = [
  { name: 'p50', pick: (f) => f.latencyP50Ms },
  { name: 'p99', pick: (f) => f.latencyP99Ms },
];

function latencyChart({ agg, model, base, relBand }: ChartContext): Chart {
  const baseP99 = base?.latencyP99Ms.median;
  return intervalChart(specLines(agg, LATENCY_PERCENTILES), 'latency', 'End-to-end latency vs checkpoint interval (steady state)', 'ms', {
    baseline: [
      ...(base?.latencyP50Ms.median !== undefined ? [{ name: 'p50, no checkpoints', value: base.latencyP50Ms.median }] : []),
      ...(baseP99 !== undefined ? [{ name: 'p99, no checkpoints', value: baseP99 }] : []),
    ],
    model:
      showsCost(model.p99IncreaseMs) && baseP99 !== undefined
        ? [{ name: 'model p99 = base + a + C/T', data: fitCurve(agg, model.p99IncreaseMs, baseP99) }]
        : [],
    caption: noiseCaption(agg, (a) => a.figures.latencyP99Ms, relBand, 'p99 latency'),
  });
}

function durationChart({ agg, model }: ChartContext): Chart {
  const bandwidth = model.writeBytesPerSec;
  const diskBound = agg.intervals.flatMap((a) =>
    bandwidth && a.figures.checkpointedBytes.median !== undefined
      ? [[a.intervalMs / 1000, (a.figures.checkpointedBytes.median / bandwidth) * 1000] as [number, number]]
      : [],
  );
  return intervalChart(
    specLines(agg, [{ name: 'end-to-end duration (median)', pick: (f) => f.checkpointDurationMs }]),
    'checkpoint-duration',
    'Checkpoint duration vs interval',
    'ms',
    { model: bandwidth ? [{ name: 'disk bound: written bytes ÷ measured bandwidth', data: diskBound }] : [] },
  );
}

function sizeChart({ agg }: ChartContext): Chart {
  return intervalChart(
    specLines(agg, [
      { name: 'written per checkpoint', pick: (f) => f.checkpointedBytes, scale: 1e-6 },
      { name: 'full state (RocksDB live files)', pick: (f) => f.stateBytes, scale: 1e-6 },
      { name: 'prefilled state (nominal)', pick: (f) => f.stateAtStartBytes, scale: 1e-6 },
    ]),
    'checkpoint-size',
    'Checkpoint size vs interval',
    'MB',
  );
}

function recoveryChart({ agg, model, lo, hi, relBand }: ChartContext): Chart {
  const r = model.recovery;
  return intervalChart(
    specLines(agg, [
      { name: 'recovery (failure → caught up)', pick: (f) => f.recoveryMs, scale: 1e-3 },
      { name: 'downtime (failure → running)', pick: (f) => f.downtimeMs, scale: 1e-3 },
      // A failure the job did not catch up from has no recovery time: its projection, when the backlog drained at all.
      { name: 'not caught up: projected recovery', pick: (f) => f.projectedRecoveryMs, scale: 1e-3, onlyIfMeasured: true },
    ]),
    'recovery',
    'Recovery time after a TaskManager failure',
    's',
    {
      notCaughtUp: agg.intervals.filter((a) => a.notCaughtUp > 0).map((a) => a.intervalMs),
      model: r ? [{ name: 'model R(T) = D + λ(D + T/2)/(ρμ(T) − λ)', data: curve(lo, hi, (ms) => expectedRecoveryMs(r, ms), 1e-3) }] : [],
      caption: noiseCaption(agg, (a) => a.figures.recoveryMs, relBand, 'recovery time'),
    },
  );
}

function replayChart({ agg, model, lo, hi }: ChartContext): Chart {
  const r = model.recovery;
  const durationMs = median(agg.intervals.flatMap((a) => (a.figures.checkpointDurationMs.median !== undefined ? [a.figures.checkpointDurationMs.median] : [])));
  return intervalChart(
    specLines(agg, [
      { name: 'replayed (measured)', pick: (f) => f.replayedRecords },
      { name: 'predicted for that failure', pick: (f) => f.predictedReplayedRecords },
    ]),
    'replay',
    'Records replayed after a failure',
    'records',
    {
      model:
        r && durationMs !== undefined
          ? [{ name: 'model λ(T/2 + checkpoint duration)', data: curve(lo, hi, (ms) => expectedReplayedRecords(r.inputRate, ms, durationMs)) }]
          : [],
    },
  );
}

/** The expected cost per hour against T, with T* marked: only with an MTBF and a fitted price and recovery. */
function costChart({ agg, model, lo, hi }: ChartContext, recommendation: Recommendation | undefined): Chart | undefined {
  const mtbf = recommendation?.limits.mtbfMs;
  const r = model.recovery;
  const C = model.checkpointCostMs;
  if (!mtbf || !r || C === undefined) return undefined;
  return intervalChart(specLines(agg, []), 'cost', `Expected cost per hour for an MTBF of ${Math.round(mtbf / 3_600_000)} h`, 's of capacity per hour', {
    model: [{ name: 'checkpoints C/T + recovery R(T)/MTBF', data: curve(lo, hi, (ms) => expectedCostSecPerHour(C, ms, expectedRecoveryMs(r, ms), mtbf)) }],
    marks: recommendation.optimumMs !== undefined ? [{ name: `T* ${formatElapsedMs(recommendation.optimumMs)}`, x: recommendation.optimumMs / 1000 }] : [],
  });
}

/** The loss's series: from the CPU price (or the probe in older sweeps) with its intervals, the probe as a check, the noise band and the fit. */
function lossSeries(agg: Aggregates, model: CostModel, spreadPct?: number): Record<string, unknown>[] {
  const points = agg.intervals.flatMap((a) =>
    a.overhead?.capacityLossPct.median !== undefined ? [{ x: a.intervalMs / 1000, e: a.overhead.capacityLossPct }] : [],
  );
  // From the CPU price: the mean, with its Welch interval against the baseline (METHOD.md).
  const fromPrice = agg.intervals.some((a) => a.overhead?.price);
  const series: Record<string, unknown>[] = [
    {
      type: 'line',
      name: fromPrice ? 'capacity loss, CPU price (mean)' : 'capacity loss (median)',
      color: COLORS[0],
      symbolSize: 8,
      data: points.map((p) => [p.x, fromPrice ? (p.e.mean ?? p.e.median!) : p.e.median!]),
    },
  ];
  const bars = points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow!, p.e.ciHigh!]);
  if (bars.length) series.push(errorBars('capacity loss 95% CI', COLORS[0]!, bars));
  if (fromPrice) {
    const probe = agg.intervals.flatMap((a) => {
      const v = a.overhead?.probeCapacityLossPct.median;
      return v === undefined ? [] : [[a.intervalMs / 1000, v]];
    });
    series.push({
      type: 'line',
      name: 'capacity loss, probe (check)',
      color: COLORS[1],
      symbol: 'diamond',
      symbolSize: 8,
      lineStyle: { type: 'dashed' },
      data: probe,
    });
  }
  if (spreadPct !== undefined) {
    series.push({
      type: 'line',
      name: 'noise band (±2σ of the baseline rate)',
      data: [],
      color: '#aaa',
      markArea: { silent: true, itemStyle: { color: 'rgba(0,0,0,0.06)' }, data: [[{ yAxis: -2 * spreadPct }, { yAxis: 2 * spreadPct }]] },
    });
  }
  if (showsCost(model.capacityLossPct))
    series.push({
      type: 'line',
      name: fromPrice ? 'model 100·C_cpu/(T·P)' : 'model a + C/T',
      showSymbol: false,
      smooth: true,
      color: COLORS[3],
      lineStyle: { type: 'dotted', width: 2 },
      data: fitCurve(agg, model.capacityLossPct, 0, 1, lossPctAt),
    });
  return series;
}

/** Capacity loss in % of the baseline, with CI whiskers, zero on the axis and the fit. */
function overheadChart(agg: Aggregates, model: CostModel, spreadPct?: number): Chart {
  const series = lossSeries(agg, model, spreadPct);
  const svg = render({
    title: { text: 'Capacity lost to checkpointing (% of the baseline)', left: 'center', textStyle: { fontSize: 15 } },
    legend: { bottom: 0, data: series.filter((x) => !String(x.name).endsWith('CI')).map((x) => x.name as string) },
    grid: { left: 80, right: 30, top: 50, bottom: 70 },
    xAxis: { type: 'log', logBase: 10, name: 'checkpoint interval (s)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: '% of μ(off)', nameLocation: 'middle', nameGap: 60, scale: false },
    series,
  });
  const within = noiseCaption(
    agg,
    (a) => a.overhead?.capacityLossPct,
    () => (spreadPct === undefined ? undefined : 2 * spreadPct),
    'capacity loss',
  );
  return { id: 'capacity-loss', title: 'Capacity lost to checkpointing (% of the baseline)', svg, caption: within };
}
