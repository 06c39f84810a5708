/**
 * The study's write-up (pure): a sweep over state modes → docs/study/README.md, answering the seed's
 * question per mode — conditions, results, analysis (model, accuracy, bounds, where checkpoint cost
 * and recovery cost cross) and a conclusion for a cluster that fails once a day. Every number is
 * read from the sweep document, so `ckpt-lab study write` redoes it from anyone's sweep.
 */
import { modelRangeText, recommend, type Recommendation } from '../analysis/advisor.js';
import type { IntervalAggregate } from '../analysis/aggregate.js';
import { showsCost } from '../analysis/model.js';
import { checkpointCostSecPerHour, costCrossingMs, recoveryCostSecPerHour } from '../analysis/costPerHour.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import type { EnvironmentManifest } from '../sweep/environment.js';
import { calibrationOf, modeAnalyses, type ModeAnalysis, type SweepDocument } from '../sweep/sweepDocument.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';
import { analysisName } from './analysisNames.js';
import { dimensionMarkdown, dimensionTables } from './dimensionSections.js';
import { seedHardwareSection, seedScaleSection, type SeedScaleInput } from './seedScaleSections.js';
import type { Calibration } from '../sweep/sweepSchema.js';
import { nominalStateBytes } from '../workload/stateSize.js';
import { formatEstimate } from './table.js';
import { formatGibibytes, formatInteger, formatMegabytes, formatPercent, orDash } from '../lib/format.js';

/** One failure a day: the MTBF the conclusion answers for. */
export const STUDY_MTBF_MS = 86_400_000;

/** The seed's cluster, from its experiment plan: what this machine is compared with. */
const SEED_CLUSTER = 'three hosts (1 JobManager, 2 TaskManagers), 4 cores and 8 GB each, HDD, 1 Gbit/s network, Ubuntu 20.04, JDK 11, Flink 1.18.1';

export interface StudyInput {
  readonly sweep: SweepDocument;
  readonly environment?: EnvironmentManifest;
  /** Chart files beside the write-up, relative to it. */
  readonly charts: readonly { readonly title: string; readonly file: string }[];
  /** A sweep over state sizes and checkpoint types, when it is not the study's own sweep. */
  readonly sizes?: SweepDocument;
  /** The seed's scale: the committed prediction, and its measurement once run. */
  readonly seedScale?: SeedScaleInput;
}

const int = orDash(formatInteger);
const pct = (v?: number) => orDash(formatPercent)(v, 1, true);
const secs = orDash(formatElapsedMs);
const mb = (b?: number) => orDash(formatMegabytes)(b, 0);
const gib = orDash(formatGibibytes);
const every = (ms: number) => formatDurationMs(ms);
const calibrationText = (label: string, c: Calibration | undefined) =>
  c ? `${label} ${int(c.rate)} events/s (${c.fraction} × ${int(c.capacityEventsPerSec)})` : `${label} –`;

/** The answer for a cluster failing once a day: the advisor with the sweep's limits and MTBF 24 h. */
export function dailyFailureRecommendation(m: ModeAnalysis, limits: SweepDocument['limits']): Recommendation {
  return recommend(m.aggregates, m.model, { ...limits, mtbfMs: STUDY_MTBF_MS });
}

