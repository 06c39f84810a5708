/**
 * sweep.json — the one file a sweep leaves besides its runs; its schema (`ckpt-lab/sweep@1`):
 * - `settings`, `configHash`: what was asked; a resumed sweep must ask the same.
 * - `cells[]`: one per (interval, repeat) in run order; `status` pending | complete | failed,
 *   `runJson` relative to the sweep dir, `figures` (analysis/runFigures.ts) once complete.
 * - `aggregates`: per interval (0 = baseline) each figure's median and 95 % t-interval over repeats,
 *   and the overhead against the baseline (analysis/aggregate.ts).
 * - `preparation`: the calibration probe (rate auto) and the checkpoint storage's write bandwidth.
 * - `aggregates[].capacityEventsPerSec`, `aggregates[].overhead.capacityLossPct`: the probe's figures.
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
import type { Cell } from './plan.js';
import type { SweepPreparation } from './runSweep.js';

export const SWEEP_SCHEMA = 'ckpt-lab/sweep@1';

export interface CellRecord extends Cell {
  readonly status: 'pending' | 'complete' | 'failed';
  readonly runJson?: string;
  readonly stack?: string;
  readonly wallMs?: number;
  readonly error?: string;
  readonly figures?: RunFigures;
}

/** One state mode's analysis in a multi-mode sweep. */
export interface ModeAnalysis extends Analysis {
  readonly stateMode: string;
  readonly bidders: number;
}

export interface SweepDocument extends Partial<Analysis> {
  readonly schema: typeof SWEEP_SCHEMA;
  readonly sweepId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly target: 'local' | 'pulumi';
  readonly settings: Readonly<Record<string, unknown>>;
  readonly configHash: string;
  readonly limits: Limits;
  readonly cells: readonly CellRecord[];
  /** Measured once before the cells: the calibrated rate and the storage's write bandwidth. */
  readonly preparation?: SweepPreparation;
  readonly modes?: readonly ModeAnalysis[];
  readonly wallMs?: number;
}

/** The sweep's analyses, one per state mode (a single-mode sweep's one, named by its workload's mode). */
export function modeAnalyses(doc: SweepDocument): ModeAnalysis[] {
  if (doc.modes) return [...doc.modes];
  if (!doc.aggregates || !doc.model || !doc.recommendation) return [];
  const w = (doc.settings.workload ?? {}) as Record<string, unknown>;
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
  const doc = JSON.parse(readFileSync(path, 'utf8')) as SweepDocument;
  if ((doc.schema as string) !== SWEEP_SCHEMA) throw new Error(`${path} has schema ${JSON.stringify(doc.schema)}; this ckpt-lab reads ${SWEEP_SCHEMA}.`);
  return doc;
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
  settings: Readonly<Record<string, unknown>>,
  limits: Limits,
  measured: { readonly writeBytesPerSec?: number },
): Partial<Analysis> & { readonly modes?: readonly ModeAnalysis[] } {
  const figuresOf = (mode?: string) =>
    cells.flatMap((c) => (c.status === 'complete' && c.figures && (mode === undefined || c.stateMode === mode) ? [c.figures] : []));
  const modes = settings.stateModes as readonly string[] | undefined;
  if (!modes || modes.length < 2) return analyze(figuresOf(), limits, measured);
  const workload = (settings.workload ?? {}) as Record<string, unknown>;
  const biddersByMode = (settings.biddersByMode ?? {}) as Record<string, number>;
  return {
    modes: modes.map((stateMode) => ({
      stateMode,
      bidders: Number(biddersByMode[stateMode] ?? workload.bidders),
      ...analyze(figuresOf(stateMode), limits, measured),
    })),
  };
}
