/**
 * advice.html (pure): one page for a user's job — the answer, the expected cost per hour against the
 * interval (the report's chart style) with the current interval, T* and the recommendation marked, the
 * inputs with their provenance, and every candidate's estimates.
 */
import type { AdviceFile } from '../advise/adviceFile.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import { formatInteger, formatMegabytes, formatNumber } from '../lib/format.js';
import { intervalChart, type Chart } from './chartKit.js';
import { esc, STYLE } from './htmlKit.js';

type Interval = AdviceFile['intervals'][number];
type Pred = Interval['recoveryMs'];

const points = (xs: readonly Interval[], pick: (e: Interval) => number | null | undefined): [number, number][] =>
  xs.flatMap((e) => {
    const y = pick(e);
    return y === null || y === undefined ? [] : [[e.intervalMs / 1000, y] as [number, number]];
  });

/** Seconds of full capacity per hour against T: checkpoints, and with an MTBF recoveries and their sum. */
export function adviceCostChart(a: AdviceFile): Chart {
  const mtbf = a.limits.mtbfMs;
  const xs = a.intervals;
  const r = a.recommendation;
  const model = [
    { name: 'checkpoints C/T', data: points(xs, (e) => e.checkpointCostSecPerHour) },
    ...(mtbf
      ? [
          { name: `recovery R(T)/MTBF`, data: points(xs, (e) => e.recoveryCostSecPerHour) },
          {
            name: 'total',
            data: points(xs, (e) =>
              e.checkpointCostSecPerHour === undefined || e.recoveryCostSecPerHour === null || e.recoveryCostSecPerHour === undefined
                ? undefined
                : e.checkpointCostSecPerHour + e.recoveryCostSecPerHour,
            ),
          },
        ]
      : []),
  ];
  const marks = [
    { name: `current ${formatDurationMs(a.inputs.currentIntervalMs)}`, x: a.inputs.currentIntervalMs / 1000 },
    ...(r.optimumMs !== undefined ? [{ name: `T* ${formatElapsedMs(r.optimumMs)}`, x: r.optimumMs / 1000 }] : []),
    ...(r.recommendedMs !== undefined && r.recommendedMs !== a.inputs.currentIntervalMs
      ? [{ name: `recommended ${formatDurationMs(r.recommendedMs)}`, x: r.recommendedMs / 1000 }]
      : []),
  ];
  const title = mtbf ? `Expected cost per hour, one failure per ${formatDurationMs(mtbf)}` : 'Checkpoint cost per hour (give --mtbf for the recovery share)';
  // The costs span powers of ten (hundreds of seconds an hour at 1 s, a fraction at 10 min): a log axis shows
  // where the total bottoms out, which a linear one flattens to zero. It needs every point positive.
  const logY = model.every((m) => m.data.every(([, y]) => y > 0)) && model.some((m) => m.data.length > 0);
  return intervalChart([], 'advice-cost', title, logY ? 's of capacity per hour (log scale)' : 's of capacity per hour', {
    model,
    marks,
    logY,
    caption: a.inputs.cpuSecondsPerCheckpoint ? undefined : 'The price of a checkpoint could not be observed: no checkpoint cost is drawn.',
  });
}

const range = (p: Pred | undefined, f: (v: number) => string): string => {
  if (!p) return '–';
  if (p.value === null) return 'never';
  const band =
    p.low !== undefined && p.low !== null && p.high !== undefined && p.high !== null ? ` [${f(p.low)} – ${f(p.high)}]` : p.high === null ? ' [… – never]' : '';
  return `${f(p.value)}${band}`;
};

const INPUT_NAMES: readonly [keyof AdviceFile['inputs'], string, (v: number) => string][] = [
  ['inputRate', 'input rate λ', (v) => `${formatInteger(v)} records/s`],
  ['capacity', 'capacity μ (busy time)', (v) => `${formatInteger(v)} records/s`],
  ['cpuSecondsPerCheckpoint', 'price per checkpoint', (v) => `${formatNumber(v, 3)} CPU-s`],
  ['cpuSecondsPerEvent', 'CPU per record c_e', (v) => `${(v * 1e6).toFixed(2)} CPU-µs`],
  ['cpuCapacity', 'usable CPU P', (v) => `${formatNumber(v, 2)} CPU-s/s`],
  ['stateBytes', 'state', (v) => formatMegabytes(v)],
  ['checkpointedBytes', 'bytes per checkpoint', (v) => formatMegabytes(v)],
  ['checkpointDurationMs', 'checkpoint duration', formatMilliseconds],
  ['detectionMs', 'failure detection', formatElapsedMs],
  ['restartMs', 'restart', formatElapsedMs],
  ['restoreBytesPerSec', 'restore bandwidth', (v) => `${formatMegabytes(v)}/s`],
  ['drainRatio', 'drain ratio ρ', (v) => formatNumber(v, 2)],
];

