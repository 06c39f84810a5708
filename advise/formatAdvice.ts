/** The advice for the terminal (pure): the inputs with their provenance, each interval's estimates, the recommendation. */
import { withInterval } from '../analysis/formatPrediction.js';
import { formatRecommendation } from '../analysis/formatRecommendation.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import { formatInteger, formatMegabytes, formatNumber } from '../lib/format.js';
import type { Advice } from './advice.js';
import type { Labelled } from './adviceInputs.js';
import type { JobObservation } from './jobObservation.js';

function input(name: string, l: Labelled | undefined, format: (v: number) => string): string {
  if (!l) return `  ${name.padEnd(24)} not observed`;
  const range = l.low !== undefined && l.high !== undefined ? ` [${format(l.low)} – ${format(l.high)}]` : '';
  return `  ${name.padEnd(24)} ${`${format(l.value)}${range}`.padEnd(34)} ${l.provenance.toUpperCase()}: ${l.how}`;
}

export function formatAdvice(advice: Advice, o: JobObservation): string {
  const i = advice.inputs;
  const rate = (v: number) => `${formatInteger(v)}/s`;
  const cpu = (v: number) => `${formatNumber(v, 3)} CPU-s`;
  const pct = (v: number) => `${v.toFixed(1)} %`;
  const completed = o.checkpoints.filter((c) => c.status === 'COMPLETED').length;
  return [
    `advice for job ${o.jobName} (${o.jobId}) on ${o.restUrl}: observed ${formatElapsedMs(o.endedAtMs - o.startedAtMs)}, ` +
      `${completed} checkpoints completed at ${formatDurationMs(i.currentIntervalMs)} (${i.checkpointType})`,
    'inputs:',
    input('input rate λ', i.inputRate, rate),
    input('capacity μ (busy time)', i.capacity, rate),
    input('price per checkpoint', i.cpuSecondsPerCheckpoint, cpu),
    input('CPU per record c_e', i.cpuSecondsPerEvent, (v) => `${(v * 1e6).toFixed(2)} CPU-µs`),
    input('usable CPU P', i.cpuCapacity, (v) => `${formatNumber(v, 2)} CPU-s/s`),
    input('state', i.stateBytes, (v) => formatMegabytes(v)),
    input('bytes per checkpoint', i.checkpointedBytes, (v) => formatMegabytes(v)),
    input('checkpoint duration', i.checkpointDurationMs, formatMilliseconds),
    input('failure detection', i.detectionMs, formatElapsedMs),
    input('restart', i.restartMs, formatElapsedMs),
    input('restore bandwidth', i.restoreBytesPerSec, (v) => `${formatMegabytes(v)}/s`),
    input('drain ratio ρ', i.drainRatio, (v) => formatNumber(v, 2)),
    'estimates per interval (recovery: detection + restart + restore + catch-up):',
    ...advice.intervals.map(
      (e) =>
        `  ${(formatDurationMs(e.intervalMs) + (e.intervalMs === i.currentIntervalMs ? '*' : '')).padEnd(7)} ` +
        `loss ${withInterval(e.capacityLossPct, pct).padEnd(24)} ${formatMegabytes(e.checkpointedBytes.value).padEnd(10)} ` +
        `${formatMilliseconds(e.checkpointDurationMs.value).padEnd(10)} recovery ${withInterval(e.recoveryMs, formatElapsedMs)} ` +
        `(${formatElapsedMs(e.detectionMs)} + ${formatElapsedMs(e.restartMs)} + ${formatElapsedMs(e.restoreMs)} + ${Number.isFinite(e.catchUpMs) ? formatElapsedMs(e.catchUpMs) : 'never'}), ` +
        `${formatInteger(e.replayedRecords)} replayed`,
    ),
    '  (* the current interval)',
    formatRecommendation(advice.recommendation),
    ...advice.notJudged.map((n) => `  not judged — ${n}`),
  ].join('\n');
}
