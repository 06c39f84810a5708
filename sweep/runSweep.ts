/**
 * Runs a sweep cell by cell through a CellRunner (local cluster or Pulumi stacks), writing sweep.json
 * after every cell; a re-run with the same --out skips the finished cells.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runFigures, type RunRecord } from '../analysis/runFigures.js';
import { formatDurationMs } from '../lib/duration.js';
import { writeJsonAtomic } from '../lib/results.js';
import { RunInterrupted } from '../bench/run.js';
import { environmentManifest } from './environment.js';
import type { Cell } from './plan.js';
import { cellDurationMs, cellWarmupMs, SweepUsageError, type SweepSettings } from './sweepArgs.js';
import { analyzeCells, configHash, readSweep, SWEEP_SCHEMA, writeSweep, type CellRecord, type SweepDocument } from './sweepDocument.js';

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

/** What a sweep measures once before its cells, kept in sweep.json so a resumed sweep reuses it. */
export interface SweepPreparation {
  /** `rate auto:<fraction>`, per state mode: the capacity the calibration probe measured and the rate that mode's cells run at. */
  readonly calibrations?: Readonly<Record<string, Calibration>>;
  /** The checkpoint directory's write bandwidth (sweep/diskBandwidth.ts). */
  readonly storage?: { readonly directory: string; readonly writeBytesPerSec: number; readonly bytes: number; readonly ms: number };
}

export interface Calibration {
  readonly fraction: number;
  readonly capacityEventsPerSec: number;
  readonly rate: number;
}

/** A cell's state mode: its own, or the sweep's one. */
export const cellStateMode = (settings: Pick<SweepSettings, 'workload'>, cell: Pick<Cell, 'stateMode'>): string =>
  cell.stateMode ?? String(settings.workload.stateMode);

/** Time a cell takes besides warm-up and measurement (cluster start, submit, savepoint, verify). */
export const CELL_OVERHEAD_MS = 25_000;

/** What the sweep was asked to do, as recorded in sweep.json and hashed for resuming. */
export function recordedSettings(s: SweepSettings): Record<string, unknown> {
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
    failurePhase: s.profile.failurePhase,
    probeMs: s.profile.probeMs,
    sampleMs: s.sampleMs,
    warmupMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellWarmupMs(s, t)])),
    durationMs: Object.fromEntries([0, ...s.intervalsMs].map((t) => [formatDurationMs(t), cellDurationMs(s, t)])),
    target: s.target,
    stacks: s.stacks,
  };
}

const mmss = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

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
  let previous: SweepDocument | undefined;
  if (existsSync(join(dir, 'sweep.json'))) {
    previous = readSweep(dir);
    if (previous.configHash !== hash) {
      throw new SweepUsageError(
        `--out ${dir} holds a sweep with other settings (config ${previous.configHash}, now ${hash}); resume it with the same flags, or choose another --out.`,
      );
    }
  }
  let preparation: SweepPreparation | undefined = previous?.preparation;
  if (!preparation && options.prepare) preparation = await options.prepare();
  for (const [mode, c] of Object.entries(preparation?.calibrations ?? {})) {
    log(
      `rate${settings.stateModes.length > 1 ? ` (${mode})` : ''}: ${c.rate.toLocaleString('en-US')} events/s (${c.fraction} × measured capacity ${Math.round(c.capacityEventsPerSec).toLocaleString('en-US')} events/s)`,
    );
  }
  const done = new Map((previous?.cells ?? []).filter((c) => c.status === 'complete').map((c) => [c.id, c]));
  // The Flink version is what the cluster reported in each run, not what this code expects.
  const flinkVersions = new Set<string>();
  const noteVersion = (runJsonPath: string) => {
    const v = (JSON.parse(readFileSync(runJsonPath, 'utf8')) as RunRecord).versions?.flink;
    if (v) flinkVersions.add(v);
  };
  for (const c of done.values()) if (c.runJson && existsSync(join(dir, c.runJson))) noteVersion(join(dir, c.runJson));
  const writeEnvironment = () =>
    writeJsonAtomic(dir, 'environment.json', { ...environmentManifest(recorded, hash, dir, [...flinkVersions]), checkpointStorage: preparation?.storage });
  writeEnvironment();
  const records: CellRecord[] = cells.map((c) => done.get(c.id) ?? { ...c, status: 'pending' });
  const createdAt = previous?.createdAt ?? new Date(startedMs).toISOString();
  const sweepId = dir.split('/').filter(Boolean).pop()!;
  const save = (wallMs?: number): SweepDocument => {
    const doc: SweepDocument = {
      schema: SWEEP_SCHEMA,
      sweepId,
      createdAt,
      updatedAt: new Date().toISOString(),
      target: settings.target,
      settings: recorded,
      configHash: hash,
      limits: settings.limits,
      cells: records,
      preparation,
      ...analyzeCells(records, recorded, settings.limits, { writeBytesPerSec: preparation?.storage?.writeBytesPerSec }),
      // Every save: an interrupted sweep keeps its time, and a resumed one adds to it.
      wallMs: wallMs ?? Date.now() - startedMs + (previous?.wallMs ?? 0),
    };
    writeSweep(dir, doc);
    return doc;
  };
  save();
  if (done.size > 0) log(`resuming ${dir}: ${done.size} of ${cells.length} cells already finished`);

  const planned = (c: Cell) => cellWarmupMs(settings, c.intervalMs) + cellDurationMs(settings, c.intervalMs) + settings.profile.probeMs + CELL_OVERHEAD_MS;
  let spentMs = 0;
  let plannedDoneMs = 0;
  for (let i = 0; i < records.length; i++) {
    const cell = records[i]!;
    if (cell.status === 'complete') continue;
    if (options.signal?.aborted) break;
    const remaining = records
      .slice(i)
      .filter((r) => r.status !== 'complete')
      .reduce((s, r) => s + planned(r), 0);
    // Scale the plan by how long finished cells really took on this machine.
    const eta = plannedDoneMs > 0 ? (remaining * spentMs) / plannedDoneMs : remaining;
    log(
      `[sweep ${i + 1}/${records.length}] ${cell.stateMode ? `${cell.stateMode}, ` : ''}interval ${formatDurationMs(cell.intervalMs)}, repeat ${cell.repeat}` +
        ` — elapsed ${mmss(Date.now() - startedMs)}, ETA ${mmss(eta)}`,
    );
    const cellStart = Date.now();
    try {
      const result = await runner.run(cell, { runsDir: join(dir, 'runs'), log: (l) => log(`  ${l}`), signal: options.signal, preparation });
      const run = JSON.parse(readFileSync(result.runJson, 'utf8')) as RunRecord;
      records[i] = {
        ...cell,
        status: 'complete',
        runJson: relative(dir, result.runJson),
        stack: result.stack,
        wallMs: Date.now() - cellStart,
        figures: runFigures(run),
        error: undefined,
      };
      const known = flinkVersions.size;
      noteVersion(result.runJson);
      if (flinkVersions.size !== known) writeEnvironment();
    } catch (e) {
      if (e instanceof RunInterrupted || options.signal?.aborted) {
        save();
        throw e;
      }
      records[i] = { ...cell, status: 'failed', wallMs: Date.now() - cellStart, error: (e as Error).message };
      log(`  cell ${cell.id} failed: ${(e as Error).message} (a re-run with the same --out retries it)`);
    }
    spentMs += Date.now() - cellStart;
    plannedDoneMs += planned(cell);
    save();
  }
  const doc = save(Date.now() - startedMs + (previous?.wallMs ?? 0));
  return { dir, doc, failedCells: records.filter((r) => r.status === 'failed') };
}