function conditions(input: StudyInput): string[] {
  const s = input.sweep;
  const set = s.settings;
  const env = input.environment;
  const modes = modeAnalyses(s);
  const cal = s.preparation?.calibrations ?? {};
  const storage = s.preparation?.storage;
  const cells = s.cells.filter((c) => c.status === 'complete').length;
  return [
    '## Conditions',
    '',
    `- **This machine**: ${env ? `${env.host.cpus} × ${env.host.cpuModel ?? 'CPU'}, ${gib(env.host.memoryBytes)} memory, Linux ${env.host.kernel}; Flink ${env.versions.flink}, ${env.versions.java ?? 'Java ?'}` : 'environment.json missing'}. ` +
      `The cluster is the embedded default: the JobManager and both TaskManagers as local processes sharing these cores and one disk${storage ? `, whose checkpoint directory wrote ${(storage.writeBytesPerSec / 1e6).toFixed(0)} MB/s (sequential, with fsync, measured at the start)` : ''}.`,
    `- **The seed's cluster**: ${SEED_CLUSTER}. Its TaskManagers had 4 cores each, so the job's two stateful subtasks, the source and the window stage never competed with the JobManager or with each other for a core; here they share ${env ? env.host.cpus : 'the machine’s'} cores, and checkpoint uploads compete with RocksDB's compactions for one disk. Absolute rates are therefore this machine's; the shape of each curve (what grows or falls with the interval, and where limits bind) is what carries over.`,
    `- **Rate**: the seed ran 15,000 events/s. Here each mode runs at ${
      Object.keys(cal).length
        ? `a fraction of its own capacity, measured at the start: ${modes.map((m) => calibrationText(workloadLabel(m), calibrationOf(s, m))).join(', ')}, so every mode has the same relative headroom to recover in`
        : `${String(set.workload.rate)} (events/s, or a fraction of a capacity this sweep did not record)`
    }.`,
    `- **State**: the seed keyed 3,000,000 bidders in every mode. Here each mode's count is what fits this disk and finishes in time: ${modes
      .map(
        (m) => `${m.stateMode} ${int(m.bidders)} bidders (${(nominalStateBytes({ bidders: m.bidders, stateMode: m.stateMode }) / 1e9).toFixed(2)} GB nominal)`,
      )
      .join(', ')}; every cell starts from that mode's prefilled state.`,
    `- **Design**: intervals off (baseline), ${set.intervalsMs.map(every).join(', ')}; ${String(set.repeat)} repeats, interleaved and rotated; ${String(set.failures)} ${set.failureKind} per checkpointing cell at ${String(set.failurePhase) === 'random' ? 'a random phase' : `phase ${String(set.failurePhase)}`} of the checkpoint cycle; failure detection ${set.failureDetection}; a capacity probe at the end of every cell. ${cells} cells; the finished cells ran ${formatElapsedMs(s.cells.reduce((t, c) => t + (c.status === 'complete' ? (c.wallMs ?? 0) : 0), 0))}, the sweep's wall time${s.wallMs ? ` ${formatElapsedMs(s.wallMs)}` : ' was not recorded'} (with the calibrations; a resumed sweep adds its sessions).`,
    `- **Limits** for the recommendation: recovery ≤ ${secs(s.limits.maxRecoveryMs)}, p99 ≤ ${formatElapsedMs(s.limits.maxP99Ms)}, capacity loss ≤ ${s.limits.maxOverheadPct} %; one failure a day (MTBF 24 h).`,
    '',
  ];
}

const RESULT_HEADER = [
  'interval',
  'capacity μ (ev/s)',
  'capacity loss',
  'p99 latency',
  'checkpoint duration',
  'written per checkpoint',
  'recovery',
  'replayed records',
];

function resultRow(a: IntervalAggregate): string[] {
  const f = a.figures;
  const notCaughtUp = a.notCaughtUp > 0 ? `not caught up (${a.notCaughtUp} of ${a.failures})` : undefined;
  return [
    a.intervalMs === 0 ? 'off' : every(a.intervalMs),
    formatEstimate(f.capacityEventsPerSec, int),
    a.intervalMs === 0 ? '–' : formatEstimate(a.overhead?.capacityLossPct, (v) => pct(v)),
    formatEstimate(f.latencyP99Ms, formatMilliseconds),
    formatEstimate(f.checkpointDurationMs, formatMilliseconds),
    formatEstimate(f.checkpointedBytes, mb),
    notCaughtUp ?? formatEstimate(f.recoveryMs, secs),
    formatEstimate(f.replayedRecords, int),
  ];
}

