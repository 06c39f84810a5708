/**
 * Runs a sweep cell by cell through a CellRunner (local cluster or Pulumi stacks), writing sweep.json
 * after every cell; a re-run with the same --out skips the finished cells.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runFigures, type RunFigures } from '../analysis/runFigures.js';
import { formatDurationMs } from '../lib/duration.js';
import { RunInterrupted } from '../bench/run.js';
import { readRunFile } from './loadSweep.js';
import type { Cell } from './plan.js';
import { cellDurationMs, cellWarmupMs, SweepUsageError, type SweepSettings } from './sweepArgs.js';
import { calibrationLine, etaMs, progressLine } from './progressLines.js';
import { environmentFile } from './environment.js';
import { configHash, readSweep, sweepDocumentOf, writeSweep, type CellRecord, type SweepDocument } from './sweepDocument.js';
import type { Calibration, RecordedSettings, Rerun, SweepPreparation } from './sweepSchema.js';

export interface CellRun {
  readonly runJson: string;
  readonly stack?: string;
}

/** Runs one cell somewhere and says where its run.json is. */
export interface CellRunner {
  run(
    cell: Cell,
    ctx: { readonly runsDir: string; readonly log: (line: string) => void; readonly signal?: AbortSignal; readonly preparation?: SweepPreparation },
  ): Promise<CellRun>;
}

/** Time a cell takes besides warm-up and measurement (cluster start, submit, savepoint, verify). */
export const CELL_OVERHEAD_MS = 25_000;

// What a sweep measures once before its cells (kept in sweep.json so a resumed sweep reuses it), and its re-runs: typed by sweep.json's schema.
export type { Calibration, Rerun, SweepPreparation };

/** What the sweep was asked to do, as recorded in sweep.json and hashed for resuming. */
export function recordedSettings(s: SweepSettings): RecordedSettings {
  return {
    profile: s.profile.name,
    intervalsMs: s.intervalsMs,
    repeat: s.repeat,
    failures: s.failures,
    failureKind: s.failureKind,
    failureDetection: s.profile.failureDetection,
    workload: s.autoRate ? { ...s.workload, rate: `auto:${s.autoRate.fraction}` } : s.workload,
    // Only a multi-mode sweep records its modes, so a single-mode sweep's hash stays as it was.
    ...(s.stateModes.length > 1 ? { stateModes: s.stateModes, biddersByMode: s.biddersByMode } : {}),
    // Sizes and types only when swept, for the same reason.
    ...(s.sizes ? { sizes: s.sizes } : {}),
    ...(s.checkpointTypes ? { checkpointTypes: s.checkpointTypes } : {}),
    failurePhase: s.profile.failurePhase,
    probeMs: s.profile.probeMs,
    sampleMs: s.sampleMs,
    ...(s.target === 'local'
      ? {
          cells: {
            cost: {
              warmupMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellWarmupMs(s, t, 'cost')])),
              durationMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellDurationMs(s, t, 'cost')])),
            },
            recovery: {
              warmupMs: Object.fromEntries(s.intervalsMs.map((t) => [formatDurationMs(t), cellWarmupMs(s, t, 'recovery')])),
              durationMs: Object.fromEntries(s.intervalsMs.map((t) => [formatDurationMs(t), cellDurationMs(s, t, 'recovery')])),
            },
          },
          orderSeed: s.seed,
          minPauseMs: Number(s.workload.minPauseMs ?? 0), // an integer (workload/parameters.json)
        }
      : {
          warmupMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellWarmupMs(s, t)])),
          durationMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellDurationMs(s, t)])),
        }),
    rerunRule: RERUN_RULE,
    target: s.target,
    stacks: s.stacks,
  };
}

/**
 * The re-run rule, fixed before any cell runs and recorded in sweep.json (METHOD.md): a cost cell whose
 * machine was disturbed — processes outside the cluster used more than `maxOtherCpuSecondsPerSec`, or
 * the hypervisor stole more than `maxStealCpuSecondsPerSec`, over its window — runs once more, at once;
 * the first run is kept and listed. A cell that ended in an error is retried when the sweep is resumed,
 * and listed too. Nothing else is ever re-run.
 */
