/** The charts' common parts: ECharts rendered to SVG in Node, the interval chart with its whiskers, fits and captions. */
import * as echarts from 'echarts';
import type { Aggregates, FigureName, IntervalAggregate } from '../analysis/aggregate.js';
import type { Estimate } from '../lib/confidence.js';
import { withinNoise } from '../analysis/advisor.js';
import { evalInverse, type InverseFit } from '../analysis/model.js';
import { formatDurationMs } from '../lib/duration.js';

export interface Chart {
  readonly id: string;
  readonly title: string;
  readonly svg: string;
  /** Said under the chart, e.g. that its differences are within the noise. */
  readonly caption?: string;
}

export interface SeriesSpec {
  readonly name: string;
  readonly pick: (f: Readonly<Record<FigureName, Estimate>>) => Estimate;
  readonly scale?: number;
  /** Left out of the chart and its legend when no interval has the figure. */
  readonly onlyIfMeasured?: boolean;
}

export const WIDTH = 720;
export const HEIGHT = 380;
export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** Model curves are drawn over the swept range on a log grid. */
export function curve(fromMs: number, toMs: number, f: (ms: number) => number, scale = 1): [number, number][] {
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
export function errorBars(name: string, color: string, data: [number, number, number][]) {
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
      return {
        type: 'group',
        children: [line(lo[0]!, lo[1]!, hi[0]!, hi[1]!), line(lo[0]! - w, lo[1]!, lo[0]! + w, lo[1]!), line(hi[0]! - w, hi[1]!, hi[0]! + w, hi[1]!)],
      };
    },
  };
}

