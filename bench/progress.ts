/** The lines a run prints: progress while it runs, and a short summary at the end. */
import type { Sample } from './samples.js';
import type { RunSummary } from './summary.js';
import { formatMegabytes, orDash } from '../lib/format.js';

const n = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));
const mb = orDash(formatMegabytes);
const secs = (ms: number) => `${Math.round(ms / 1000)}s`;

/** `[  40s/90s warm-up] 4,998 ev/s | lag 3 ms | p99 12 ms | checkpoints 7 ok, 0 failed`. */
export function progressLine(sample: Sample, elapsedMs: number, totalMs: number, phase: string, eventsPerSec: number | undefined): string {
  const c = sample.checkpointCounts;
  return [
    `[${secs(elapsedMs).padStart(5)}/${secs(totalMs)} ${phase}]`,
    sample.jobState.toLowerCase(),
    `${n(eventsPerSec)} ev/s`,
    `lag ${n(sample.sourceLagMs)} ms`,
    `p99 ${n(sample.latencyMs?.p99)} ms`,
    c ? `checkpoints ${c.completed} ok, ${c.failed} failed` : 'checkpoints –',
  ].join(' | ');
}

/** A few lines a person reads at the end of a run. */
export function formatSummary(s: RunSummary, intervalLabel: string): string {
  const c = s.checkpoints;
  return [
    `interval ${intervalLabel}, steady window ${secs(s.window.endMs - s.window.startMs)} (${s.window.samples} samples)`,
    `  throughput   ${n(s.throughputEventsPerSec.median)} events/s median (target ${n(s.throughputEventsPerSec.targetRate)})`,
    `  latency      p50 ${n(s.latencyMs.p50)} ms, p99 ${n(s.latencyMs.p99)} ms, max ${n(s.latencyMs.max)} ms; source lag median ${n(s.sourceLagMs.median)} ms`,
    `  checkpoints  ${c.completed} completed, ${c.failed} failed; duration median ${n(c.durationMs.median)} ms, max ${n(c.durationMs.max)} ms`,
    `               state ${mb(c.stateSizeBytes.median)}, written per checkpoint ${mb(c.checkpointedSizeBytes.median)} (medians)`,
  ].join('\n');
}