function results(input: StudyInput): string[] {
  const modes = modeAnalyses(input.sweep);
  return [
    '## Results per state mode',
    '',
    'Medians over repeats, with the 95 % confidence interval of the mean in brackets; capacity loss is against the same mode’s baseline.',
    '',
    ...input.charts.map((c) => `![${c.title}](${c.file})`),
    '',
    ...modes.flatMap((m) => [
      `### ${workloadLabel(m)}`,
      '',
      `| ${RESULT_HEADER.join(' | ')} |`,
      `|${RESULT_HEADER.map(() => '---').join('|')}|`,
      ...[...(m.aggregates.baseline ? [m.aggregates.baseline] : []), ...m.aggregates.intervals].map((a) => `| ${resultRow(a).join(' | ')} |`),
      '',
    ]),
  ];
}

/** Measured cost per hour at each interval: checkpointing (capacity loss) against recovery at MTBF 24 h. */
function crossingTable(m: ModeAnalysis): string[] {
  const rows = m.aggregates.intervals.flatMap((a) => {
    const loss = a.overhead?.capacityLossPct.median;
    const rec = a.figures.recoveryMs.median;
    if (loss === undefined || rec === undefined) return [];
    const c = checkpointCostSecPerHour(loss);
    const r = recoveryCostSecPerHour(rec, STUDY_MTBF_MS);
    return [`| ${every(a.intervalMs)} | ${c.toFixed(1)} s | ${r.toFixed(2)} s | ${(c + r).toFixed(1)} s |`];
  });
  if (rows.length === 0) return ['  no interval has both a capacity loss and a recovery time measured (a failure not caught up has none).', ''];
  return ['| interval | checkpointing (capacity loss × 3600 s) | recovery (R ÷ 24 h × 3600 s) | sum |', '|---|---|---|---|', ...rows, ''];
}

function analysisOf(m: ModeAnalysis, all: readonly ModeAnalysis[], limits: SweepDocument['limits']): string[] {
  const model = m.model;
  const fit = model.capacityLossPct;
  const r = model.recovery;
  const acc = (a: { accuracy?: number; points: readonly unknown[] }) =>
    a.accuracy === undefined ? 'not enough intervals' : `${a.accuracy.toFixed(2)} over ${a.points.length} intervals`;
  const crossing = costCrossingMs(model, STUDY_MTBF_MS);
  const range = m.recommendation.modelRangeMs;
  return [
    `### ${analysisName(m, all)}`,
    '',
    `- **Capacity loss** ≈ ${fit ? `${fit.a.toFixed(2)} % ${fit.c < 0 ? '−' : '+'} ${Math.abs(fit.c).toFixed(1)} %·s / T (R² = ${fit.r2 === undefined ? '–' : fit.r2.toFixed(2)}, ${fit.n} intervals)` : 'not fitted (too few intervals)'}` +
      (fit && !showsCost(fit)
        ? ': no cost that falls with the interval is visible above the noise.'
        : model.checkpointCostMs !== undefined
          ? `: one checkpoint costs C = ${secs(model.checkpointCostMs)} of full capacity.`
          : '.'),
    `- **Recovery** R(T) = D + λ·(D + T/2)/(ρ·μ(T) − λ)${r ? ` with D = ${secs(r.downtimeMs)}, λ = ${int(r.inputRate)} events/s, μ(off) = ${int(r.baselineCapacity)} events/s, ρ = ${(r.restoredCapacityRatio ?? 1).toFixed(2)}` : ': not fitted (no failures or no baseline probe)'}.`,
    `- **Leave-one-interval-out accuracy** (1 − median relative error): recovery ${acc(model.accuracy.recovery)}; capacity loss ${acc(model.accuracy.capacityLoss)}.`,
    `- **Where checkpoint cost and recovery cross** (one failure a day): ${
      crossing !== undefined
        ? `the model's C/T and R(T)/24 h are equal at T ≈ ${secs(crossing)}; below it checkpointing costs more than failures, above it failures do.`
        : 'the model cannot place it (no checkpoint cost above the noise, or no recovery model).'
    } Measured, per hour:`,
    '',
    ...crossingTable(m),
    `- **Bounds**: from below, capacity loss ≤ ${limits.maxOverheadPct} % and p99 ≤ ${formatElapsedMs(limits.maxP99Ms)} (and a checkpoint must finish within T); from above, recovery ≤ ${secs(limits.maxRecoveryMs)}. ` +
      `The model puts the feasible range at ${range ? modelRangeText(range) : '– (no recovery model)'}; measured, ${
        m.recommendation.feasibleMs.length ? `${m.recommendation.feasibleMs.map(every).join(', ')} meet every limit` : 'no interval meets every limit'
      }.`,
    '',
  ];
}

function conclusionOf(m: ModeAnalysis, all: readonly ModeAnalysis[], limits: SweepDocument['limits']): string {
  const daily = dailyFailureRecommendation(m, limits);
  if (daily.recommendedMs === undefined) {
    return `- **${analysisName(m, all)}**: no measured interval meets every limit on this machine. ${daily.reasons[0] ?? ''}`;
  }
  const why =
    daily.rule === 'optimum'
      ? `the feasible interval nearest the optimum T* = ${secs(daily.optimumMs)} for one failure a day`
      : 'the longest interval that meets every limit (no checkpoint cost above the noise to place an optimum)';
  const bindingCheck = daily.candidates.find((c) => c.intervalMs === daily.recommendedMs)?.checks.find((k) => k.limit === daily.binding);
  const binding = bindingCheck
    ? `; its binding limit is ${bindingCheck.limit} (${bindingCheck.limit === 'overhead' ? pct(bindingCheck.measured ?? bindingCheck.modelled) : secs(bindingCheck.measured ?? bindingCheck.modelled)} of ${bindingCheck.limit === 'overhead' ? `${bindingCheck.allowed} %` : secs(bindingCheck.allowed)} allowed)`
    : '';
  return `- **${analysisName(m, all)}**: run with **${every(daily.recommendedMs)}** — ${why}${binding}.`;
}

/** A sweep over state sizes or checkpoint types: what each costs and buys, per size and type, and where incremental pays. */
function sizesAndTypes(s: SweepDocument, own: boolean): string[] {
  const tables = dimensionTables(s);
  if (tables.length === 0) return [];
  return [
    '## State size and checkpoint type',
    '',
    ...(own
      ? []
      : [
          `From the sweep \`${s.sweepId}\` (config ${s.configHash}), ${modeAnalyses(s).length} analyses: ${modeAnalyses(s).map(workloadLabel).join('; ')}.`,
          '',
        ]),
    'Each state size ran from its own prefilled state against its own baseline; both checkpoint types ran against that one baseline. The answer as a function of the state size is in the conclusion, per size and type; `ckpt-lab predict <this sweep> --bidders N` answers for a size between (or, flagged, beyond) those measured.',
    '',
    ...dimensionMarkdown(tables, '###'),
  ];
}