export const RERUN_RULE = {
  maxOtherCpuSecondsPerSec: 0.5,
  maxStealCpuSecondsPerSec: 0.1,
  maxReruns: 1,
  text:
    'A cost cell is re-run once, at once, when over its window processes outside the cluster used more than 0.5 CPU-seconds per second or steal exceeded 0.1 CPU-seconds per second; ' +
    'a cell that ended in an error is retried when the sweep is resumed. Every re-run is listed with its reason; the first run is kept.',
} as const;

/** Why a finished cell must be re-run under RERUN_RULE, or undefined. */
export function rerunReason(figures: Pick<RunFigures, 'otherCpuSecondsPerSec' | 'stealCpuSecondsPerSec'>): string | undefined {
  const other = figures.otherCpuSecondsPerSec;
  const steal = figures.stealCpuSecondsPerSec;
  if (other !== undefined && other > RERUN_RULE.maxOtherCpuSecondsPerSec)
    return `disturbed: processes outside the cluster used ${other.toFixed(2)} CPU-s/s (rule: at most ${RERUN_RULE.maxOtherCpuSecondsPerSec})`;
  if (steal !== undefined && steal > RERUN_RULE.maxStealCpuSecondsPerSec)
    return `disturbed: steal ${steal.toFixed(2)} CPU-s/s (rule: at most ${RERUN_RULE.maxStealCpuSecondsPerSec})`;
  return undefined;
}

export function defaultSweepDir(nowMs = Date.now()): string {
  return join(
    'results',
    `sweep-${new Date(nowMs)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-')}`,
  );
}

export interface SweepOutcome {
  readonly dir: string;
  readonly doc: SweepDocument;
  readonly failedCells: readonly CellRecord[];
}

/** The sweep already in `dir`, to resume: only one asked with the same settings. */
function sweepToResume(dir: string, hash: string): SweepDocument | undefined {
  if (!existsSync(join(dir, 'sweep.json'))) return undefined;
  const previous = readSweep(dir);
  if (previous.configHash !== hash) {
    throw new SweepUsageError(
      `--out ${dir} holds a sweep with other settings (config ${previous.configHash}, now ${hash}); resume it with the same flags, or choose another --out.`,
    );
  }
  return previous;
}

interface CellContext {
  readonly dir: string;
  readonly runner: CellRunner;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  readonly preparation?: SweepPreparation;
  /** The sweep's re-runs: a disturbed cost cell's is added here. */
  readonly reruns: Rerun[];
  readonly save: () => void;
}

/**
 * One cell, and once more when the re-run rule (fixed before the sweep) says its cost figures were
 * disturbed; an error is recorded as a failed cell (retried on resume), an interruption ends the sweep.
 */
async function runCell(cell: CellRecord, ctx: CellContext): Promise<CellRecord> {
  const cellStart = Date.now();
  const runOnce = () =>
    ctx.runner.run(cell, { runsDir: join(ctx.dir, 'runs'), log: (l) => ctx.log(`  ${l}`), signal: ctx.signal, preparation: ctx.preparation });
  try {
    let result = await runOnce();
    let figures = runFigures(readRunFile(result.runJson));
    const disturbed = cell.kind === 'cost' ? rerunReason(figures) : undefined;
    if (disturbed && !ctx.reruns.some((r) => r.cellId === cell.id && r.reason.startsWith('disturbed'))) {
      ctx.log(`  re-running ${cell.id} by the sweep's rule: ${disturbed}`);
      ctx.reruns.push({ cellId: cell.id, reason: disturbed, firstRunJson: relative(ctx.dir, result.runJson), at: new Date().toISOString() });
      ctx.save();
      result = await runOnce();
      figures = runFigures(readRunFile(result.runJson));
    }
    return {
      ...cell,
      status: 'complete',
      runJson: relative(ctx.dir, result.runJson),
      stack: result.stack,
      wallMs: Date.now() - cellStart,
      figures,
      error: undefined,
    };
  } catch (e) {
    if (e instanceof RunInterrupted || ctx.signal?.aborted) {
      ctx.save();
      throw e;
    }
    ctx.log(`  cell ${cell.id} failed: ${(e as Error).message} (a re-run with the same --out retries it)`);
    return { ...cell, status: 'failed', wallMs: Date.now() - cellStart, error: (e as Error).message };
  }
}

