/**
 * The report's part for a sweep over state sizes and checkpoint types (pure): one table of every size,
 * type and interval, full against incremental with the crossover named, and the size model — each
 * figure's line over S, whether the data say it is linear, and the leave-one-size-out accuracy.
 */
import type { Accuracy } from '../analysis/model.js';
import type { SizeLaw, SizeModel } from '../analysis/sizeModel.js';
import type { TypeComparison } from '../analysis/checkpointTypes.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import { formatInteger, formatMegabytes, orDash } from '../lib/format.js';
import { modeAnalyses, type SweepDocument } from '../sweep/sweepDocument.js';
import { nominalStateBytes } from '../workload/stateSize.js';

/** One table of the section: a heading, its rows, and the sentences under it. */
export interface DimensionTable {
  readonly id: string;
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
}

const mb = (v?: number) => orDash(formatMegabytes)(v, 1);
const ms = orDash(formatMilliseconds);
const elapsed = orDash(formatElapsedMs);
const cpu = (v?: number) => (v === undefined ? '–' : `${v.toFixed(3)} CPU-s`);
const pct = (v?: number) => (v === undefined ? '–' : `${v.toFixed(1)} %`);

/** The section's tables, or none for a sweep of one size and one type. */
export function dimensionTables(s: SweepDocument): DimensionTable[] {
  if (!s.sizeModels?.length && !s.checkpointTypes?.length) return [];
  return [cellsTable(s), ...(s.checkpointTypes?.length ? [typesTable(s.checkpointTypes)] : []), ...(s.sizeModels ?? []).map(sizeModelTable)];
}

/** Every (size, type, interval): what it uploaded, took, cost and bought. */
function cellsTable(s: SweepDocument): DimensionTable {
  const rows = modeAnalyses(s).flatMap((m) =>
    m.aggregates.intervals.map((a) => [
      m.stateMode,
      formatInteger(m.bidders),
      `${(nominalStateBytes(m) / 1e6).toFixed(0)} MB`,
      m.checkpointType ?? '–',
      formatDurationMs(a.intervalMs),
      mb(a.figures.checkpointedBytes.median),
      ms(a.figures.checkpointDurationMs.median),
      cpu(a.overhead?.price?.cpuSecondsPerCheckpoint.mean),
      pct(a.overhead?.capacityLossPct.mean ?? a.overhead?.capacityLossPct.median),
      elapsed(a.figures.restoreMs.median),
      elapsed(a.figures.recoveryMs.median),
    ]),
  );
  return {
    id: 'sizes-types',
    heading: 'State size × checkpoint type × interval',
    header: [
      'state mode',
      'bidders',
      'state (nominal)',
      'checkpoints',
      'interval',
      'bytes per checkpoint',
      'duration',
      'price per checkpoint',
      'capacity loss',
      'restore',
      'recovery',
    ],
    rows,
    notes: [
      'Medians over repeats (the price and the loss: means against the same state’s baseline). Every size ran from its own prefilled state with its own baseline; both types ran against that one baseline.',
    ],
  };
}

const crossoverText = (c: TypeComparison): string => {
  const at = `${c.stateMode}, ${formatInteger(c.bidders)} bidders`;
  const measured = c.rows.map((r) => formatDurationMs(r.intervalMs)).join(', ');
  switch (c.crossover) {
    case 'between measured intervals':
      return `${at}: incremental checkpoints upload fewer bytes than full ones up to about ${formatDurationMs(Math.round(c.crossoverMs! / 100) * 100)}, and more beyond (interpolated between the measured intervals).`;
    case 'incremental fewer at every interval':
      return `${at}: incremental checkpoints uploaded fewer bytes than full ones at every interval measured (${measured}); the crossover lies beyond the longest.`;
    case 'incremental never fewer':
      return `${at}: incremental checkpoints uploaded no fewer bytes than full ones at any interval measured (${measured}): this state is rewritten between checkpoints.`;
    case 'no single crossover':
      return `${at}: incremental and full checkpoints swap places more than once over ${measured}: no single crossover.`;
    default:
      return `${at}: bytes per checkpoint not measured for both types.`;
  }
};

