/** The report's sections as lines (pure): the headline, the conditions of the sweep, the model and the method. */
import type { RecordedSettings } from '../sweep/sweepSchema.js';
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import { modeAnalyses, type ModeAnalysis, type SweepDocument } from '../sweep/sweepDocument.js';
import { nominalStateBytes } from '../workload/stateSize.js';
import { checkpointTypeOfWorkload } from '../lib/checkpointType.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';
import { analysesDifferIn, analysisName } from './analysisNames.js';
import { showsCost, type InverseFit } from '../analysis/model.js';
import type { CpuBaseline } from '../analysis/cpuPrice.js';
import { formatNumber, orDash } from '../lib/format.js';
import type { ReportInput } from './document.js';

const gb = (b?: number) => (b === undefined ? '–' : `${(b / 2 ** 30).toFixed(1)} GiB`);
const fmt = (ms?: number) => (ms === undefined ? '–' : formatDurationMs(Math.max(0, Math.round(ms))));
/** A span a person reads (wall time): 28.9 min, not 1733806ms. */
const elapsed = (ms?: number) => (ms === undefined ? '–' : formatElapsedMs(ms));
const num = orDash(formatNumber);

export function headline(s: SweepDocument): string {
  const modes = modeAnalyses(s);
  if (modes.length === 0) return 'No results yet.';
  if (modes.length === 1) {
    const r = modes[0]!.recommendation;
    return r.recommendedMs !== undefined ? `Recommended checkpoint interval: ${formatDurationMs(r.recommendedMs)}` : 'No measured interval meets every limit';
  }
  return `Recommended checkpoint interval per ${analysesDifferIn(modes)}: ${modes.map((m) => `${analysisName(m, modes)} ${m.recommendation.recommendedMs !== undefined ? formatDurationMs(m.recommendation.recommendedMs) : 'none meets every limit'}`).join(' · ')}`;
}

/** The recommendation per state mode, with what it rests on: one row per mode (multi-mode sweeps). */
export function modeSummary(s: SweepDocument): { header: string[]; rows: string[][] } {
  const header = ['state mode', 'bidders', 'checkpoints', 'state (nominal)', 'rate λ (ev/s)', 'capacity off (ev/s)', 'recommended', 'rule', 'binding limit'];
  const rows = modeAnalyses(s).map((m) => {
    const r = m.recommendation;
    return [
      m.stateMode,
      num(m.bidders, 0),
      m.checkpointType ?? checkpointTypeOfWorkload(s.settings.workload) ?? 'the cluster’s',
      `${(nominalStateBytes({ bidders: m.bidders, stateMode: m.stateMode }) / 1e9).toFixed(2)} GB`,
      num(m.model.recovery?.inputRate ?? m.aggregates.baseline?.inputRate, 0),
      num(m.aggregates.baseline?.figures.capacityEventsPerSec.median, 0),
      r.recommendedMs !== undefined ? formatDurationMs(r.recommendedMs) : 'none meets every limit',
      r.rule ?? '–',
      r.binding ?? (r.relax ? `relax: ${r.relax.changes.join('; ')}` : '–'),
    ];
  });
  return { header, rows };
}