export function render(option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  chart.setOption({ animation: false, backgroundColor: '#fff', textStyle: { fontFamily: 'sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** One line of an interval chart: a median per interval, with its confidence interval. */
export interface Line {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly e: Estimate }[];
  readonly scale?: number;
  readonly onlyIfMeasured?: boolean;
}

/** The intervals where `pick` has a median, as chart points (x in seconds). */
export function pointsOf(agg: Aggregates, pick: (a: IntervalAggregate) => Estimate | undefined): { x: number; e: Estimate }[] {
  return agg.intervals.flatMap((a) => {
    const e = pick(a);
    return e?.median === undefined ? [] : [{ x: a.intervalMs / 1000, e }];
  });
}

/** One line per figure of one analysis. */
export function specLines(agg: Aggregates, specs: readonly SeriesSpec[]): Line[] {
  return specs.map((s) => ({ name: s.name, scale: s.scale, onlyIfMeasured: s.onlyIfMeasured, points: pointsOf(agg, (a) => s.pick(a.figures)) }));
}

export function intervalChart(
  lines: readonly Line[],
  id: string,
  title: string,
  yName: string,
  extra: {
    baseline?: { name: string; value: number }[];
    model?: { name: string; data: [number, number][] }[];
    marks?: { name: string; x: number }[];
    caption?: string;
    /** Magnitudes start at zero; only a relative-change chart may leave it (none does now). */
    fromZero?: boolean;
    /** Intervals where some failure was not caught up: marked on the axis, named in the caption. */
    notCaughtUp?: readonly number[];
    /** A y-axis in powers of ten, for a cost that spans several (its points must be positive). */
    logY?: boolean;
  } = {},
): Chart {
  const series: Record<string, unknown>[] = [
    ...measuredSeries(lines),
    ...(extra.baseline ?? []).map((b, i) => markLine(b.name, COLORS[i % COLORS.length]!, 'insideEndTop', { type: 'dashed' }, { yAxis: b.value })),
    ...(extra.model ?? []).map((m, i) => modelSeries(m, COLORS[(i + 3) % COLORS.length]!)),
    // Marks close together on the log axis: each its own colour and dash, its label along its line (no overlap).
    ...(extra.marks ?? []).map((m, i) =>
      markLine(m.name, MARK_STYLES[i % MARK_STYLES.length]!.color, 'insideEndTop', MARK_STYLES[i % MARK_STYLES.length]!.line, { xAxis: m.x }),
    ),
    ...(extra.notCaughtUp ?? []).map((ms) => markLine('not caught up', '#a33', 'insideEndTop', { type: 'dashed' }, { xAxis: ms / 1000 })),
  ];
  // A mark line does not stretch the axis: make room for the highest baseline.
  const highestBaseline = Math.max(0, ...(extra.baseline ?? []).map((b) => b.value));
  const notCaughtUpText = extra.notCaughtUp?.length
    ? `Not caught up at ${extra.notCaughtUp.map((ms) => formatDurationMs(ms)).join(', ')}: the bench stopped waiting (the lag stalled or drained too slowly), so recovery there misses any limit.`
    : undefined;
  const caption = [notCaughtUpText, extra.caption].filter(Boolean).join(' ') || undefined;
  const legend = [...new Set(series.filter((s) => !String(s.name).endsWith('CI')).map((s) => s.name as string))];
  // About four legend entries fit a row; each further row takes room from the plot, not from the axis name.
  const legendRows = Math.max(1, Math.ceil(legend.reduce((w, n) => w + n.length + 6, 0) / 110));
  const svg = render({
    title: { text: title, left: 'center', textStyle: { fontSize: 15 } },
    legend: { bottom: 0, data: legend },
    grid: { left: 80, right: 30, top: 50, bottom: 50 + 22 * legendRows },
    xAxis: { type: 'log', logBase: 10, name: 'checkpoint interval (s)', nameLocation: 'middle', nameGap: 28 },
    yAxis: {
      type: extra.logY ? 'log' : 'value',
      ...(extra.logY ? { logBase: 10 } : {}),
      name: yName,
      nameLocation: 'middle',
      nameGap: 60,
      scale: extra.fromZero === false,
      ...(highestBaseline > 0 ? { max: (v: { max: number }) => (v.max >= highestBaseline ? undefined : niceCeil(highestBaseline * 1.05)) } : {}),
    },
    series,
  });
  return { id, title, svg, caption };
}

/** Each measured line with its 95 % interval as error bars (a line measured nowhere is left out when it asks). */
function measuredSeries(lines: readonly Line[]): Record<string, unknown>[] {
  return lines.flatMap((s, i) => {
    if (s.onlyIfMeasured && s.points.length === 0) return [];
    const color = COLORS[i % COLORS.length]!;
    const scale = s.scale ?? 1;
    const line = { type: 'line', name: s.name, color, symbolSize: 8, data: s.points.map((p) => [p.x, p.e.median! * scale]) };
    const bars = s.points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow! * scale, p.e.ciHigh! * scale]);
    return bars.length ? [line, errorBars(`${s.name} 95% CI`, color, bars)] : [line];
  });
}

/** A model curve is sampled densely; a bound computed per measured interval is drawn point to point. */
function modelSeries(m: { name: string; data: [number, number][] }, color: string): Record<string, unknown> {
  const dense = m.data.length > 10;
  return { type: 'line', name: m.name, showSymbol: !dense, smooth: dense, color, lineStyle: { type: 'dotted', width: 2 }, data: m.data };
}

const MARK_STYLES: readonly { color: string; line: Record<string, unknown> }[] = [
  { color: '#555', line: { type: 'solid', width: 1.5 } },
  { color: '#2a7f62', line: { type: 'dashed', width: 1.5 } },
  { color: '#b35900', line: { type: 'solid', width: 2.5 } },
];

/** A labelled straight line across the plot at one x (an interval) or one y (a baseline). */
function markLine(
  name: string,
  color: string,
  position: string,
  lineStyle: Record<string, unknown>,
  at: { xAxis: number } | { yAxis: number },
): Record<string, unknown> {
  return {
    type: 'line',
    name,
    data: [],
    color,
    markLine: { silent: true, symbol: 'none', label: { formatter: name, position }, lineStyle: { ...lineStyle, color }, data: [at] },
  };
}

/** A round number at or above v (1, 2, 2.5 or 5 × a power of ten), for an axis' end. */
export function niceCeil(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= v)!;
}

export function range(agg: Aggregates): [number, number] {
  const xs = agg.intervals.map((a) => a.intervalMs);
  return [Math.min(...xs), Math.max(...xs)];
}

export function fitCurve(
  agg: Aggregates,
  fit: InverseFit | undefined,
  offset = 0,
  scale = 1,
  at: (f: InverseFit, ms: number) => number = evalInverse,
): [number, number][] {
  if (!fit || agg.intervals.length === 0) return [];
  const [lo, hi] = range(agg);
  return curve(lo, hi, (ms) => offset + at(fit, ms), scale);
}

/** "Within the noise" when every interval's figure is within noise of every other's (advisor's rule). */
export function noiseCaption(
  agg: Aggregates,
  pick: (a: Aggregates['intervals'][number]) => Estimate | undefined,
  band: (v?: number) => number | undefined,
  what: string,
): string | undefined {
  const ivs = agg.intervals.filter((a) => pick(a)?.median !== undefined);
  if (ivs.length < 2) return undefined;
  const all = ivs.every((x) => ivs.every((y) => x === y || withinNoise(pick(x), pick(y), band(pick(x)?.median)) !== false));
  return all
    ? `The differences in ${what} between intervals are within the noise (confidence intervals, or with one repeat the baseline's sample-to-sample spread): this chart does not tell the intervals apart.`
    : undefined;
}
