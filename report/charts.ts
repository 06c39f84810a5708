/** The report's charts, rendered to SVG in Node by Apache ECharts (server-side rendering). */
import * as echarts from 'echarts';
import type { Aggregates, FigureName, IntervalAggregate } from '../analysis/aggregate.js';
import type { Estimate } from '../analysis/confidence.js';
import { withinNoise, type Recommendation } from '../analysis/advisor.js';
import { capacityAt, evalInverse, expectedCostSecPerHour, expectedRecoveryMs, showsCost, type CostModel, type InverseFit } from '../analysis/model.js';
import { median } from '../lib/stats.js';
import { formatDurationMs } from '../lib/duration.js';

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
      return {
        type: 'group',
        children: [line(lo[0]!, lo[1]!, hi[0]!, hi[1]!), line(lo[0]! - w, lo[1]!, lo[0]! + w, lo[1]!), line(hi[0]! - w, hi[1]!, hi[0]! + w, hi[1]!)],
      };
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

/** One line of an interval chart: a median per interval, with its confidence interval. */
interface Line {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly e: Estimate }[];
  readonly scale?: number;
  readonly onlyIfMeasured?: boolean;
}

/** The intervals where `pick` has a median, as chart points (x in seconds). */
function pointsOf(agg: Aggregates, pick: (a: IntervalAggregate) => Estimate | undefined): { x: number; e: Estimate }[] {
  return agg.intervals.flatMap((a) => {
    const e = pick(a);
    return e?.median === undefined ? [] : [{ x: a.intervalMs / 1000, e }];
  });
}

/** One line per figure of one analysis. */
function specLines(agg: Aggregates, specs: readonly SeriesSpec[]): Line[] {
  return specs.map((s) => ({ name: s.name, scale: s.scale, onlyIfMeasured: s.onlyIfMeasured, points: pointsOf(agg, (a) => s.pick(a.figures)) }));
}

function intervalChart(
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
  } = {},
): Chart {
  const series: Record<string, unknown>[] = [];
  lines.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const scale = s.scale ?? 1;
    const points = s.points;
    if (s.onlyIfMeasured && points.length === 0) return;
    series.push({ type: 'line', name: s.name, color, symbolSize: 8, data: points.map((p) => [p.x, p.e.median! * scale]) });
    const bars = points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow! * scale, p.e.ciHigh! * scale]);
    if (bars.length) series.push(errorBars(`${s.name} 95% CI`, color, bars));
  });
  for (const [i, b] of (extra.baseline ?? []).entries()) {
    const color = COLORS[i % COLORS.length];
    series.push({
      type: 'line',
      name: b.name,
      data: [],
      color,
      markLine: {
        silent: true,
        symbol: 'none',
        label: { formatter: b.name, position: 'insideEndTop' },
        lineStyle: { type: 'dashed', color },
        data: [{ yAxis: b.value }],
      },
    });
  }
  // A mark line does not stretch the axis: make room for the highest baseline.
  const highestBaseline = Math.max(0, ...(extra.baseline ?? []).map((b) => b.value));
  for (const [i, m] of (extra.model ?? []).entries()) {
    // A model curve is sampled densely; a bound computed per measured interval is drawn point to point.
    const dense = m.data.length > 10;
    series.push({
      type: 'line',
      name: m.name,
      showSymbol: !dense,
      smooth: dense,
      color: COLORS[(i + 3) % COLORS.length],
      lineStyle: { type: 'dotted', width: 2 },
      data: m.data,
    });
  }
  for (const m of extra.marks ?? []) {
    series.push({
      type: 'line',
      name: m.name,
      data: [],
      color: '#555',
      markLine: {
        silent: true,
        symbol: 'none',
        label: { formatter: m.name, position: 'end' },
        lineStyle: { type: 'solid', width: 1.5 },
        data: [{ xAxis: m.x }],
      },
    });
  }
  for (const ms of extra.notCaughtUp ?? []) {
    series.push({
      type: 'line',
      name: 'not caught up',
      data: [],
      color: '#a33',
      markLine: {
        silent: true,
        symbol: 'none',
        label: { formatter: `not caught up`, position: 'insideEndTop' },
        lineStyle: { type: 'dashed', color: '#a33' },
        data: [{ xAxis: ms / 1000 }],
      },
    });
  }
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
      type: 'value',
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