/** Conditions as label/value pairs, shared by both formats. */
export function conditions(input: ReportInput): [string, string][] {
  const s = input.sweep;
  const set = s.settings;
  const env = input.environment;
  const cells = s.cells;
  const modes = modeAnalyses(s);
  return [
    ['sweep', `${s.sweepId} (${s.target}, profile ${set.profile}, config ${s.configHash})`],
    [
      'cells',
      `${cells.filter((c) => c.status === 'complete').length} complete, ${cells.filter((c) => c.status === 'failed').length} failed, ${cells.filter((c) => c.status === 'pending').length} pending; wall time ${elapsed(s.wallMs)}`,
    ],
    ['intervals', `off (baseline), ${set.intervalsMs.map((t) => formatDurationMs(t)).join(', ')}; ${String(set.repeat)} repeat(s), interleaved`],
    ['failures', `${String(set.failures)} ${set.failureKind} per checkpointing run (none in the baseline); failure detection ${set.failureDetection}`],
    ...(modes.length > 1
      ? ([
          [
            'state modes',
            modes.map((m) => `${m.stateMode} (${num(m.bidders, 0)} bidders)`).join(', ') + ', each with its own baseline, prefilled state and analysis',
          ],
        ] as [string, string][])
      : []),
    [
      'workload',
      Object.entries(set.workload)
        // With several modes, the mode and its bidders are the line above.
        .filter(([k]) => modes.length <= 1 || (k !== 'stateMode' && k !== 'bidders'))
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', '),
    ],
    ...windowLines(set),
    ...(set.rerunRule
      ? ([
          ['re-run rule (fixed before the sweep)', set.rerunRule.text],
          [
            're-runs',
            (s.reruns ?? []).length === 0
              ? 'none'
              : (s.reruns ?? []).map((r) => `${r.cellId}: ${r.reason}${r.firstRunJson ? ` (first run kept: ${r.firstRunJson})` : ''}`).join('; '),
          ],
        ] as [string, string][])
      : []),
    ...modes.flatMap((m): [string, string][] => {
      const b = m.aggregates.cpuBaseline;
      return b ? [[`CPU baseline${modes.length > 1 ? ` (${workloadLabel(m)})` : ''}`, cpuBaselineText(b)]] : [];
    }),
    ...(env
      ? ([
          [
            'versions',
            `Flink ${env.versions.flink}, ${env.versions.java ?? 'java ?'}, Node ${env.versions.node}, ckpt-lab ${env.versions.project}${env.versions.gitCommit ? ` (${env.versions.gitCommit})` : ''}`,
          ],
          [
            'host',
            `${env.host.hostname}: ${env.host.cpus} × ${env.host.cpuModel ?? 'CPU'}, ${gb(env.host.memoryBytes)} memory, disk ${gb(env.host.diskFreeBytes)} free of ${gb(env.host.diskTotalBytes)}, Linux ${env.host.kernel}`,
          ],
        ] as [string, string][])
      : []),
  ];
}

/** The cells' windows: per kind of cell when the sweep has both, else per interval. */
function windowLines(set: RecordedSettings): [string, string][] {
  const line = (d?: Record<string, number>, w?: Record<string, number>) =>
    Object.entries(d ?? {})
      .map(([k, v]) => `${k}: ${fmt(w?.[k])} + ${fmt(v)}`)
      .join(', ');
  const kinds = set.cells;
  if (kinds) {
    return [
      [
        'cost cells (warm-up + steady window, then the probe)',
        `${line(kinds.cost.durationMs, kinds.cost.warmupMs)}; sample every ${fmt(set.sampleMs)}, CPU every second`,
      ],
      ['recovery cells (warm-up + deadline)', line(kinds.recovery.durationMs, kinds.recovery.warmupMs)],
      ['order', `a random order per round from seed ${String(set.orderSeed ?? '–')}, a baseline in every round`],
    ];
  }
  return [['windows (warm-up + measured)', `${line(set.durationMs, set.warmupMs)}; sample every ${fmt(set.sampleMs)}`]];
}

