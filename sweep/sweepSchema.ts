/**
 * sweep.json's schema (zod, strict): what a sweep records — its settings, cells, re-runs and
 * preparation — and, for a reader, what it derives from them (aggregates, model, recommendation,
 * each cell's figures), which loadSweep recomputes from the runs and is therefore not checked here.
 * `schemaVersion` numbers the format; an older file is upgraded one named step at a time.
 */
import * as z from 'zod';
import { CHECKPOINT_TYPES } from '../lib/checkpointType.js';
import { FAILURE_KINDS } from '../lib/failurePlan.js';
import { parseVersionedFile } from '../lib/versionedFile.js';

export const SWEEP_SCHEMA = 'ckpt-lab/sweep@1';
/** 1: no schemaVersion (every sweep written before 2026-12-02; see upgradeSweepV1toV2); 2: with it. */
export const SWEEP_SCHEMA_VERSION = 2;

/** Interval label ("off", "5s") → milliseconds. */
const perInterval = z.record(z.string(), z.number().nonnegative());
const windows = z.strictObject({ warmupMs: perInterval, durationMs: perInterval });

const rerunRuleSchema = z.strictObject({
  maxOtherCpuSecondsPerSec: z.number(),
  maxStealCpuSecondsPerSec: z.number(),
  maxReruns: z.number().int(),
  text: z.string(),
});

/** What the sweep was asked to do (sweep/runSweep.ts recordedSettings), hashed for resuming. */
export const recordedSettingsSchema = z.strictObject({
  profile: z.string(),
  intervalsMs: z.array(z.number().positive()).readonly(),
  repeat: z.number().int().positive(),
  failures: z.number().int().nonnegative(),
  failureKind: z.enum(FAILURE_KINDS),
  failureDetection: z.string(),
  /** Checked by workload/validate.ts when a cell runs; `rate` may be `auto:<fraction>`. */
  workload: z.record(z.string(), z.unknown()),
  stateModes: z.array(z.string()).readonly().optional(),
  biddersByMode: z.record(z.string(), z.number().int().positive()).optional(),
  sizes: z.array(z.number().int().positive()).readonly().optional(),
  checkpointTypes: z.array(z.enum(CHECKPOINT_TYPES)).readonly().optional(),
  failurePhase: z.union([z.number().min(0).max(1), z.literal('random')]),
  probeMs: z.number().nonnegative(),
  sampleMs: z.number().positive(),
  /** Local sweeps: cost and recovery cells, each with its windows per interval. */
  cells: z.strictObject({ cost: windows, recovery: windows }).optional(),
  orderSeed: z.number().int().optional(),
  minPauseMs: z.number().nonnegative().optional(),
  /** Pulumi sweeps (and local sweeps before cost and recovery cells): one window per interval for a cell that measures both. */
  warmupMs: perInterval.optional(),
  durationMs: perInterval.optional(),
  rerunRule: rerunRuleSchema.optional(),
  target: z.enum(['local', 'pulumi']),
  stacks: z.string().optional(),
});

const cellSchema = z.strictObject({
  id: z.string(),
  intervalMs: z.number().nonnegative(),
  repeat: z.number().int().positive(),
  order: z.number().int().nonnegative(),
  kind: z.enum(['cost', 'recovery']).optional(),
  stateMode: z.string().optional(),
  bidders: z.number().int().positive().optional(),
  checkpointType: z.enum(CHECKPOINT_TYPES).optional(),
  status: z.enum(['pending', 'complete', 'failed']),
  runJson: z.string().optional(),
  stack: z.string().optional(),
  wallMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
  /** Derived from the cell's run.json (analysis/runFigures.ts). */
  figures: z.unknown().optional(),
});

const calibrationSchema = z.strictObject({ fraction: z.number(), capacityEventsPerSec: z.number(), rate: z.number() });

export const preparationSchema = z.strictObject({
  calibrations: z.record(z.string(), calibrationSchema).optional(),
  storage: z.strictObject({ directory: z.string(), writeBytesPerSec: z.number(), bytes: z.number(), ms: z.number() }).optional(),
});

export const rerunSchema = z.strictObject({ cellId: z.string(), reason: z.string(), firstRunJson: z.string().optional(), at: z.string() });

export const limitsSchema = z.strictObject({
  maxRecoveryMs: z.number().positive(),
  maxP99Ms: z.number().positive(),
  maxOverheadPct: z.number().positive(),
  mtbfMs: z.number().positive().optional(),
});

export const sweepFileSchema = z.strictObject({
  schema: z.literal(SWEEP_SCHEMA),
  schemaVersion: z.literal(SWEEP_SCHEMA_VERSION),
  sweepId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  target: z.enum(['local', 'pulumi']),
  settings: recordedSettingsSchema,
  configHash: z.string(),
  limits: limitsSchema,
  cells: z.array(cellSchema),
  reruns: z.array(rerunSchema).optional(),
  preparation: preparationSchema.optional(),
  wallMs: z.number().nonnegative().optional(),
  // Derived from the cells (sweepDocument.ts analyzeCells); a reader recomputes them.
  aggregates: z.unknown().optional(),
  model: z.unknown().optional(),
  recommendation: z.unknown().optional(),
  modes: z.unknown().optional(),
  sizeModels: z.unknown().optional(),
  checkpointTypes: z.unknown().optional(),
});

export type RecordedSettings = z.output<typeof recordedSettingsSchema>;
export type CellRecordFields = z.output<typeof cellSchema>;
export type SweepPreparation = z.output<typeof preparationSchema>;
export type Rerun = z.output<typeof rerunSchema>;
export type Calibration = z.output<typeof calibrationSchema>;

/**
 * Version 1 → 2. Version 1 is every sweep.json written before the version was: the earliest ones
 * (2026-11-28) hold one `preparation.calibration`, which became `calibrations` per state mode; the
 * version is now written down.
 */
export function upgradeSweepV1toV2(doc: Record<string, unknown>): Record<string, unknown> {
  const { calibration, ...preparation } = (doc.preparation ?? {}) as Record<string, unknown>;
  const mode = String(((doc.settings ?? {}) as { workload?: Record<string, unknown> }).workload?.stateMode);
  const calibrations = calibration === undefined ? preparation.calibrations : { [mode]: calibration };
  return {
    ...doc,
    schemaVersion: 2,
    ...(doc.preparation === undefined ? {} : { preparation: { ...preparation, ...(calibrations === undefined ? {} : { calibrations }) } }),
  };
}

/** A sweep.json's content, upgraded to this version and checked; the error names the file, the path and the problem. */
export const parseSweepFile = (json: unknown, file: string) => {
  if (typeof json === 'object' && json !== null && 'schema' in json && json.schema !== SWEEP_SCHEMA) {
    throw new Error(`${file} has schema ${JSON.stringify(json.schema)}; this ckpt-lab reads ${SWEEP_SCHEMA}.`);
  }
  return parseVersionedFile({ what: 'a sweep.json', schema: sweepFileSchema, version: SWEEP_SCHEMA_VERSION, upgrades: { 1: upgradeSweepV1toV2 } }, json, file);
};