export function renderStudyWriteup(input: StudyInput): string {
  const s = input.sweep;
  const modes = modeAnalyses(s);
  return [
    "# The seed's study, answered: how the checkpoint interval trades normal operation against recovery",
    '',
    `Generated by \`ckpt-lab study write\` from the sweep \`${s.sweepId}\` (config ${s.configHash}; its \`sweep.json\` is beside this file). The question, from the seed's experiment plan: how does Flink's checkpoint interval affect performance and fault tolerance, and how should it be chosen — for each of its three state modes?`,
    '',
    ...conditions(input),
    ...results(input),
    ...(input.sizes ? sizesAndTypes(input.sizes, false) : sizesAndTypes(s, true)),
    ...(input.seedScale ? [...seedScaleSection(input.seedScale), ...seedHardwareSection(input.seedScale)] : []),
    '## Analysis',
    '',
    ...modes.flatMap((m) => analysisOf(m, modes, s.limits)),
    '## Conclusion',
    '',
    'For a cluster that loses a machine about once a day (MTBF 24 h), under the limits above:',
    '',
    ...modes.map((m) => conclusionOf(m, modes, s.limits)),
    '',
    "Redo it on your own machine with `npx ckpt-lab study run`, or write it up from any sweep with `npx ckpt-lab study write <sweep dir> --out <folder>` — also from a sweep of Pulumi stacks (`ckpt-lab sweep --target pulumi --stacks 'ckpt-*'`), which measures the one state mode its stacks run.",
    '',
  ].join('\n');
}