export function modelLines(analysis: Pick<ModeAnalysis, 'model' | 'recommendation'> | undefined, limits: SweepDocument['limits']): string[] {
  const m = analysis?.model;
  if (!m) return [];
  const fit = (name: string, f?: InverseFit, unit = '') =>
    !f
      ? `${name}: not enough intervals to fit`
      : `${name} ≈ ${num(f.a)}${unit} + ${num(f.c)}${unit}·s / T (n = ${f.n}, R² = ${num(f.r2)})` +
        (showsCost(f)
          ? ''
          : ' — C < 0: no cost that falls with a longer interval is visible; the differences between intervals are within the noise at this input rate');
  const r = m.recovery;
  const acc = (a: { accuracy?: number; points: readonly unknown[] }) =>
    a.accuracy === undefined ? 'not enough intervals' : `${num(a.accuracy, 3)} over ${a.points.length} intervals`;
  const rec = analysis.recommendation;
  return [
    fit('capacity loss', m.capacityLossPct, '%') +
      (m.capacityLossPct && m.capacityLossPct.a === 0 && m.capacityLossPct.r2 === undefined
        ? ' — from the price: 100 · C_cpu / P, C_cpu the intervals’ mean prices per checkpoint pooled by their precision (inverse variance; those that ran as labelled; each price’s interval carries the baseline’s variance, so long intervals weigh little) — the table’s “capacity loss at the pooled price”'
        : ''),
    `checkpoint cost C = ${m.checkpointCostMs === undefined ? '– (no cost that falls with the interval is visible)' : `${formatElapsedMs(m.checkpointCostMs)} of full capacity per checkpoint`} (C_cpu ÷ P)`,
    fit('p99 increase', m.p99IncreaseMs, ' ms'),
    r
      ? r.drainCapacityEventsPerSec !== undefined
        ? `recovery R(T) = D + λ·(D + T/2)/(μ_drain(T) − λ) with D = ${formatElapsedMs(r.downtimeMs)} (median detection + restart + restore), λ = ${num(r.inputRate, 0)} ev/s, μ_drain(T) = ${num(r.drainCapacityEventsPerSec, 0)} ev/s · (1 − capacityLoss(T)), the measured drain rates without their intervals' checkpoint cost`
        : `recovery R(T) = D + λ·(D + T/2)/(ρ·μ(T) − λ) with D = ${formatElapsedMs(r.downtimeMs)} (median downtime), λ = ${num(r.inputRate, 0)} ev/s, μ(T) = μ(off)·(1 − capacityLoss(T)), μ(off) = ${num(r.baselineCapacity, 0)} ev/s from the capacity probe, ρ = ${num(r.restoredCapacityRatio ?? 1, 2)} (the share of its probed capacity the job drained backlogs at right after a restore, from the catch-ups)`
      : 'recovery model: needs runs with failures and a baseline with a capacity probe',
    `leave-one-interval-out accuracy (1 − median |error| / measured): recovery ${acc(m.accuracy.recovery)}, capacity loss ${acc(m.accuracy.capacityLoss)}`,
    `checkpoint storage write bandwidth ${m.writeBytesPerSec ? `${(m.writeBytesPerSec / 1e6).toFixed(0)} MB/s (sequential write with fsync, measured at the sweep's start)` : '– (not measured)'}`,
    ...(rec.optimumMs !== undefined
      ? [
          `for MTBF ${fmt(limits.mtbfMs)}: T* = √(2·C·M·(μ − λ)/λ) = ${formatElapsedMs(rec.optimumMs)}; classic forms: Young ${formatElapsedMs(rec.youngMs ?? 0)}, Daly ${formatElapsedMs(rec.dalyMs ?? 0)}`,
        ]
      : []),
  ];
}

export const METHOD = [
  'Each cell starts a fresh cluster and starts the bid workload from the same prefilled state (every bidder already has its state, written once by a State Processor API job on the cluster), so every interval is measured at the same state size. It runs at a constant input rate (the source is a schedule: event i is due at start + i/rate, so a backlog builds up when the job falls behind), discards a warm-up, and samples the job through Flink’s REST API.',
  'Two kinds of cell. A cost cell has no failure: after the same warm-up at every interval (the baseline too), a steady window of at least ten checkpoints and two minutes, then the capacity probe. A recovery cell injects failures only when the job has kept up (source lag under 1 s for max(20 s, 2·T)) and ends after the last catch-up. No cost figure comes from a recovery cell, and no recovery figure from a cost cell.',
  'The price of a checkpoint in CPU-seconds (primary): every cluster JVM’s CPU time (utime + stime from /proc, or Flink’s JVM CPU time through REST) is read every second; each checkpoint cycle of a cost cell is one sample, C_cpu = its CPU − c_e × its events, with c_e the CPU-seconds per event at the baseline. Capacity loss = C_cpu / (T_eff · P), P = μ_probe(off) × c_e, T_eff the measured spacing of checkpoints; shown as the mean with the 95 % Welch interval of the difference to the baseline (so the baseline’s variance is in it). An interval whose checkpoints ran > 1.1 × T apart, or failed, is saturated and never recommended.',
  'Capacity (μ) is also measured by a probe at the end of every cost cell (every event becomes due at once; capacity is the slope of the source position over the probe’s steady part, whole checkpoint cycles), and estimated from Flink’s busy time (λ ÷ the busiest stage’s busy share): both are shown beside the CPU-derived capacity with their ratios. Throughput at the paced rate equals the rate and measures nothing.',
  'Latency is processing time at the stateful operator minus the event’s scheduled time, so backlog and recovery show in it. A sample’s latency counts only when its histogram (the last 10,000 events per subtask) holds no event from a failure-to-caught-up span.',
  'Failures are injected at the set phase of the checkpoint cycle (0.5 by default in the quick profile: replay is linear in the phase, so a mid-cycle failure replays the uniform-phase expectation). Recovery = failure → source lag back under 1 s for 5 s, in phases: detection (→ a task or the job not RUNNING), restart (→ every task scheduled again), restore (→ every task RUNNING), catch-up; caught-up and stalled are judged from the lag’s peak. Replayed = the source position observed at the failure − the restored position.',
  'Each figure is the median over repeats, with a 95 % Student-t confidence interval of the mean when there are two or more repeats. Cells run in a random order per round drawn from a recorded seed, a baseline in every round, so drift hits all alike; a disturbed cell is re-run only by the rule fixed before the sweep, and every re-run is listed.',
  'Overhead is measured against the no-checkpoint baseline of the same sweep. The model: capacityLoss(T) = 100 · C_cpu / (T · P) from the measured price, R(T) ≈ D + λ·(D + T/2)/(μ_drain(T) − λ) with D = detection + restart + restore and μ_drain the measured drain rate after a restore (from the other intervals when one is held out), replay ≈ λ·(T/2 + checkpoint duration), T* = √(2·C·MTBF·(μ − λ)/λ) (Young’s √(2·C·MTBF) is its case μ = 2λ), and T ≥ checkpointed bytes ÷ the storage’s measured write bandwidth. No model draws a negative loss or latency. Accuracy is leave-one-interval-out.',
  'The advisor: a limit whose figure was neither measured nor modelled is unknown and never counts as met. Intervals whose figures lie within each other’s confidence intervals (or, with one repeat, within the baseline’s sample-to-sample spread) are called indistinguishable, and the rule that chose is named.',
  'Definitions: METHOD.md of flink-checkpoint-lab. Raw data: each cell’s run.json, listed below.',
];

/** The CPU baseline in one line: c_e, P, and the line through the baseline's two operating points. */
export function cpuBaselineText(b: CpuBaseline): string {
  const line =
    b.marginalCpuSecondsPerEvent === undefined
      ? 'no probe CPU to draw the line through the baseline’s two operating points: losses are shares of P'
      : `the CPU at λ ${num(b.cpuSecondsPerSecAtRate)} CPU-s/s and while the probes ran flat out ${num(b.probeCpuSecondsPerSec)} CPU-s/s (median over the cost cells) give m = ${num(b.marginalCpuSecondsPerEvent * 1e6, 1)} CPU-µs per event and b = ${num(b.fixedCpuSecondsPerSec)} CPU-s/s whatever the rate; losses are shares of m × μ(off) = ${num(b.processingCpuSecondsPerSec)} CPU-s/s`;
  return `c_e = ${(b.cpuSecondsPerEvent * 1e6).toFixed(1)} CPU-µs per event over ${b.blocks} blocks of the baseline; P = μ_probe(off) × c_e = ${b.cpuSecondsPerSecAvailable === undefined ? '– (no baseline probe)' : `${b.cpuSecondsPerSecAvailable.toFixed(2)} CPU-s/s`}; ${line}`;
}
