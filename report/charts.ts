/** The report's charts, rendered to SVG in Node by Apache ECharts (server-side rendering). */
import * as echarts from 'echarts';
import type { Aggregates, FigureName } from '../analysis/aggregate.js';
import type { Estimate } from '../analysis/confidence.js';
import { withinNoise, type Recommendation } from '../analysis/advisor.js';
import { capacityAt, evalInverse, expectedCostSecPerHour, expectedRecoveryMs, showsCost, type CostModel, type InverseFit } from '../analysis/model.js';
import { median } from '../bench/stats.js';
import { formatDurationMs } from '../bench/duration.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** Said under the chart, e.g. that its differences are within the noise. */
  readonly caption?: string;
}

interface SeriesSpec {
  readonly name: string;
  readonly pick: (f: Readonly<Record<FigureName, Estimate>>) => Estimate;
  readonly scale?: number;
  /** Left out of the chart and its legend when no interval has the figure. */
  readonly onlyIfMeasured?: boolean;
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
  extra: {
    baseline?: { name: string; value: number }[];
    model?: { name: string; data: [number, number][] }[];
    marks?: { name: string; x: number }[];
    caption?: string;
    /** Magnitudes start at zero; only a relative-change chart may leave it (none does now). */
    fromZero?: boolean;
    /** Intervals where some failure was not caught up: marked on the axis, named in the caption. */
    notCaughtUp?: readonly number[];
  } = {},
): Chart {
  const series: Record<string, unknown>[] = [];
  specs.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const scale = s.scale ?? 1;
    const points = agg.intervals.flatMap((a) => {
      const e = s.pick(a.figures);
      return e.median === undefined ? [] : [{ x: a.intervalMs / 1000, e }];
    });
    if (s.onlyIfMeasured && points.length === 0) return;
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
    // A model curve is sampled densely; a bound computed per measured interval is drawn point to point.
    const dense = m.data.length > 10;
    series.push({ type: 'line', name: m.name, showSymbol: !dense, smooth: dense, color: COLORS[(i + 3) % COLORS.length], lineStyle: { type: 'dotted', width: 2 }, data: m.data });
  }
  for (const m of extra.marks ?? []) {
    series.push({
      type: 'line',
      name: m.name,
      data: [],
      color: '#555',
      markLine: { silent: true, symbol: 'none', label: { formatter: m.name, position: 'end' }, lineStyle: { type: 'solid', width: 1.5 }, data: [{ xAxis: m.x }] },
    });
  }
  for (const ms of extra.notCaughtUp ?? []) {
    series.push({
      type: 'line',
      name: 'not caught up',
      data: [],
      color: '#a33',
      markLine: { silent: true, symbol: 'none', label: { formatter: `not caught up`, position: 'insideEndTop' }, lineStyle: { type: 'dashed', color: '#a33' }, data: [{ xAxis: ms / 1000 }] },
    });
  }
  const notCaughtUpText = extra.notCaughtUp?.length
    ? `Not caught up at ${extra.notCaughtUp.map((ms) => formatDurationMs(ms)).join(', ')}: the bench stopped waiting (the lag stalled or drained too slowly), so recovery there misses any limit.`
    : undefined;
  const caption = [notCaughtUpText, extra.caption].filter(Boolean).join(' ') || undefined;
  const svg = render({
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    legend: { bottom: 0, data: series.filter((s) => !String(s.name).endsWith('CI')).map((s) => s.name as string) },
    grid: { left: 80, right: 30, top: 50, bottom: 70 },
    xAxis: { type: 'log', logBase: 10, name: 'checkpoint interval (s)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: yName, nameLocation: 'middle', nameGap: 60, scale: extra.fromZero === false },
    series,
  });
  return { id, title, svg, caption };
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

/** "Within the noise" when every interval's figure is within noise of every other's (advisor's rule). */
function noiseCaption(agg: Aggregates, pick: (a: Aggregates['intervals'][number]) => Estimate | undefined, band: (v?: number) => number | undefined, what: string): string | undefined {
  const ivs = agg.intervals.filter((a) => pick(a)?.median !== undefined);
  if (ivs.length < 2) return undefined;
  const all = ivs.every((x) => ivs.every((y) => x === y || withinNoise(pick(x), pick(y), band(pick(x)?.median)) !== false));
  return all ? `The differences in ${what} between intervals are within the noise (confidence intervals, or with one repeat the baseline's sample-to-sample spread): this chart does not tell the intervals apart.` : undefined;
}

/** Every chart of the report, for the intervals the sweep measured. */
export function renderCharts(agg: Aggregates, model: CostModel, recommendation?: Recommendation): Chart[] {
  if (agg.intervals.length === 0) return [];
  const base = agg.baseline?.figures;
  const [lo, hi] = range(agg);
  const spread = base?.rateSpreadPct.median;
  const relBand = (v?: number) => (spread === undefined || v === undefined ? undefined : (2 * spread * Math.abs(v)) / 100);
  const charts: Chart[] = [];
  const r = model.recovery;
  charts.push(
    intervalChart(agg, 'capacity', 'Capacity (capacity probe) vs checkpoint interval', 'events/s', [{ name: 'capacity μ(T) (median)', pick: (f) => f.capacityEventsPerSec }], {
      baseline: base?.capacityEventsPerSec.median !== undefined ? [{ name: 'no checkpoints μ(off)', value: base.capacityEventsPerSec.median }] : [],
      model: r ? [{ name: 'model μ(off)·(1 − a − C/T)', data: curve(lo, hi, (ms) => capacityAt(r, ms)) }] : [],
      caption: noiseCaption(agg, (a) => a.figures.capacityEventsPerSec, relBand, 'capacity'),
    }),
  );
  // The overhead chart reads the aggregates' overhead, not the figures.
  charts.push(overheadChart(agg, model, spread));
  const baseP99 = base?.latencyP99Ms.median;
  charts.push(
    intervalChart(
      agg,
      'latency',
      'End-to-end latency vs checkpoint interval (steady state)',
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
        caption: noiseCaption(agg, (a) => a.figures.latencyP99Ms, relBand, 'p99 latency'),
      },
    ),
  );
  charts.push(
    intervalChart(agg, 'checkpoint-duration', 'Checkpoint duration vs interval', 'ms', [{ name: 'end-to-end duration (median)', pick: (f) => f.checkpointDurationMs }], {
      model: model.writeBytesPerSec
        ? [{ name: 'disk bound: written bytes ÷ measured bandwidth', data: agg.intervals.flatMap((a) => (a.figures.checkpointedBytes.median !== undefined ? [[a.intervalMs / 1000, (a.figures.checkpointedBytes.median / model.writeBytesPerSec!) * 1000] as [number, number]] : [])) }]
        : [],
    }),
  );
  charts.push(
    intervalChart(agg, 'checkpoint-size', 'Checkpoint size vs interval', 'MB', [
      { name: 'written per checkpoint', pick: (f) => f.checkpointedBytes, scale: 1e-6 },
      { name: 'full state (RocksDB live files)', pick: (f) => f.stateBytes, scale: 1e-6 },
      { name: 'prefilled state (nominal)', pick: (f) => f.stateAtStartBytes, scale: 1e-6 },
    ]),
  );
  charts.push(
    intervalChart(
      agg,
      'recovery',
      'Recovery time after a TaskManager failure',
      's',
      [
        { name: 'recovery (failure → caught up)', pick: (f) => f.recoveryMs, scale: 1e-3 },
        { name: 'downtime (failure → running)', pick: (f) => f.downtimeMs, scale: 1e-3 },
        // A failure the job did not catch up from has no recovery time: its projection, when the backlog drained at all.
        { name: 'not caught up: projected recovery', pick: (f) => f.projectedRecoveryMs, scale: 1e-3, onlyIfMeasured: true },
      ],
      {
        notCaughtUp: agg.intervals.filter((a) => a.notCaughtUp > 0).map((a) => a.intervalMs),
        model: r ? [{ name: 'model R(T) = D + λ(D + T/2)/(ρμ(T) − λ)', data: curve(lo, hi, (ms) => expectedRecoveryMs(r, ms), 1e-3) }] : [],
        caption: noiseCaption(agg, (a) => a.figures.recoveryMs, relBand, 'recovery time'),
      },
    ),
  );
  const durationMs = median(agg.intervals.flatMap((a) => (a.figures.checkpointDurationMs.median !== undefined ? [a.figures.checkpointDurationMs.median] : [])));
  charts.push(
    intervalChart(agg, 'replay', 'Records replayed after a failure', 'records', [
      { name: 'replayed (measured)', pick: (f) => f.replayedRecords },
      { name: 'predicted for that failure', pick: (f) => f.predictedReplayedRecords },
    ], {
      model: r && durationMs !== undefined ? [{ name: 'model λ(T/2 + checkpoint duration)', data: curve(lo, hi, (ms) => (r.inputRate * (ms / 2 + durationMs)) / 1000) }] : [],
    }),
  );
  const mtbf = recommendation?.limits.mtbfMs;
  if (mtbf && r && model.checkpointCostMs !== undefined) {
    const C = model.checkpointCostMs;
    charts.push(
      intervalChart(agg, 'cost', `Expected cost per hour for an MTBF of ${Math.round(mtbf / 3_600_000)} h`, 's of capacity per hour', [], {
        model: [
          { name: 'checkpoints C/T + recovery R(T)/MTBF', data: curve(lo, hi, (ms) => expectedCostSecPerHour(C, ms, expectedRecoveryMs(r, ms), mtbf)) },
        ],
        marks: recommendation?.optimumMs !== undefined ? [{ name: `T* ${(recommendation.optimumMs / 1000).toFixed(1)} s`, x: recommendation.optimumMs / 1000 }] : [],
      }),
    );
  }
  return charts;
}