function inputsTable(a: AdviceFile): string {
  const rows = INPUT_NAMES.map(([key, name, f]) => {
    const l = a.inputs[key] as { value: number; low?: number; high?: number; provenance: string; how: string } | undefined;
    if (!l) return `<tr><td>${esc(name)}</td><td>–</td><td>not observed</td><td></td></tr>`;
    const band = l.low !== undefined && l.high !== undefined ? ` [${f(l.low)} – ${f(l.high)}]` : '';
    return `<tr data-input="${key}" data-provenance="${l.provenance}"><td>${esc(name)}</td><td>${esc(f(l.value) + band)}</td><td>${l.provenance}</td><td style="text-align:left;white-space:normal">${esc(l.how)}</td></tr>`;
  });
  return `<table id="inputs"><thead><tr><th>input</th><th>value</th><th>from</th><th>how</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function estimatesTable(a: AdviceFile): string {
  const feasible = new Set(a.recommendation.feasibleMs);
  const head = [
    'interval',
    'feasible',
    'capacity loss',
    'bytes per checkpoint',
    'checkpoint duration',
    'recovery',
    'by phase: detection + restart + restore + catch-up',
    'replayed records',
  ];
  const rows = a.intervals.map((e) => {
    const cells = [
      `${formatDurationMs(e.intervalMs)}${e.intervalMs === a.inputs.currentIntervalMs ? ' (current)' : ''}`,
      feasible.has(e.intervalMs) ? '✓' : '✗',
      range(e.capacityLossPct, (v) => `${v.toFixed(1)} %`),
      range(e.checkpointedBytes, (v) => formatMegabytes(v)),
      range(e.checkpointDurationMs, formatMilliseconds),
      range(e.recoveryMs, formatElapsedMs),
      [e.detectionMs, e.restartMs, e.restoreMs].map(formatElapsedMs).join(' + ') + ` + ${e.catchUpMs === null ? 'never' : formatElapsedMs(e.catchUpMs)}`,
      formatInteger(e.replayedRecords),
    ];
    return `<tr data-interval-ms="${e.intervalMs}">${cells.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`;
  });
  return `<table id="estimates"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

export function renderAdviceHtml(a: AdviceFile): string {
  const r = a.recommendation;
  const answer =
    r.recommendedMs !== undefined
      ? `Run ${a.job.name} with a checkpoint interval of ${formatDurationMs(r.recommendedMs)} (now ${formatDurationMs(a.inputs.currentIntervalMs)}).`
      : `No interval meets every limit for ${a.job.name}.`;
  const chart = adviceCostChart(a);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkpoint interval advice — ${esc(a.job.name)}</title><style>${STYLE}#estimates th{white-space:normal}</style></head>
<body>
<h1>Checkpoint interval advice — ${esc(a.job.name)}</h1>
<p class="answer${r.recommendedMs === undefined ? ' none' : ''}" id="recommendation">${esc(answer)}</p>
<p>Job ${esc(a.job.id)} on ${esc(a.job.restUrl)} (Flink ${esc(a.job.flinkVersion ?? 'unknown')}), observed ${esc(formatElapsedMs(a.observation.endedAtMs - a.observation.startedAtMs))}
(${a.observation.checkpointsCompleted} checkpoints completed, ${a.observation.reads} reads; every response in <a href="${esc(a.observation.transcript)}">${esc(a.observation.transcript)}</a>).
Estimates, not measurements: each input says whether it was observed on the job, read from its configuration, calibrated by a sweep of this lab, or assumed.</p>
<figure id="chart-${chart.id}" data-chart="${chart.id}">${chart.svg}${chart.caption ? `<figcaption>${esc(chart.caption)}</figcaption>` : ''}</figure>
<h2>Why</h2>
<ul>${r.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<h2>Not judged</h2>
<ul>${a.notJudged.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>
<h2>Inputs</h2>
${inputsTable(a)}
<h2>Estimates per interval</h2>
${estimatesTable(a)}
</body></html>
`;
}
