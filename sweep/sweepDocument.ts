/**
 * sweep.json — the one file a sweep leaves besides its runs; its schema (`ckpt-lab/sweep@1`):
 * - `settings`, `configHash`: what was asked; a resumed sweep must ask the same.
 * - `cells[]`: one per (interval, repeat) in run order; `status` pending | complete | failed,
 *   `runJson` relative to the sweep dir, `figures` (analysis/runFigures.ts) once complete.
 * - `aggregates`: per interval (0 = baseline) each figure's median and 95 % t-interval over repeats,
 *   and the overhead against the baseline (analysis/aggregate.ts).
 * - `preparation`: the calibration probe (rate auto) and the checkpoint storage's write bandwidth.
 * - `aggregates[].overhead.capacityLossPct`: the loss from the CPU price (mean, Welch interval against the
 *   baseline); `overhead.pooledPriceCapacityLossPct`: the loss at the price pooled over the intervals;
 *   `overhead.probeCapacityLossPct` and `figures.capacityEventsPerSec`: the probe's figures.
 * - `modes[]`: with several state modes, one analysis per mode (`stateMode`, `bidders`, and
 *   `aggregates`, `model`, `recommendation` as below), each against that mode's own baseline; the
 *   top-level analysis is then absent. `cells[].stateMode` says which mode a cell ran.
 * - `model`: the fitted cost model with `accuracy.{recovery, capacityLoss}` (leave-one-interval-out)
 *   (analysis/model.ts); `recommendation`: the advisor's answer for
 *   `limits` (analysis/advisor.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../analysis/analyze.js';
import type { Limits } from '../analysis/limits.js';
import type { RunFigures } from '../analysis/runFigures.js';
import { writeJsonAtomic } from '../lib/results.js';
import type { SweepSettings } from './sweepArgs.js';
import type { Rerun, SweepPreparation } from './sweepSchema.js';
import { parseSweepFile, SWEEP_SCHEMA, SWEEP_SCHEMA_VERSION, type CellRecordFields, type RecordedSettings, type sweepFileSchema } from './sweepSchema.js';
import type { z } from 'zod';

type SweepFile = z.output<typeof sweepFileSchema>;

export { SWEEP_SCHEMA, SWEEP_SCHEMA_VERSION } from './sweepSchema.js';

/** A cell as sweep.json records it, with its figures (derived from its run.json). */
export interface CellRecord extends Readonly<Omit<CellRecordFields, 'figures'>> {
  readonly figures?: RunFigures;
}

/** One state mode's analysis in a multi-mode sweep. */
export interface ModeAnalysis extends Analysis {
  readonly stateMode: string;
  readonly bidders: number;
}

/** sweep.json: what the schema checks (sweepSchema.ts), and the analysis derived from its cells. */
export interface SweepDocument extends Omit<SweepFile, 'cells' | 'aggregates' | 'model' | 'recommendation' | 'modes'>, Partial<Analysis> {
  readonly cells: readonly CellRecord[];
  readonly modes?: readonly ModeAnalysis[];
}

/** The sweep's analyses, one per state mode (a single-mode sweep's one, named by its workload's mode). */
export function modeAnalyses(doc: SweepDocument): ModeAnalysis[] {
  if (doc.modes) return [...doc.modes];
  if (!doc.aggregates || !doc.model || !doc.recommendation) return [];
  const w = doc.settings.workload;
  return [{ stateMode: String(w.stateMode), bidders: Number(w.bidders), aggregates: doc.aggregates, model: doc.model, recommendation: doc.recommendation }];
}

/** A stable hash of the settings (key order does not matter). */
export function configHash(settings: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(settings)))
    .digest('hex')
    .slice(0, 16);
}

export function readSweep(dir: string): SweepDocument {
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) throw new Error(`${dir} holds no sweep.json: not a sweep directory (ckpt-lab sweep --out <dir> makes one).`);
  // The derived parts (figures, aggregates, model) are recomputed by loadSweep from the runs.
  return parseSweepFile(JSON.parse(readFileSync(path, 'utf8')), path) as SweepDocument;
}

export function writeSweep(dir: string, doc: SweepDocument): string {
  return writeJsonAtomic(dir, 'sweep.json', doc);
}

/**
 * The analysis of a sweep's finished cells (pure): one for a single-mode sweep, or `modes`, one per
 * state mode, each mode's intervals against that mode's own baseline.
 */
export function analyzeCells(
  cells: readonly CellRecord[],
  settings: RecordedSettings,
  limits: Limits,
  measured: { readonly writeBytesPerSec?: number },
): Partial<Analysis> & { readonly modes?: readonly ModeAnalysis[] } {
  const figuresOf = (mode?: string) =>
    cells.flatMap((c) => (c.status === 'complete' && c.figures && (mode === undefined || c.stateMode === mode) ? [c.figures] : []));
  const modes = settings.stateModes;
  if (!modes || modes.length < 2) return analyze(figuresOf(), limits, measured);
  const workload = settings.workload;
  const biddersByMode = settings.biddersByMode ?? {};
  return {
    modes: modes.map((stateMode) => ({
      stateMode,
      bidders: Number(biddersByMode[stateMode] ?? workload.bidders),
      ...analyze(figuresOf(stateMode), limits, measured),
    })),
  };
}

/** sweep.json as it stands: what was asked, the cells, the re-runs, the preparation and the analysis of the finished cells. */
export function sweepDocumentOf(
  s: {
    readonly sweepId: string;
    readonly createdAt: string;
    readonly settings: SweepSettings;
    readonly recorded: RecordedSettings;
    readonly hash: string;
    readonly records: readonly CellRecord[];
    readonly reruns: readonly Rerun[];
    readonly preparation?: SweepPreparation;
  },
  wallMs: number,
): SweepDocument {
  return {
    schema: SWEEP_SCHEMA,
    schemaVersion: SWEEP_SCHEMA_VERSION,
    sweepId: s.sweepId,
    createdAt: s.createdAt,
    updatedAt: new Date().toISOString(),
    target: s.settings.target,
    settings: s.recorded,
    configHash: s.hash,
    limits: s.settings.limits,
    cells: s.records,
    reruns: [...s.reruns],
    preparation: s.preparation,
    ...analyzeCells(s.records, s.recorded, s.settings.limits, { writeBytesPerSec: s.preparation?.storage?.writeBytesPerSec }),
    wallMs,
  };
}
