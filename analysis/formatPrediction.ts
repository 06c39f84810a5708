/** A prediction for the terminal (pure): each figure, its 95 % prediction interval, and what was extrapolated. */
import type { Predicted } from '../lib/confidence.js';
import { formatDurationMs, formatElapsedMs, formatMilliseconds } from '../lib/duration.js';
import { formatInteger, formatMegabytes } from '../lib/format.js';
import type { Prediction } from './predict.js';

/** A value and its 95 % interval, "never" for a backlog that does not drain, "not measured" for none. */
export function withInterval(p: Predicted | undefined, format: (v: number) => string): string {
  if (!p) return 'not measured';
  if (!Number.isFinite(p.value)) return 'never (the backlog does not drain at this rate)';
  const range = p.low !== undefined && p.high !== undefined ? ` [${format(p.low)} – ${format(p.high)}]` : ' (no interval: too few points)';
  return `${format(p.value)}${range}`;
}

export function formatPrediction(p: Prediction): string {
  const pct = (v: number) => `${v.toFixed(1)} %`;
  const cpu = (v: number) => `${v.toFixed(2)} CPU-s`;
  const r = p.recovery;
  return [
    `predicted at ${formatDurationMs(p.intervalMs)}: ${p.stateMode}, ${formatInteger(p.bidders)} bidders, ${p.checkpointType ?? 'unrecorded'} checkpoints` +
      (p.inputRate !== undefined ? `, ${formatInteger(p.inputRate)} events/s` : ''),
    `  (95 % prediction intervals: where one more cell's measurement should fall; intervals measured: ${p.measuredIntervalsMs.map(formatDurationMs).join(', ')}` +
      `${p.measuredBidders.length > 1 ? `; the line through the sizes measured, ${p.measuredBidders.map(formatInteger).join(', ')} bidders` : ''})`,
    `  capacity loss        ${withInterval(p.capacityLossPct, pct)}${p.capacityLossPct ? ` (from the ${p.capacityLossPct.from})` : ''}`,
    `  price per checkpoint ${withInterval(p.cpuSecondsPerCheckpoint, cpu)}`,
    `  p99 increase         ${withInterval(p.p99IncreaseMs, formatMilliseconds)}`,
    `  checkpoint duration  ${withInterval(p.checkpointDurationMs, formatMilliseconds)}`,
    `  bytes per checkpoint ${withInterval(p.checkpointedBytes, (v) => formatMegabytes(v))}`,
    ...(r
      ? [
          `  recovery             ${withInterval(r.recoveryMs, formatElapsedMs)}`,
          `    detection ${withInterval(r.detectionMs, formatElapsedMs)}, restart ${withInterval(r.restartMs, formatElapsedMs)}, ` +
            `restore ${withInterval(r.restoreMs, formatElapsedMs)}, catch-up ${Number.isFinite(r.catchUpMs) ? formatElapsedMs(r.catchUpMs) : 'never'}`,
        ]
      : ['  recovery             not modelled (the sweep injected no failures, or has no baseline probe)']),
    ...(p.extrapolation.length ? p.extrapolation.map((e) => `  EXTRAPOLATED: ${e}`) : ['  within the measured range']),
  ].join('\n');
}
