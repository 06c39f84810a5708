/**
 * The study's sections on the seed's own scale (pure): "The seed's scale" — the prediction committed before
 * the measurement, against the measurement, with the error per figure — and "On the seed's hardware" —
 * the same model with the seed's machines as inputs, labelled as the prediction it is.
 */
import { checkPrediction, type FigureCheck } from '../analysis/seedScale.js';
import { checkpointTypeOfWorkload } from '../lib/checkpointType.js';
import { onSeedHardware } from '../analysis/seedHardware.js';
import type { SizeModel } from '../analysis/sizeModel.js';
import type { Prediction } from '../analysis/predict.js';
import type { Predicted } from '../lib/confidence.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import { formatInteger, formatMegabytes } from '../lib/format.js';
import { modeAnalyses, type SweepDocument } from '../sweep/sweepDocument.js';
import type { SeedScaleFile } from '../sweep/seedScaleFile.js';
import { nominalStateBytes } from '../workload/stateSize.js';

export interface SeedScaleInput {
  readonly prediction: SeedScaleFile;
  /** The sweep that measured the seed's cells, once it has run. */
  readonly measured?: SweepDocument;
  /** The sweep the prediction came from (its size model gives this machine's μ and CPU at the seed's state). */
  readonly sizes?: SweepDocument;
  /** Failure detection under Flink's default heartbeats, the seed's settings. */
  readonly defaultDetectionMs: number;
}

const formatOf: Record<FigureCheck['figure'], (v: number) => string> = {
  'checkpoint duration': formatMilliseconds,
  'bytes per checkpoint': (v) => formatMegabytes(v),
  recovery: formatElapsedMs,
  'capacity loss': (v) => `${v.toFixed(1)} %`,
};

const withInterval = (p: Predicted | undefined, f: (v: number) => string) =>
  !p ? '–' : !Number.isFinite(p.value) ? 'never' : `${f(p.value)}${p.low !== undefined && p.high !== undefined ? ` [${f(p.low)} – ${f(p.high)}]` : ''}`;

const errorText = (c: FigureCheck) =>
  c.error === undefined ? '–' : c.errorUnit === 'points' ? `${c.error.toFixed(1)} points` : `${(100 * c.error).toFixed(0)} %`;
const goalText = (c: FigureCheck) => (c.errorUnit === 'points' ? `≤ ${c.goal} points` : `≤ ${100 * c.goal} %`);

/** A measuring sweep stopped before its end says so: its figures are those of the cells finished. */
function unfinished(measured: SweepDocument | undefined): string[] {
  const cells = measured?.cells ?? [];
  const done = cells.filter((c) => c.status === 'complete').length;
  return done < cells.length
    ? [`The measuring sweep is unfinished: ${done} of ${cells.length} cells; "–" where its cell has not run. The same command resumes it.`, '']
    : [];
}

export function seedScaleSection(input: SeedScaleInput): string[] {
  const f = input.prediction;
  const measuredModes = input.measured ? modeAnalyses(input.measured) : [];
  // A sweep of one type records no type per mode: its workload's is that mode's (never the prediction's own).
  const measuredType = input.measured ? checkpointTypeOfWorkload(input.measured.settings.workload) : undefined;
  const measuredTypes = [...new Set(measuredModes.flatMap((x) => x.checkpointType ?? measuredType ?? []))];
  const unmeasuredTypes = [...new Set(f.predictions.flatMap((p) => p.checkpointType ?? []))].filter((t) => input.measured && !measuredTypes.includes(t));
  const rows = f.predictions.flatMap((p) => {
    const m = measuredModes.find((x) => (x.checkpointType ?? measuredType) === p.checkpointType);
    return checkPrediction(p, m).map((c) => [
      p.checkpointType ?? '–',
      formatDurationMs(p.intervalMs),
      c.figure,
      withInterval(c.predicted, formatOf[c.figure]),
      c.measured === undefined ? (c.outcome ?? (m ? '–' : input.measured ? 'not measured' : 'not yet')) : formatOf[c.figure](c.measured),
      errorText(c),
      goalText(c),
      c.meetsGoal === undefined ? '–' : c.meetsGoal ? 'yes' : 'NO',
      c.insideInterval === undefined ? '–' : c.insideInterval ? 'yes' : 'NO',
    ]);
  });
  const header = ['checkpoints', 'interval', 'figure', 'predicted [95 % PI]', 'measured', 'error', 'goal', 'meets goal', 'inside the interval'];
  return [
    "## The seed's scale",
    '',
    `The seed's own numbers — ${f.request.stateMode} state, ${formatInteger(f.request.bidders)} bidders, ${formatInteger(f.request.rateEventsPerSec)} events/s, intervals ${f.request.intervalsMs.map(formatDurationMs).join(' and ')} — ` +
      `predicted by \`ckpt-lab predict\` from the sweep \`${f.sweep.sweepId}\` (config ${f.sweep.configHash}; at most a tenth of that state) and committed on ${f.createdAt.slice(0, 10)} at ${f.commit.slice(0, 7)}, before the cells that measure it ran` +
      `${input.measured ? ` (sweep \`${input.measured.sweepId}\`)` : ''}. ${f.predictions[0]?.extrapolation.map((e) => `Extrapolated: ${e}.`).join(' ') ?? ''}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...unfinished(input.measured),
    ...(input.measured
      ? unmeasuredTypes.length > 0
        ? [
            `The measuring sweep ran ${measuredTypes.join(' and ') || 'one type'} checkpoints only: the ${unmeasuredTypes.join(' and ')} predictions stand unmeasured.`,
            '',
          ]
        : []
      : [
          'Not measured yet: the cells run with `ckpt-lab sweep --state-mode realistic --bidders 3000000 --rate 15000 --intervals 10s,60s --checkpoint-type full,incremental --out docs/study/seed-scale`.',
          '',
        ]),
  ];
}

