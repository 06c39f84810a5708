/** What a sweep prints as it goes: the calibrated rate, and each cell's line with the time spent and left. */
import { formatDurationMs } from '../lib/duration.js';
import type { CellRecord } from './sweepDocument.js';
import { cellKeyPrefix } from './sweptWorkloads.js';
import type { Calibration } from './sweepSchema.js';

export const mmss = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

/** The rate a mode's cells run at, from its calibration. */
export const calibrationLine = (mode: string, c: Calibration, multiMode: boolean): string =>
  `rate${multiMode ? ` (${mode})` : ''}: ${c.rate.toLocaleString('en-US')} events/s (${c.fraction} × measured capacity ${Math.round(c.capacityEventsPerSec).toLocaleString('en-US')} events/s)`;

/** "[sweep 3/7] cost cell, interval 5s, repeat 1 — elapsed 7m27s, ETA 21m34s". */
export function progressLine(records: readonly CellRecord[], i: number, elapsedMs: number, etaMs: number): string {
  const cell = records[i]!;
  return (
    `[sweep ${i + 1}/${records.length}] ${cellKeyPrefix(cell) ? `${cellKeyPrefix(cell)}, ` : ''}${cell.kind ? `${cell.kind} cell, ` : ''}interval ${formatDurationMs(cell.intervalMs)}, repeat ${cell.repeat}` +
    ` — elapsed ${mmss(elapsedMs)}, ETA ${mmss(etaMs)}`
  );
}

/** The time left: the plan of the cells to come, scaled by how long finished cells really took on this machine against their plan. */
export const etaMs = (plannedMs: readonly number[], spentMs: number, plannedDoneMs: number): number => {
  const remaining = plannedMs.reduce((s, p) => s + p, 0);
  return plannedDoneMs > 0 ? (remaining * spentMs) / plannedDoneMs : remaining;
};
