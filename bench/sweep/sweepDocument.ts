/**
 * sweep.json — the one file a sweep leaves besides its runs; its schema (`ckpt-lab/sweep@1`):
 * - `settings`, `configHash`: what was asked; a resumed sweep must ask the same.
 * - `cells[]`: one per (interval, repeat) in run order; `status` pending | complete | failed,
 *   `runJson` relative to the sweep dir, `figures` (analysis/runFigures.ts) once complete.
 * - `aggregates`: per interval (0 = baseline) each figure's median and 95 % t-interval over repeats,
 *   and the overhead against the baseline (analysis/aggregate.ts).
 * - `preparation`: the calibration probe (rate auto) and the checkpoint storage's write bandwidth.
 * - `aggregates[].capacityEventsPerSec`, `aggregates[].overhead.capacityLossPct`: the probe's figures.
 * - `model`: the fitted cost model with `accuracy.{recovery, capacityLoss}` (leave-one-interval-out)
 *   (analysis/model.ts); `recommendation`: the advisor's answer for
 *   `limits` (analysis/advisor.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analysis } from '../../analysis/analyze.js';
import type { Limits } from '../../analysis/limits.js';
import type { RunFigures } from '../../analysis/runFigures.js';
import { writeJsonAtomic } from '../results.js';
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
  readonly wallMs?: number;
}

/** A stable hash of the settings (key order does not matter). */
export function configHash(settings: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(settings))).digest('hex').slice(0, 16);
}

export function readSweep(dir: string): SweepDocument {
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) throw new Error(`${dir} holds no sweep.json: not a sweep directory (ckpt-lab sweep --out <dir> makes one).`);
  const doc = JSON.parse(readFileSync(path, 'utf8')) as SweepDocument;
  if (doc.schema !== SWEEP_SCHEMA) throw new Error(`${path} has schema '${String(doc.schema)}'; this ckpt-lab reads ${SWEEP_SCHEMA}.`);
  return doc;
}

export function writeSweep(dir: string, doc: SweepDocument): string {
  return writeJsonAtomic(dir, 'sweep.json', doc);
}
