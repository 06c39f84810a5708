/** sweep.json (+ environment.json) → report.md and a self-contained report.html (pure). */
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { modeAnalyses, type ModeAnalysis, type SweepDocument } from '../sweep/sweepDocument.js';
import { nominalStateBytes } from '../workload/stateSize.js';
import type { EnvironmentManifest } from '../sweep/environment.js';
import { showsCost, type InverseFit } from '../analysis/model.js';
import type { Chart } from './charts.js';
import { COLUMNS, tableRows } from './table.js';

export interface ReportInput {
  readonly sweep: SweepDocument;
  readonly environment?: EnvironmentManifest;
  readonly charts: readonly Chart[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const gb = (b?: number) => (b === undefined ? '–' : `${(b / 2 ** 30).toFixed(1)} GiB`);
const fmt = (ms?: number) => (ms === undefined ? '–' : formatDurationMs(Math.max(0, Math.round(ms))));
const num = (v: number | undefined, digits = 2) => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

function headline(s: SweepDocument): string {
  const modes = modeAnalyses(s);
  if (modes.length === 0) return 'No results yet.';
  if (modes.length === 1) {
    const r = modes[0]!.recommendation;
    return r.recommendedMs !== undefined ? `Recommended checkpoint interval: ${formatDurationMs(r.recommendedMs)}` : 'No measured interval meets every limit';
  }
  return `Recommended checkpoint interval per state mode: ${modes.map((m) => `${m.stateMode} ${m.recommendation.recommendedMs !== undefined ? formatDurationMs(m.recommendation.recommendedMs) : 'none meets every limit'}`).join(' · ')}`;
}

/** The recommendation per state mode, with what it rests on: one row per mode (multi-mode sweeps). */
export function modeSummary(s: SweepDocument): { header: string[]; rows: string[][] } {
  const header = ['state mode', 'bidders', 'state (nominal)', 'rate λ (ev/s)', 'capacity off (ev/s)', 'recommended', 'rule', 'binding limit'];
  const rows = modeAnalyses(s).map((m) => {
    const r = m.recommendation;
    return [
      m.stateMode,
      num(m.bidders, 0),
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
function conditions(input: ReportInput): [string, string][] {
  const s = input.sweep;
  const set = s.settings as Record<string, unknown>;
  const env = input.environment;
  const cells = s.cells;
  const modes = modeAnalyses(s);
  return [
    ['sweep', `${s.sweepId} (${s.target}, profile ${String(set.profile)}, config ${s.configHash})`],
    [
      'cells',
      `${cells.filter((c) => c.status === 'complete').length} complete, ${cells.filter((c) => c.status === 'failed').length} failed, ${cells.filter((c) => c.status === 'pending').length} pending; wall time ${fmt(s.wallMs)}`,
    ],
    [
      'intervals',
      `off (baseline), ${((set.intervalsMs as number[] | undefined) ?? []).map((t) => formatDurationMs(t)).join(', ')}; ${String(set.repeat)} repeat(s), interleaved`,
    ],
    [
      'failures',
      `${String(set.failures)} ${String(set.failureKind)} per checkpointing run (none in the baseline); failure detection ${String(set.failureDetection)}`,
    ],
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
      Object.entries((set.workload as Record<string, unknown> | undefined) ?? {})
        // With several modes, the mode and its bidders are the line above.
        .filter(([k]) => modes.length <= 1 || (k !== 'stateMode' && k !== 'bidders'))
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', '),
    ],
    [
      'windows (warm-up + measured)',
      `${Object.entries((set.durationMs as Record<string, number> | undefined) ?? {})
        .map(([k, v]) => `${k}: ${fmt((set.warmupMs as Record<string, number> | undefined)?.[k])} + ${fmt(v)}`)
        .join(', ')}; sample every ${fmt(set.sampleMs as number)}`,
    ],
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

function modelLines(analysis: Pick<ModeAnalysis, 'model' | 'recommendation'> | undefined, limits: SweepDocument['limits']): string[] {
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
    fit('capacity loss', m.capacityLossPct, '%'),
    `checkpoint cost C = ${m.checkpointCostMs === undefined ? '– (no cost that falls with the interval is visible)' : `${formatElapsedMs(m.checkpointCostMs)} of full capacity per checkpoint`} (from the capacity-loss fit)`,
    fit('p99 increase', m.p99IncreaseMs, ' ms'),
    r
      ? `recovery R(T) = D + λ·(D + T/2)/(ρ·μ(T) − λ) with D = ${formatElapsedMs(r.downtimeMs)} (median downtime), λ = ${num(r.inputRate, 0)} ev/s, μ(T) = μ(off)·(1 − capacityLoss(T)), μ(off) = ${num(r.baselineCapacity, 0)} ev/s from the capacity probe, ρ = ${num(r.restoredCapacityRatio ?? 1, 2)} (the share of its probed capacity the job drained backlogs at right after a restore, from the catch-ups)`
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

const METHOD = [
  'Each cell starts a fresh cluster and starts the bid workload from the same prefilled state (every bidder already has its state, written once by a State Processor API job on the cluster), so every interval is measured at the same state size. It runs at a constant input rate (the source is a schedule: event i is due at start + i/rate, so a backlog builds up when the job falls behind), discards a warm-up, and samples the job through Flink’s REST API.',
  'Capacity (μ) is measured by a probe at the end of every cell: every event becomes due at once and capacity is the slope of the source position over the probe’s steady part. Capacity loss = 1 − μ(T)/μ(off). Throughput at the paced rate equals the rate and measures nothing.',
  'Latency is processing time at the stateful operator minus the event’s scheduled time, so backlog and recovery show in it. A sample’s latency counts only when its histogram (the last 10,000 events per subtask) holds no event from a failure-to-caught-up span.',
  'Failures are injected at the set phase of the checkpoint cycle (0.5 by default in the quick profile: replay is linear in the phase, so a mid-cycle failure replays the uniform-phase expectation). Recovery = failure → source lag back under 1 s for 5 s; downtime = failure → every task running again; replayed = source position at failure − restored position.',
  'Each figure is the median over repeats, with a 95 % Student-t confidence interval of the mean when there are two or more repeats. Intervals run interleaved, every round rotated, so drift hits all alike.',
  'Overhead is measured against the no-checkpoint baseline of the same sweep. The model: capacityLoss(T) ≈ a + C/T (least squares on 1/T; C in capacity-seconds per checkpoint), R(T) ≈ D + λ·(D + T/2)/(ρ·μ(T) − λ) with μ(T) from the capacity fit and ρ the share of it the job drained backlogs at right after a restore (from the other intervals’ catch-ups when an interval is held out), replay ≈ λ·(T/2 + checkpoint duration), T* = √(2·C·MTBF·(μ − λ)/λ) (Young’s √(2·C·MTBF) is its case μ = 2λ), and T ≥ checkpointed bytes ÷ the storage’s measured write bandwidth. Accuracy is leave-one-interval-out.',
  'The advisor: a limit whose figure was neither measured nor modelled is unknown and never counts as met. Intervals whose figures lie within each other’s confidence intervals (or, with one repeat, within the baseline’s sample-to-sample spread) are called indistinguishable, and the rule that chose is named.',
  'Definitions: METHOD.md of flink-checkpoint-lab. Raw data: each cell’s run.json, listed below.',
];

/** The figures table of one analysis, as markdown lines. */
function figuresTableMarkdown(agg: ModeAnalysis['aggregates'] | undefined): string[] {
  const header = ['interval', 'runs', 'failures', 'exactly-once', ...COLUMNS.map((c) => c.title)];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...tableRows(agg ?? { intervals: [] }).map(
      (r) => `| ${[r.interval, String(r.runs), String(r.failures), r.verified, ...r.cells.map((c) => c.text)].join(' | ')} |`,
    ),
  ];
}

export function renderMarkdown(input: ReportInput): string {
  const s = input.sweep;
  const modes = modeAnalyses(s);
  const several = modes.length > 1;
  const summary = modeSummary(s);
  const lines = [
    `# Checkpoint interval sweep — ${s.sweepId}`,
    '',
    `**${headline(s)}**`,
    '',
    ...(several
      ? [`| ${summary.header.join(' | ')} |`, `|${summary.header.map(() => '---').join('|')}|`, ...summary.rows.map((r) => `| ${r.join(' | ')} |`)]
      : ['```', modes[0] ? formatRecommendation(modes[0].recommendation) : 'no analysis', '```']),
    '',
    '## Conditions',
    '',
    ...conditions(input).map(([k, v]) => `- **${k}**: ${v}`),
    '',
    '## Charts',
    '',
    `The charts are SVG in report.html (medians, 95 % CI whiskers with repeats, dashed: no-checkpoint baseline${several ? ', one line per state mode' : ', dotted: model'}).`,
    '',
    ...input.charts.map((c) => `- ${c.title}${c.caption ? ` — ${c.caption}` : ''}`),
    '',
    ...(several
      ? modes.flatMap((m) => [
          `## ${m.stateMode} (${num(m.bidders, 0)} bidders)`,
          '',
          '```',
          formatRecommendation(m.recommendation),
          '```',
          '',
          '### All figures (median [95 % CI])',
          '',
          ...figuresTableMarkdown(m.aggregates),
          '',
          '### Model',
          '',
          ...modelLines(m, s.limits).map((l) => `- ${l}`),
          '',
        ])
      : [
          '## All figures (median [95 % CI])',
          '',
          ...figuresTableMarkdown(modes[0]?.aggregates),
          '',
          '## Model',
          '',
          ...modelLines(modes[0], s.limits).map((l) => `- ${l}`),
          '',
        ]),
    '## Method',
    '',
    ...METHOD.map((l) => `- ${l}`),
    '',
    '## Runs',
    '',
    ...s.cells.map((c) => `- ${c.id} (#${c.order}): ${c.status}${c.runJson ? ` — ${c.runJson}` : ''}${c.error ? ` — ${c.error}` : ''}`),
    '',
  ];
  return lines.join('\n');
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}.answer{font-size:1.3rem;padding:.8rem 1rem;background:#eef6ee;border-left:5px solid #2ca02c}
.answer.none{background:#fbeeee;border-color:#d62728}pre{background:#f6f6f6;padding:1rem;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;font-size:.8rem;display:block;overflow-x:auto}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:right;white-space:nowrap}
th{background:#f0f0f0}td:first-child,th:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;max-width:720px}figcaption{font-size:.85rem;color:#a33;padding:.2rem .5rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}`;

/** The figures table of one analysis, as an HTML table. */
function figuresTableHtml(agg: ModeAnalysis['aggregates'] | undefined, id: string): string {
  const th = ['interval', 'runs', 'failures', 'exactly-once', ...COLUMNS.map((c) => c.title)].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = tableRows(agg ?? { intervals: [] })
    .map(
      (r) =>
        `<tr data-interval-ms="${r.intervalMs}"><td>${esc(r.interval)}</td><td>${r.runs}</td><td>${r.failures}</td><td>${r.verified}</td>` +
        r.cells.map((c) => `<td data-column="${c.column}"${c.value !== undefined ? ` data-value="${c.value}"` : ''}>${esc(c.text)}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function renderHtml(input: ReportInput): string {
  const s = input.sweep;
  const modes = modeAnalyses(s);
  const several = modes.length > 1;
  const recommended = modes.length > 0 && modes.every((m) => m.recommendation.recommendedMs !== undefined);
  const summary = modeSummary(s);
  const top = several
    ? `<table id="modes"><thead><tr>${summary.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${summary.rows
        .map((r) => `<tr data-state-mode="${esc(r[0]!)}">${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : `<pre>${esc(modes[0] ? formatRecommendation(modes[0].recommendation) : 'no analysis')}</pre>`;
  const analyses = several
    ? modes
        .map(
          (m) => `<h2 id="mode-${esc(m.stateMode)}">${esc(m.stateMode)} (${esc(num(m.bidders, 0))} bidders)</h2>
<pre>${esc(formatRecommendation(m.recommendation))}</pre>
<h3>All figures (median [95 % CI])</h3>
${figuresTableHtml(m.aggregates, `figures-${m.stateMode}`)}
<h3>Model</h3>
<ul>${modelLines(m, s.limits)
            .map((l) => `<li>${esc(l)}</li>`)
            .join('')}</ul>`,
        )
        .join('\n')
    : `<h2>All figures (median [95 % CI])</h2>
${figuresTableHtml(modes[0]?.aggregates, 'figures')}
<h2>Model</h2>
<ul>${modelLines(modes[0], s.limits)
        .map((l) => `<li>${esc(l)}</li>`)
        .join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkpoint interval sweep — ${esc(s.sweepId)}</title><style>${STYLE}</style></head>
<body>
<h1>Checkpoint interval sweep — ${esc(s.sweepId)}</h1>
<p class="answer${recommended ? '' : ' none'}" id="recommendation">${esc(headline(s))}</p>
${top}
<h2>Charts</h2>
<p>Medians per interval (log scale); whiskers: 95 % confidence interval over repeats; dashed: the no-checkpoint baseline${several ? '; one line per state mode' : '; dotted: the fitted model'}. Magnitudes start at zero.</p>
<div class="charts">
${input.charts.map((c) => `<figure id="chart-${c.id}" data-chart="${c.id}">${c.svg}${c.caption ? `<figcaption>${esc(c.caption)}</figcaption>` : ''}</figure>`).join('\n')}
</div>
${analyses}
<h2>Conditions</h2>
<dl>${conditions(input)
    .map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`)
    .join('')}</dl>
<h2>Method</h2>
<ul>${METHOD.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>
<h2>Runs</h2>
<ul>${s.cells.map((c) => `<li>${esc(c.id)} (#${c.order}): ${c.status}${c.runJson ? ` — <code>${esc(c.runJson)}</code>` : ''}${c.error ? ` — ${esc(c.error)}` : ''}</li>`).join('')}</ul>
</body></html>
`;
}
