/**
 * What a sweep of this lab measured that a user's job cannot show without failing (I/O at the edge,
 * then pure): failure detection, restart, the restore bandwidth and the drain ratio after a restore (over μ by busy time),
 * each the median over the sweep's intervals. `advise --calibration <sweep dir or its sweep.json>`.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { median } from '../lib/stats.js';
import { loadSweep } from '../sweep/loadSweep.js';
import { modeAnalyses, type ModeAnalysis } from '../sweep/sweepDocument.js';
import { AdviceRefused } from './chooseJob.js';

export interface RecoveryCalibration {
  /** Which sweep, in words: "the sweep docs/measurements/… (realistic, 200,000 bidders)". */
  readonly source: string;
  readonly detectionMs?: number;
  readonly restartMs?: number;
  readonly restoreBytesPerSec?: number;
  readonly drainRatio?: number;
}

const medianOf = (xs: readonly (number | undefined)[]) => median(xs.filter((x): x is number => x !== undefined && Number.isFinite(x)));

/** The calibration one analysis of a sweep gives (pure). */
export function calibrationOf(mode: ModeAnalysis, source: string): RecoveryCalibration {
  const ivs = mode.aggregates.intervals;
  return {
    source,
    detectionMs: medianOf(ivs.map((a) => a.figures.detectionMs.median)),
    restartMs: medianOf(ivs.map((a) => a.figures.restartMs.median)),
    restoreBytesPerSec: medianOf(
      ivs.map((a) => {
        const [bytes, ms] = [a.figures.restoredBytes.median, a.figures.restoreMs.median];
        return bytes !== undefined && ms !== undefined && ms > 0 ? bytes / (ms / 1000) : undefined;
      }),
    ),
    // advise's μ is Flink's busy-time estimate, so ρ is the drain rate over that estimate in the same cell; over the
    // probe's (the sweep's own ρ) it put the catch-up at 30 s at twice the lab's (docs/measurements/repeat-and-validate-2026-12-03).
    drainRatio: medianOf(
      ivs.map((a) => {
        const [drained, busy] = [a.figures.maxRateEventsPerSec.median, a.figures.busyTimeCapacityEventsPerSec.median];
        return drained !== undefined && busy ? drained / busy : undefined;
      }),
    ),
  };
}

/** Reads the sweep at `path` (its folder or its sweep.json); refuses one without failures measured. */
export function readCalibration(path: string): RecoveryCalibration {
  const dir = existsSync(path) && statSync(path).isFile() && basename(path) === 'sweep.json' ? dirname(path) : path;
  if (!existsSync(`${dir}/sweep.json`)) throw new AdviceRefused(`--calibration ${path}: no sweep.json there. Allowed: a sweep's folder or its sweep.json.`);
  const modes = modeAnalyses(loadSweep(dir));
  const measured = modes.find((m) => m.aggregates.intervals.some((a) => a.failures > 0));
  if (!measured) throw new AdviceRefused(`--calibration ${path}: the sweep injected no failures, so it calibrates nothing of a recovery.`);
  return calibrationOf(measured, `the sweep ${dir} (${measured.stateMode}, ${measured.bidders.toLocaleString('en-US')} bidders)`);
}