/** A round number at or above v (1, 2, 2.5 or 5 × a power of ten), for an axis' end. */
function niceCeil(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= v)!;
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
function noiseCaption(
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
    intervalChart(
      specLines(agg, [{ name: 'capacity μ(T) (median)', pick: (f) => f.capacityEventsPerSec }]),
      'capacity',
      'Capacity (capacity probe) vs checkpoint interval',
      'events/s',
      {
        baseline: base?.capacityEventsPerSec.median !== undefined ? [{ name: 'no checkpoints μ(off)', value: base.capacityEventsPerSec.median }] : [],
        model: r ? [{ name: 'model μ(off)·(1 − a − C/T)', data: curve(lo, hi, (ms) => capacityAt(r, ms)) }] : [],
        caption: noiseCaption(agg, (a) => a.figures.capacityEventsPerSec, relBand, 'capacity'),
      },
    ),
  );
  // The overhead chart reads the aggregates' overhead, not the figures.
  charts.push(overheadChart(agg, model, spread));
  const baseP99 = base?.latencyP99Ms.median;
  charts.push(
    intervalChart(
      specLines(agg, [
        { name: 'p50', pick: (f) => f.latencyP50Ms },
        { name: 'p99', pick: (f) => f.latencyP99Ms },
      ]),
      'latency',
      'End-to-end latency vs checkpoint interval (steady state)',
      'ms',
      {
        baseline: [
          ...(base?.latencyP50Ms.median !== undefined ? [{ name: 'p50, no checkpoints', value: base.latencyP50Ms.median }] : []),
          ...(baseP99 !== undefined ? [{ name: 'p99, no checkpoints', value: baseP99 }] : []),
        ],
        model:
          showsCost(model.p99IncreaseMs) && baseP99 !== undefined
            ? [{ name: 'model p99 = base + a + C/T', data: fitCurve(agg, model.p99IncreaseMs, baseP99) }]
            : [],
        caption: noiseCaption(agg, (a) => a.figures.latencyP99Ms, relBand, 'p99 latency'),
      },
    ),
  );
  charts.push(
    intervalChart(
      specLines(agg, [{ name: 'end-to-end duration (median)', pick: (f) => f.checkpointDurationMs }]),
      'checkpoint-duration',
      'Checkpoint duration vs interval',
      'ms',
      {
        model: model.writeBytesPerSec
          ? [
              {
                name: 'disk bound: written bytes ÷ measured bandwidth',
                data: agg.intervals.flatMap((a) =>
                  a.figures.checkpointedBytes.median !== undefined
                    ? [[a.intervalMs / 1000, (a.figures.checkpointedBytes.median / model.writeBytesPerSec!) * 1000] as [number, number]]
                    : [],
                ),
              },
            ]
          : [],
      },
    ),
  );
  charts.push(
    intervalChart(
      specLines(agg, [
        { name: 'written per checkpoint', pick: (f) => f.checkpointedBytes, scale: 1e-6 },
        { name: 'full state (RocksDB live files)', pick: (f) => f.stateBytes, scale: 1e-6 },
        { name: 'prefilled state (nominal)', pick: (f) => f.stateAtStartBytes, scale: 1e-6 },
      ]),
      'checkpoint-size',
      'Checkpoint size vs interval',
      'MB',
    ),
  );
  charts.push(
    intervalChart(
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
    ),
  );
  const durationMs = median(agg.intervals.flatMap((a) => (a.figures.checkpointDurationMs.median !== undefined ? [a.figures.checkpointDurationMs.median] : [])));
  charts.push(
    intervalChart(
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
            ? [{ name: 'model λ(T/2 + checkpoint duration)', data: curve(lo, hi, (ms) => (r.inputRate * (ms / 2 + durationMs)) / 1000) }]
            : [],
      },
    ),
  );
  const mtbf = recommendation?.limits.mtbfMs;
  if (mtbf && r && model.checkpointCostMs !== undefined) {
    const C = model.checkpointCostMs;
    charts.push(
      intervalChart(specLines(agg, []), 'cost', `Expected cost per hour for an MTBF of ${Math.round(mtbf / 3_600_000)} h`, 's of capacity per hour', {
        model: [{ name: 'checkpoints C/T + recovery R(T)/MTBF', data: curve(lo, hi, (ms) => expectedCostSecPerHour(C, ms, expectedRecoveryMs(r, ms), mtbf)) }],
        marks:
          recommendation.optimumMs !== undefined ? [{ name: `T* ${(recommendation.optimumMs / 1000).toFixed(1)} s`, x: recommendation.optimumMs / 1000 }] : [],
      }),
    );
  }
  return charts;
}

/** Capacity loss in % of the baseline, with CI whiskers, zero on the axis and the a + C/T fit. */
function overheadChart(agg: Aggregates, model: CostModel, spreadPct?: number): Chart {
  const points = agg.intervals.flatMap((a) =>
    a.overhead?.capacityLossPct.median !== undefined ? [{ x: a.intervalMs / 1000, e: a.overhead.capacityLossPct }] : [],
  );
  const series: Record<string, unknown>[] = [
    { type: 'line', name: 'capacity loss (median)', color: COLORS[0], symbolSize: 8, data: points.map((p) => [p.x, p.e.median!]) },
  ];
  const bars = points.filter((p) => p.e.ciLow !== undefined).map((p): [number, number, number] => [p.x, p.e.ciLow!, p.e.ciHigh!]);
  if (bars.length) series.push(errorBars('capacity loss 95% CI', COLORS[0]!, bars));
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
      name: 'model a + C/T',
      showSymbol: false,
      smooth: true,
      color: COLORS[3],
      lineStyle: { type: 'dotted', width: 2 },
      data: fitCurve(agg, model.capacityLossPct),
    });
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
