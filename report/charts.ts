/** The report's charts, rendered to SVG in Node by Apache ECharts (server-side rendering). */
import * as echarts from 'echarts';
import type { Aggregates, FigureName } from '../analysis/aggregate.js';
import type { Estimate } from '../analysis/confidence.js';
import { evalInverse, expectedRecoveryMs, showsCost, type CostModel, type InverseFit } from '../analysis/model.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
}

interface SeriesSpec {
  readonly name: string;
  readonly pick: (f: Readonly<Record<FigureName, Estimate>>) => Estimate;
  readonly scale?: number;
}

const WIDTH = 720;
const HEIGHT = 380;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** Model curves are drawn over the swept range on a log grid. */
function curve(fromMs: number, toMs: number, f: (ms: number) => number, scale = 1): [number, number][] {
  const pts: [number, number][] = [];
  const steps = 60;
  for (let i = 0; i <= steps; i++) {
    const ms = fromMs * Math.pow(toMs / fromMs, i / steps);
    const y = f(ms);
    if (Number.isFinite(y)) pts.push([ms / 1000, y * scale]);
  }
  return pts;
}

/** A vertical whisker per point: the 95 % confidence interval over repeats. */
function errorBars(name: string, color: string, data: [number, number, number][]) {
  return {
    type: 'custom',
    name,
    silent: true,
    data,
    // Both ends count for the y axis' range, so a whisker is never cut off.
    encode: { x: 0, y: [1, 2] },
    renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
      const lo = api.coord([api.value(0), api.value(1)]);
      const hi = api.coord([api.value(0), api.value(2)]);
      const w = 5;
      const line = (x1: number, y1: number, x2: number, y2: number) => ({ type: 'line', shape: { x1, y1, x2, y2 }, style: { stroke: color, lineWidth: 1.5 } });
      return { type: 'group', children: [line(lo[0]!, lo[1]!, hi[0]!, hi[1]!), line(lo[0]! - w, lo[1]!, lo[0]! + w, lo[1]!), line(hi[0]! - w, hi[1]!, hi[0]! + w, hi[1]!)] };
    },
  };
}