/** Capacity loss in % of the baseline, with CI whiskers, zero on the axis and the a + C/T fit. */
function overheadChart(agg: Aggregates, model: CostModel, spreadPct?: number): Chart {
  const points = agg.intervals.flatMap((a) => (a.overhead?.capacityLossPct.median !== undefined ? [{ x: a.intervalMs / 1000, e: a.overhead.capacityLossPct }] : []));
  const series: Record<string, unknown>[] = [{ type: 'line', name: 'capacity loss (median)', color: COLORS[0], symbolSize: 8, data: points.map((p) => [p.x, p.e.median!]) }];
  const bars = points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow!, p.e.ciHigh!]);
  if (bars.length) series.push(errorBars('capacity loss 95% CI', COLORS[0]!, bars));
  if (spreadPct !== undefined) {
    series.push({ type: 'line', name: 'noise band (±2σ of the baseline rate)', data: [], color: '#aaa', markArea: { silent: true, itemStyle: { color: 'rgba(0,0,0,0.06)' }, data: [[{ yAxis: -2 * spreadPct }, { yAxis: 2 * spreadPct }]] } });
  }
  if (showsCost(model.capacityLossPct)) series.push({ type: 'line', name: 'model a + C/T', showSymbol: false, smooth: true, color: COLORS[3], lineStyle: { type: 'dotted', width: 2 }, data: fitCurve(agg, model.capacityLossPct) });
  const svg = render({
    title: { text: 'Capacity lost to checkpointing (% of the baseline)', left: 'center', textStyle: { fontSize: 15 } },
    legend: { bottom: 0, data: series.filter((x) => !String(x.name).endsWith('CI')).map((x) => x.name as string) },
    grid: { left: 80, right: 30, top: 50, bottom: 70 },
    xAxis: { type: 'log', logBase: 10, name: 'checkpoint interval (s)', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: '% of μ(off)', nameLocation: 'middle', nameGap: 60, scale: false },
    series,
  });
  const within = noiseCaption(agg, (a) => a.overhead?.capacityLossPct, () => (spreadPct === undefined ? undefined : 2 * spreadPct), 'capacity loss');
  return { id: 'capacity-loss', title: 'Capacity lost to checkpointing (% of the baseline)', svg, caption: within };
}
