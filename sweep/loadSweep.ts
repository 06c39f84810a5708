/** A sweep directory → its document with figures and analysis recomputed from the runs on disk. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCells, readSweep, type SweepDocument } from './sweepDocument.js';
import type { Limits } from '../analysis/limits.js';
import { runFigures, type RunRecord } from '../analysis/runFigures.js';
import { parseRunFile } from '../bench/run/runFileSchema.js';

/** A run.json, upgraded and checked, its series and summary included (bench/run/runFileSchema.ts). */
export const readRunFile = (path: string): RunRecord => parseRunFile(JSON.parse(readFileSync(path, 'utf8')), path);

export function loadSweep(dir: string, limits?: Limits): SweepDocument {
  const doc = readSweep(dir);
  const cells = doc.cells.map((c) => {
    if (c.status !== 'complete' || !c.runJson || !existsSync(join(dir, c.runJson))) return c;
    return { ...c, figures: runFigures(readRunFile(join(dir, c.runJson))) };
  });
  const useLimits = limits ?? doc.limits;
  return {
    ...doc,
    cells,
    limits: useLimits,
    ...analyzeCells(cells, doc.settings, useLimits, { writeBytesPerSec: doc.preparation?.storage?.writeBytesPerSec }),
  };
}