function render(option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  chart.setOption({ animation: false, backgroundColor: '#fff', textStyle: { fontFamily: 'sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

function intervalChart(
  agg: Aggregates,
  id: string,
  title: string,
  yName: string,
  specs: readonly SeriesSpec[],
  extra: { baseline?: { name: string; value: number }[]; model?: { name: string; data: [number, number][] }[] } = {},
): Chart {
  const series: Record<string, unknown>[] = [];
  specs.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const scale = s.scale ?? 1;
    const points = agg.intervals.flatMap((a) => {
      const e = s.pick(a.figures);
      return e.median === undefined ? [] : [{ x: a.intervalMs / 1000, e }];
    });
    series.push({ type: 'line', name: s.name, color, symbolSize: 8, data: points.map((p) => [p.x, p.e.median! * scale]) });
    const bars = points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow! * scale, p.e.ciHigh! * scale]);
    if (bars.length) series.push(errorBars(`${s.name} 95% CI`, color, bars));
  });
  for (const [i, b] of (extra.baseline ?? []).entries()) {
    series.push({
      type: 'line',
      name: b.name,
      data: [],
      color: COLORS[i % COLORS.length],
      markLine: { silent: true, symbol: 'none', label: { formatter: b.name, position: 'insideEndTop' }, lineStyle: { type: 'dashed' }, data: [{ yAxis: b.value }] },
    });
  }
  for (const [i, m] of (extra.model ?? []).entries()) {
    series.push({ type: 'line', name: m.name, showSymbol: false, smooth: true, color: COLORS[(i + 3) % COLORS.length], lineStyle: { type: 'dotted', width: 2 }, data: m.data });
  }
  const svg = render({
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    legend: { bottom: 0, data: series.filter((s) => !String(s.name).endsWith('CI')).map((s) => s.name as string) },
    grid: { left: 80, right: 30, top: 50, bottom: 70 },
    xAxis: { type: 'log', logBase: 10, name: 'checkpoint interval (s)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 60, scale: true },
    series,
  });
  return { id, title, svg };
}

function range(agg: Aggregates): [number, number] {
  const xs = agg.intervals.map((a) => a.intervalMs);
  return [Math.min(...xs), Math.max(...xs)];
}

function fitCurve(agg: Aggregates, fit: InverseFit | undefined, offset = 0, scale = 1): [number, number][] {
  if (!fit || agg.intervals.length === 0) return [];
  const [lo, hi] = range(agg);
  return curve(lo, hi, (ms) => offset + evalInverse(fit, ms), scale);
}

/** Every chart of the report, for the intervals the sweep measured. */
export function renderCharts(agg: Aggregates, model: CostModel): Chart[] {
  if (agg.intervals.length === 0) return [];
  const base = agg.baseline?.figures;
  const [lo, hi] = range(agg);
  const charts: Chart[] = [];
  charts.push(
    intervalChart(agg, 'throughput', 'Throughput vs checkpoint interval', 'events/s', [{ name: 'throughput (median)', pick: (f) => f.throughputEventsPerSec }], {
      baseline: base?.throughputEventsPerSec.median !== undefined ? [{ name: 'no checkpoints', value: base.throughputEventsPerSec.median }] : [],
    }),
  );
  const baseP99 = base?.latencyP99Ms.median;
  charts.push(
    intervalChart(
      agg,
      'latency',
      'End-to-end latency vs checkpoint interval',
      'ms',
      [
        { name: 'p50', pick: (f) => f.latencyP50Ms },
        { name: 'p99', pick: (f) => f.latencyP99Ms },
      ],
      {
        baseline: [
          ...(base?.latencyP50Ms.median !== undefined ? [{ name: 'p50, no checkpoints', value: base.latencyP50Ms.median }] : []),
          ...(baseP99 !== undefined ? [{ name: 'p99, no checkpoints', value: baseP99 }] : []),
        ],
        model: showsCost(model.p99IncreaseMs) && baseP99 !== undefined ? [{ name: 'model p99 = base + a + C/T', data: fitCurve(agg, model.p99IncreaseMs, baseP99) }] : [],
      },
    ),
  );
  charts.push(
    intervalChart(agg, 'checkpoint-duration', 'Checkpoint duration vs interval', 'ms', [{ name: 'end-to-end duration (median)', pick: (f) => f.checkpointDurationMs }]),
  );
  charts.push(
    intervalChart(agg, 'checkpoint-size', 'Checkpoint size vs interval', 'MB', [
      { name: 'written per checkpoint', pick: (f) => f.checkpointedBytes, scale: 1e-6 },
      { name: 'full state', pick: (f) => f.stateBytes, scale: 1e-6 },
    ]),
  );
  const recoveryModel = model.recovery;
  charts.push(
    intervalChart(
      agg,
      'recovery',
      'Recovery time after a TaskManager failure',
      's',
      [
        { name: 'recovery (failure → caught up)', pick: (f) => f.recoveryMs, scale: 1e-3 },
        { name: 'downtime (failure → running)', pick: (f) => f.downtimeMs, scale: 1e-3 },
      ],
      { model: recoveryModel ? [{ name: 'model R(T) = D + λ(D + T/2)/(μ − λ)', data: curve(lo, hi, (ms) => expectedRecoveryMs(recoveryModel, ms), 1e-3) }] : [] },
    ),
  );
  charts.push(
    intervalChart(agg, 'replay', 'Records replayed after a failure', 'records', [
      { name: 'replayed (measured)', pick: (f) => f.replayedRecords },
      { name: 'predicted for that failure', pick: (f) => f.predictedReplayedRecords },
    ], {
      model:
        recoveryModel && model.checkpointCostMs !== undefined
          ? [{ name: 'model λ(T/2 + C)', data: curve(lo, hi, (ms) => (recoveryModel.inputRate * (ms / 2 + model.checkpointCostMs!)) / 1000) }]
          : [],
    }),
  );
  return charts;
}