/** What a cell is planned to take: its warm-up, window and probe, and the overhead around them. */
const plannedCellMs = (settings: SweepSettings, c: Cell): number =>
  cellWarmupMs(settings, c.intervalMs, c.kind) +
  cellDurationMs(settings, c.intervalMs, c.kind) +
  (c.kind === 'recovery' ? 0 : settings.profile.probeMs) +
  CELL_OVERHEAD_MS;

/** Re-runs so far, and the cells that ended in an error last time: retried now, and listed. */
const rerunsSoFar = (previous: SweepDocument | undefined, records: readonly CellRecord[]): Rerun[] => [
  ...(previous?.reruns ?? []),
  ...(previous?.cells ?? [])
    .filter((c) => c.status === 'failed' && records.some((r) => r.id === c.id))
    .map((c) => ({ cellId: c.id, reason: `error: ${c.error ?? 'unknown'}`, firstRunJson: c.runJson, at: new Date().toISOString() })),
];

export async function runSweep(
  settings: SweepSettings,
  cells: readonly Cell[],
  runner: CellRunner,
  options: { readonly dir: string; readonly log: (line: string) => void; readonly signal?: AbortSignal; readonly prepare?: () => Promise<SweepPreparation> },
): Promise<SweepOutcome> {
  const { dir, log } = options;
  const recorded = recordedSettings(settings);
  const hash = configHash(recorded);
  const startedMs = Date.now();
  const previous = sweepToResume(dir, hash);
  let preparation: SweepPreparation | undefined = previous?.preparation;
  if (!preparation && options.prepare) preparation = await options.prepare();
  for (const [mode, c] of Object.entries(preparation?.calibrations ?? {})) log(calibrationLine(mode, c, settings.stateModes.length > 1));
  const done = new Map((previous?.cells ?? []).filter((c) => c.status === 'complete').map((c) => [c.id, c]));
  const environment = environmentFile(dir, recorded, hash, preparation);
  for (const c of done.values()) if (c.runJson && existsSync(join(dir, c.runJson))) environment.noteRun(join(dir, c.runJson));
  environment.write();
  const records: CellRecord[] = cells.map((c) => done.get(c.id) ?? { ...c, status: 'pending' });
  const reruns = rerunsSoFar(previous, records);
  const createdAt = previous?.createdAt ?? new Date(startedMs).toISOString();
  const sweepId = dir.split('/').filter(Boolean).pop()!;
  const save = (wallMs?: number): SweepDocument => {
    // Every save: an interrupted sweep keeps its time, and a resumed one adds to it.
    const doc = sweepDocumentOf(
      { sweepId, createdAt, settings, recorded, configHash: hash, cells: records, reruns, preparation },
      wallMs ?? Date.now() - startedMs + (previous?.wallMs ?? 0),
    );
    writeSweep(dir, doc);
    return doc;
  };
  save();
  if (done.size > 0) log(`resuming ${dir}: ${done.size} of ${cells.length} cells already finished`);

  const planned = (c: Cell) => plannedCellMs(settings, c);
  let spentMs = 0;
  let plannedDoneMs = 0;
  for (let i = 0; i < records.length; i++) {
    const cell = records[i]!;
    if (cell.status === 'complete') continue;
    if (options.signal?.aborted) break;
    const toCome = records.slice(i).filter((r) => r.status !== 'complete');
    log(progressLine(records, i, Date.now() - startedMs, etaMs(toCome.map(planned), spentMs, plannedDoneMs)));
    const cellStart = Date.now();
    records[i] = await runCell(cell, { dir, runner, log, signal: options.signal, preparation, reruns, save });
    const runJson = records[i]!.runJson;
    if (records[i]!.status === 'complete' && runJson && environment.noteRun(join(dir, runJson))) environment.write();
    spentMs += Date.now() - cellStart;
    plannedDoneMs += planned(cell);
    save();
  }
  const doc = save(Date.now() - startedMs + (previous?.wallMs ?? 0));
  return { dir, doc, failedCells: records.filter((r) => r.status === 'failed') };
}
