/** sweep.json (+ environment.json) → report.md and a self-contained report.html (pure). */
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { modeAnalyses, type ModeAnalysis, type SweepDocument } from '../sweep/sweepDocument.js';
import type { EnvironmentManifest } from '../sweep/environment.js';
import type { Chart } from './charts.js';
import { COLUMNS, tableRows } from './table.js';
import { workloadLabel } from '../sweep/sweptWorkloads.js';
import { analysisId } from './analysisNames.js';
import { dimensionMarkdown, dimensionTables, type DimensionTable } from './dimensionSections.js';
import { conditions, headline, METHOD, modelLines, modeSummary } from './reportSections.js';
import { esc, STYLE } from './htmlKit.js';

export { modeSummary } from './reportSections.js';

export interface ReportInput {
  readonly sweep: SweepDocument;
  readonly environment?: EnvironmentManifest;
  readonly charts: readonly Chart[];
}

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
    ...figureSections(modes, s.limits),
    ...dimensionMarkdown(dimensionTables(s)),
    '## Method',
    '',
    ...METHOD.map((l) => `- ${l}`),
    '',
    '## Runs',
    '',
    ...runLines(s),
    '',
  ];
  return lines.join('\n');
}

/** Per mode (or once, for a one-mode sweep): its recommendation, all figures and the model. */
function figureSections(modes: readonly ModeAnalysis[], limits: SweepDocument['limits']): string[] {
  const body = (m: ModeAnalysis | undefined, h: string) => [
    `${h} All figures (median [95 % CI])`,
    '',
    ...figuresTableMarkdown(m?.aggregates),
    '',
    `${h} Model`,
    '',
    ...modelLines(m, limits).map((l) => `- ${l}`),
    '',
  ];
  if (modes.length <= 1) return body(modes[0], '##');
  return modes.flatMap((m) => [`## ${workloadLabel(m)}`, '', '```', formatRecommendation(m.recommendation), '```', '', ...body(m, '###')]);
}

/** Every cell with its status and run file, then the re-runs and why. */
function runLines(s: SweepDocument): string[] {
  return [
    ...s.cells.map((c) => `- ${c.id} (#${c.order}): ${c.status}${c.runJson ? ` — ${c.runJson}` : ''}${c.error ? ` — ${c.error}` : ''}`),
    ...(s.reruns ?? []).map((r) => `- re-run ${r.cellId}: ${r.reason}${r.firstRunJson ? ` (first run: ${r.firstRunJson})` : ''}`),
  ];
}

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

function dimensionTableHtml(t: DimensionTable): string {
  const head = t.header.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<h2 id="${t.id}">${esc(t.heading)}</h2>
<table id="table-${t.id}"><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
${t.notes.map((n) => `<p>${esc(n)}</p>`).join('\n')}`;
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
          (m) => `<h2 id="mode-${esc(analysisId(m, modes))}">${esc(workloadLabel(m))}</h2>
<pre>${esc(formatRecommendation(m.recommendation))}</pre>
<h3>All figures (median [95 % CI])</h3>
${figuresTableHtml(m.aggregates, `figures-${analysisId(m, modes)}`)}
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
${dimensionTables(s).map(dimensionTableHtml).join('\n')}
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