/** Full against incremental per state: bytes, duration and price side by side, and the crossover. */
function typesTable(comparisons: readonly TypeComparison[]): DimensionTable {
  return {
    id: 'checkpoint-types',
    heading: 'Full against incremental checkpoints',
    header: [
      'state',
      'interval',
      'bytes full',
      'bytes incremental',
      'incremental ÷ full',
      'duration full',
      'duration incremental',
      'price full',
      'price incremental',
    ],
    rows: comparisons.flatMap((c) =>
      c.rows.map((r) => [
        `${c.stateMode} ${formatInteger(c.bidders)}`,
        formatDurationMs(r.intervalMs),
        mb(r.full.checkpointedBytes),
        mb(r.incremental.checkpointedBytes),
        r.full.checkpointedBytes && r.incremental.checkpointedBytes !== undefined
          ? (r.incremental.checkpointedBytes / r.full.checkpointedBytes).toFixed(2)
          : '–',
        ms(r.full.checkpointDurationMs),
        ms(r.incremental.checkpointDurationMs),
        cpu(r.full.cpuSecondsPerCheckpoint),
        cpu(r.incremental.cpuSecondsPerCheckpoint),
      ]),
    ),
    notes: comparisons.map(crossoverText),
  };
}

const LAWS: readonly [keyof SizeModel['laws'], string, (v: number) => string][] = [
  ['cpuSecondsPerCheckpoint', 'price per checkpoint C_cpu(S)', (v) => `${v.toFixed(3)} CPU-s`],
  ['checkpointedBytes', 'bytes per checkpoint', (v) => formatMegabytes(v)],
  ['checkpointDurationMs', 'checkpoint duration', formatMilliseconds],
  ['restoreMs', 'restore', formatElapsedMs],
  ['detectionMs', 'detection', formatElapsedMs],
  ['restartMs', 'restart', formatElapsedMs],
  ['capacityEventsPerSec', 'μ(S), the baseline’s capacity', (v) => `${formatInteger(v)} ev/s`],
  ['drainCapacityEventsPerSec', 'μ_drain(S), the drain rate', (v) => `${formatInteger(v)} ev/s`],
];

const shapeText = (law: SizeLaw): string =>
  law.shape === 'linear'
    ? `linear (R² ${law.line!.r2?.toFixed(2) ?? '–'})`
    : law.shape === 'not linear'
      ? `NOT linear (R² ${law.line!.r2?.toFixed(2) ?? '–'})`
      : law.shape === 'two sizes'
        ? 'two sizes: a line, its shape untested'
        : 'one size';

const accuracyText = (name: string, a: Accuracy): string =>
  `${name}: ${a.accuracy === undefined ? 'not enough points' : `${a.accuracy.toFixed(2)} over ${a.points.length} held-out cells`}`;

/** One mode and type: each figure per size, the slope per 100,000 bidders, and what the data say of the line. */
function sizeModelTable(m: SizeModel): DimensionTable {
  const sizes = m.bidders;
  return {
    id: `size-model-${m.stateMode}${m.checkpointType ? `-${m.checkpointType}` : ''}`,
    heading: `State size model — ${m.stateMode}${m.checkpointType ? `, ${m.checkpointType} checkpoints` : ''}`,
    header: ['figure', ...sizes.map((b) => `${formatInteger(b)} bidders`), 'per 100,000 bidders', 'shape'],
    rows: LAWS.map(([key, title, format]) => {
      const law = m.laws[key];
      const at = (b: number) => law.points.find((p) => p.bidders === b)?.y;
      return [
        title,
        ...sizes.map((b) => (at(b) === undefined ? '–' : format(at(b)!))),
        law.line ? `${law.line.slope >= 0 ? '+' : '−'}${format(Math.abs(law.line.slope) * 100_000)}` : '–',
        shapeText(law),
      ];
    }),
    notes: m.accuracy
      ? [
          `Leave one size out (each size's intervals predicted from the others' line): ${[
            accuracyText('capacity loss', m.accuracy.capacityLoss),
            accuracyText('checkpoint duration', m.accuracy.checkpointDuration),
            accuracyText('recovery', m.accuracy.recovery),
          ].join('; ')}. Accuracy = 1 − the median relative error.`,
        ]
      : [
          'Two sizes: a line through them predicts other sizes (ckpt-lab predict --bidders N), but nothing tests it; three sizes or more give the leave-one-size-out accuracy.',
        ],
  };
}

/** The tables as markdown, each under a heading of the given level. */
export function dimensionMarkdown(tables: readonly DimensionTable[], level = '##'): string[] {
  return tables.flatMap((t) => [
    `${level} ${t.heading}`,
    '',
    `| ${t.header.join(' | ')} |`,
    `|${t.header.map(() => '---').join('|')}|`,
    ...t.rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...t.notes.flatMap((n) => [n, '']),
  ]);
}