/** A size law's line at `bidders` (extrapolated as far as it must be), or undefined. */
const lineAt = (model: SizeModel | undefined, law: keyof SizeModel['laws'], bidders: number): number | undefined => {
  const line = model?.laws[law].line;
  return line ? line.intercept + line.slope * bidders : undefined;
};

/** μ and the processing CPU here at the seed's state: measured by the seed-scale sweep's baseline once it ran, else the size model's lines. */
function hereAtSeedState(input: SeedScaleInput, p: Prediction): { capacity?: number; processing?: number; from: string } {
  const baseline = input.measured ? modeAnalyses(input.measured)[0]?.aggregates : undefined;
  const measuredCapacity = baseline?.baseline?.figures.capacityEventsPerSec.median;
  const measuredProcessing = baseline?.cpuBaseline?.processingCpuSecondsPerSec;
  if (measuredCapacity !== undefined && measuredProcessing !== undefined)
    return {
      capacity: measuredCapacity,
      processing: measuredProcessing,
      from: `measured here at ${formatInteger(p.bidders)} bidders (the seed-scale sweep's baseline)`,
    };
  // A sweep of one type records its size model without a type (the type is the workload's): that model is this type's.
  const model = input.sizes?.sizeModels?.find((m) => m.stateMode === p.stateMode && (m.checkpointType ?? p.checkpointType) === p.checkpointType);
  return {
    capacity: lineAt(model, 'capacityEventsPerSec', p.bidders),
    processing: lineAt(model, 'processingCpuSecondsPerSec', p.bidders),
    from: 'the size model’s lines, extended',
  };
}

export function seedHardwareSection(input: SeedScaleInput): string[] {
  const f = input.prediction;
  const answers = f.predictions.flatMap((p: Prediction) => {
    const { capacity, processing, from } = hereAtSeedState(input, p);
    if (processing === undefined || capacity === undefined || processing <= 0 || capacity <= 0) return [];
    const here = {
      prediction: p,
      processingCpuSecondsPerSec: processing,
      capacityEventsPerSec: capacity,
      stateBytes: nominalStateBytes(p),
      detectionMs: input.defaultDetectionMs,
      hereFrom: from,
    };
    return [{ p, a: onSeedHardware(here) }];
  });
  if (answers.length === 0) {
    const p = f.predictions[0];
    const model = input.sizes?.sizeModels?.find((m) => p && m.stateMode === p.stateMode);
    const capacity = p && lineAt(model, 'capacityEventsPerSec', p.bidders);
    const processing = p && lineAt(model, 'processingCpuSecondsPerSec', p.bidders);
    return [
      "## On the seed's hardware",
      '',
      model && p && capacity !== undefined && processing !== undefined
        ? `Not computed: the size model's lines, extended to ${formatInteger(p.bidders)} bidders, give this machine no capacity to scale from ` +
          `(μ ${formatInteger(capacity)} events/s, processing ${processing.toFixed(2)} CPU-s/s): a line through ${model.bidders.map(formatInteger).join(', ')} bidders does not reach that far.`
        : 'Not computed: the sizes sweep behind the prediction is needed for this machine’s capacity and CPU at the seed’s state.',
      '',
    ];
  }
  const header = ['checkpoints', 'interval', 'capacity loss', 'upload at least', 'T_eff', 'restore at least', 'downtime', 'catch-up', 'recovery', 'replayed'];
  return [
    "## On the seed's hardware",
    '',
    "**A prediction, not a measurement**: the model above with the seed's machines as inputs. Inputs, and where each comes from:",
    '',
    ...answers[0]!.a.inputs.map((i) => `- ${i.name}: ${i.value} (${i.from})`),
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...answers
      .map(({ p, a }) => [
        p.checkpointType ?? '–',
        formatDurationMs(a.intervalMs),
        a.capacityLossPct === undefined ? '–' : `${a.capacityLossPct.toFixed(2)} %`,
        a.checkpointWriteMs === undefined ? '–' : formatElapsedMs(a.checkpointWriteMs),
        formatElapsedMs(a.effectiveIntervalMs),
        formatElapsedMs(a.restoreMs),
        formatElapsedMs(a.downtimeMs),
        Number.isFinite(a.catchUpMs) ? formatElapsedMs(a.catchUpMs) : 'never',
        Number.isFinite(a.recoveryMs) ? formatElapsedMs(a.recoveryMs) : 'never',
        formatInteger(a.replayedRecords),
      ])
      .map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}
