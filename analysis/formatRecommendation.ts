/** The advisor's answer as the lines `ckpt-lab recommend` prints and the report quotes (pure). */
import { formatDurationMs, formatElapsedMs } from '../lib/duration.js';
import type { LimitCheck, Recommendation } from './advisor.js';

function value(k: LimitCheck): string {
  if (k.notCaughtUp) return k.measured === undefined ? 'not caught up' : `not caught up (projected ${formatElapsedMs(k.measured)})`;
  const v = k.measured ?? k.modelled;
  if (v === undefined) return 'unknown';
  return k.limit === 'overhead' ? `${v.toFixed(1)}%` : formatElapsedMs(v);
}

export function limitsLine(r: Recommendation): string {
  const l = r.limits;
  return `limits: recovery ≤ ${formatElapsedMs(l.maxRecoveryMs)}, p99 ≤ ${formatElapsedMs(l.maxP99Ms)}, capacity loss ≤ ${l.maxOverheadPct}%${l.mtbfMs ? `, MTBF ${formatDurationMs(l.mtbfMs)}` : ''}`;
}

/** One line per measured interval: ✓/✗ and each limit's value. */
export function candidateLines(r: Recommendation): string[] {
  return r.candidates.map((c) => {
    const mark = (k: LimitCheck) => (k.status === 'met' ? '' : k.status === 'unknown' ? '? ' : '✗ ');
    const checks = c.checks.map((k) => `${mark(k)}${k.limit} ${value(k)}${k.judgedBy === 'model' ? ' (model)' : ''}`).join(', ');
    return `  ${c.feasible ? '✓' : '✗'} ${formatDurationMs(c.intervalMs).padEnd(6)} ${checks}${c.saturated ? ' — SATURATED' : ''}`;
  });
}

export function formatRecommendation(r: Recommendation): string {
  const head =
    r.recommendedMs !== undefined ? `recommended checkpoint interval: ${formatDurationMs(r.recommendedMs)}` : 'no measured interval meets every limit';
  return [head, limitsLine(r), ...candidateLines(r), ...r.reasons.map((x) => `  · ${x}`)].join('\n');
}
