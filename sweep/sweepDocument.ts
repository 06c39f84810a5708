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
 * - `modes[]`: with several state modes, sizes or checkpoint types, one analysis per mode, size and type
 *   (`stateMode`, `bidders`, `checkpointType`, and `aggregates`, `model`, `recommendation` as below), each
 *   against its state's own baseline; the top-level analysis is then absent. `cells[].stateMode`,
 *   `.bidders`, `.checkpointType` say what a cell ran (set only for a dimension with several values).
 * - `sizeModels[]`: with several sizes, per mode and type each figure's line over the sizes and the
 *   leave-one-size-out accuracy (analysis/sizeModel.ts); `checkpointTypes[]`: with both types, full
 *   against incremental per state and the crossover interval (analysis/checkpointTypes.ts).
 * - `model`: the fitted cost model with `accuracy.{recovery, capacityLoss}` (leave-one-interval-out)
 *   (analysis/model.ts); `recommendation`: the advisor's answer for
 *   `limits` (analysis/advisor.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../analysis/analyze.js';
import { fitSizeModel, type SizeModel } from '../analysis/sizeModel.js';
import { compareCheckpointTypes, type TypeComparison } from '../analysis/checkpointTypes.js';
import type { Limits } from '../analysis/limits.js';
import type { RunFigures } from '../analysis/runFigures.js';
import { writeJsonAtomic } from '../lib/results.js';
import type { SweepSettings } from './sweepArgs.js';
import type { CheckpointType } from '../lib/checkpointType.js';
import { calibrationKey, severalTypes, stateOfCell, sweptStates, type SweptDimensions } from './sweptWorkloads.js';
import type { Calibration, Rerun } from './sweepSchema.js';
import { parseSweepFile, SWEEP_SCHEMA, SWEEP_SCHEMA_VERSION, type CellRecordFields, type RecordedSettings, type sweepFileSchema } from './sweepSchema.js';
import type { z } from 'zod';

type SweepFile = z.output<typeof sweepFileSchema>;

export { SWEEP_SCHEMA, SWEEP_SCHEMA_VERSION } from './sweepSchema.js';

/** A cell as sweep.json records it, with its figures (derived from its run.json). */
export interface CellRecord extends Readonly<Omit<CellRecordFields, 'figures'>> {
  readonly figures?: RunFigures;
}

/** One analysis of a sweep over several workloads: one state mode at one size with one checkpoint type. */
export interface ModeAnalysis extends Analysis {
  readonly stateMode: string;
  readonly bidders: number;
  /** Set when the sweep ran several types. */
  readonly checkpointType?: CheckpointType;
}

/** sweep.json: what the schema checks (sweepSchema.ts), and the analysis derived from its cells. */
export interface SweepDocument
  extends Omit<SweepFile, 'cells' | 'aggregates' | 'model' | 'recommendation' | 'modes' | 'sizeModels' | 'checkpointTypes'>, Partial<Analysis>, Dimensional {
  readonly cells: readonly CellRecord[];
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

/** The dimensions sweep.json recorded: one mode, size and type unless it lists several. */
const dimensionsOf = (settings: RecordedSettings): SweptDimensions => ({
  workload: settings.workload,
  stateModes: settings.stateModes ?? [String(settings.workload.stateMode)],
  biddersByMode: settings.biddersByMode,
  sizes: settings.sizes,
  checkpointTypes: settings.checkpointTypes,
});

/** The calibration (rate auto) of one analysis's state, if the sweep made one. */
export const calibrationOf = (doc: Pick<SweepDocument, 'settings' | 'preparation'>, m: Pick<ModeAnalysis, 'stateMode' | 'bidders'>): Calibration | undefined =>
  doc.preparation?.calibrations?.[calibrationKey(dimensionsOf(doc.settings), m)];

/**
 * The analysis of a sweep's finished cells (pure): one for a sweep of one workload, or `modes`, one per
 * state (mode and size) and checkpoint type, each against its state's own baseline — the one baseline
 * every type of that state is measured against.
 */
export function analyzeCells(
  cells: readonly CellRecord[],
  settings: RecordedSettings,
  limits: Limits,
  measured: { readonly writeBytesPerSec?: number },
): Partial<Analysis> & Dimensional {
  const dims = dimensionsOf(settings);
  const states = sweptStates(dims);
  const types = severalTypes(dims) ? dims.checkpointTypes! : [undefined];
  const complete = cells.filter((c) => c.status === 'complete' && c.figures);
  if (states.length === 1 && types.length === 1)
    return analyze(
      complete.map((c) => c.figures!),
      limits,
      measured,
    );
  const stateOf = (c: CellRecord) => stateOfCell(dims, c);
  const modes: ModeAnalysis[] = states.flatMap((state) =>
    types.map((checkpointType) => ({
      stateMode: state.stateMode,
      bidders: state.bidders,
      ...(checkpointType ? { checkpointType } : {}),
      ...analyze(
        complete.filter((c) => stateOf(c).key === state.key && (c.intervalMs === 0 || c.checkpointType === checkpointType)).map((c) => c.figures!),
        limits,
        measured,
      ),
    })),
  );
  return { modes, ...acrossDimensions(modes, dims) };
}

/** What a sweep over several sizes or types adds: the size model per mode and type, full against incremental per state. */
export interface Dimensional {
  readonly modes?: readonly ModeAnalysis[];
  readonly sizeModels?: readonly SizeModel[];
  readonly checkpointTypes?: readonly TypeComparison[];
}

function acrossDimensions(modes: readonly ModeAnalysis[], dims: SweptDimensions): Omit<Dimensional, 'modes'> {
  const types = severalTypes(dims) ? dims.checkpointTypes! : [undefined];
  const sizeModels = dims.stateModes.flatMap((stateMode) =>
    types.flatMap(
      (t) =>
        fitSizeModel(
          modes.filter((m) => m.stateMode === stateMode && m.checkpointType === t),
          t,
        ) ?? [],
    ),
  );
  const comparisons = severalTypes(dims)
    ? sweptStates(dims).flatMap((s) => {
        const of = (t: CheckpointType) => modes.find((m) => m.stateMode === s.stateMode && m.bidders === s.bidders && m.checkpointType === t);
        const [full, incremental] = [of('full'), of('incremental')];
        return full && incremental ? [compareCheckpointTypes({ full, incremental })] : [];
      })
    : [];
  return { ...(sizeModels.length ? { sizeModels } : {}), ...(comparisons.length ? { checkpointTypes: comparisons } : {}) };
}

/** sweep.json as it stands: what was asked, the cells, the re-runs, the preparation and the analysis of the finished cells. */
export function sweepDocumentOf(
  s: Pick<SweepDocument, 'sweepId' | 'createdAt' | 'configHash' | 'cells' | 'preparation'> & {
    readonly reruns: readonly Rerun[];
    readonly settings: SweepSettings;
    readonly recorded: RecordedSettings;
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
    configHash: s.configHash,
    limits: s.settings.limits,
    cells: s.cells,
    reruns: [...s.reruns],
    preparation: s.preparation,
    ...analyzeCells(s.cells, s.recorded, s.settings.limits, { writeBytesPerSec: s.preparation?.storage?.writeBytesPerSec }),
    wallMs,
  };
}
