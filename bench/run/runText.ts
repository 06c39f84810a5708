/** What a run prints for a person: a failure's outcome, and the run's summary. */
import { formatDurationMs, formatElapsedMs } from '../../lib/duration.js';
import type { RecoverySummary } from '../failures/recoverySummary.js';
import type { RecoveryTimeline } from '../failures/timeline.js';
import { formatSummary } from '../progress.js';
import type { PrefilledState } from '../prefill.js';
import type { Verification } from '../verifier.js';
import type { CostSummary } from '../cpu/checkpointPrice.js';
import type { RunFigures } from './runFile.js';
import { formatInteger, orDash } from '../../lib/format.js';

/** One failure's outcome for the terminal. */
export function recoveryLine(t: RecoveryTimeline): string {
  const replay = `replayed ${t.replayedRecords ?? '–'} records (predicted ${t.predictedReplayedRecords}) from checkpoint ${t.restoredCheckpointId ?? 'none'}`;
  const ph = t.phases;
  const e = formatElapsedMs;
  const phases = ` (detection ${e(ph.detectionMs)}, restart ${e(ph.restartMs)}, restore ${e(ph.restoreMs)}${ph.catchUpMs !== undefined ? `, catch-up ${e(ph.catchUpMs)}` : ''})`;
  if (t.caughtUp)
    return `recovered: detected +${formatElapsedMs(t.detectionMs)}, running again +${formatElapsedMs(t.downtimeMs)}, caught up +${orDash(formatElapsedMs)(t.recoveryMs)}${phases}; ${replay}`;
  const n = t.notCaughtUp!;
  const why =
    n.reason === 'stalled' ? 'the lag did not fall' : n.reason === 'too-slow' ? 'it drains too slowly to finish within the limit' : 'the limit passed';
  const projected = n.projectedCatchUpMs === undefined ? 'never, at this drain' : `projected +${formatElapsedMs(t.downtimeMs + n.projectedCatchUpMs)}`;
  return (
    `NOT CAUGHT UP: detected +${formatElapsedMs(t.detectionMs)}, running again +${formatElapsedMs(t.downtimeMs)}; stopped waiting after ${formatElapsedMs(n.stoppedAtMs - t.runningAgainAt)} (${why}; ` +
    `limit ${formatElapsedMs(n.catchUpLimitMs)}), lag ${formatElapsedMs(n.lagAtStopMs)}, drain ${n.drainEventsPerSec ?? '–'} events/s above the rate, recovery ${projected}; ${replay}`
  );
}

/** The price of the run's checkpoints as a cost cell measured it. */
function formatCost(c: CostSummary, intervalMs: number): string {
  const f = (v: number | undefined, d = 2) => (v === undefined ? '–' : v.toFixed(d));
  const spacing =
    intervalMs > 0
      ? `; checkpoints every ${c.effectiveIntervalMs === undefined ? '–' : formatElapsedMs(c.effectiveIntervalMs)} (asked ${formatDurationMs(intervalMs)}), ${c.checkpointsFailed} failed${c.saturated ? ' — SATURATED: the job never ran at the interval asked' : ''}`
      : `; ${f((c.cpuSecondsPerEvent ?? 0) * 1e6, 1)} CPU-µs per event (the baseline's c_e)`;
  return (
    `
  CPU          ${f(c.cpuSecondsPerSec)} CPU-s/s over ${c.cycles.length} ${intervalMs > 0 ? 'checkpoint cycles' : 'blocks'} (${c.cpuSource})${spacing}` +
    `
  machine      other processes ${f(c.health.otherCpuSecondsPerSec)} CPU-s/s, steal ${f(c.health.stealCpuSecondsPerSec)} CPU-s/s`
  );
}

function formatRecovery(r: RecoverySummary): string {
  const n = orDash(formatInteger);
  return (
    `\n  recovery     ${r.failures.length} failures; medians: detection ${n(r.median.detectionMs)} ms, downtime ${n(r.median.downtimeMs)} ms, ` +
    `catch-up ${n(r.median.catchUpMs)} ms, recovery ${n(r.median.recoveryMs)} ms; replayed ${n(r.median.replayedRecords)} records (predicted ${n(r.median.predictedReplayedRecords)})` +
    (r.median.notCaughtUp > 0
      ? `\n               NOT CAUGHT UP after ${r.median.notCaughtUp} of ${r.failures.length} failures (projected recovery ${n(r.median.projectedRecoveryMs)} ms)`
      : '')
  );
}

/** The run's summary as printed at its end. */
export function humanSummary(
  figures: RunFigures,
  intervalMs: number,
  stateAtStart: PrefilledState | undefined,
  verification: Verification | undefined,
): string {
  const { summary, capacity, recovery, cost } = figures;
  return (
    formatSummary(summary, formatDurationMs(intervalMs)) +
    (capacity ? `\n  capacity     ${Math.round(capacity.eventsPerSec).toLocaleString('en-US')} events/s (probe slope over ${capacity.samples} samples)` : '') +
    (stateAtStart
      ? `\n  start state  ${stateAtStart.bidders.toLocaleString('en-US')} bidders prefilled (${(stateAtStart.nominalBytes / 1e6).toFixed(0)} MB nominal)`
      : '') +
    (verification
      ? `\n  state        ${verification.ok ? 'exactly-once verified' : 'VERIFICATION FAILED'}: ${verification.counterSum} updates for ${verification.sourcePosition} events, ${verification.bidders} bidders` +
        (verification.durationMs !== undefined ? ` (read in ${formatElapsedMs(verification.durationMs)})` : '')
      : '') +
    (cost ? formatCost(cost, intervalMs) : '') +
    (recovery ? formatRecovery(recovery) : '')
  );
}
