/**
 * docs/study/seed-scale-prediction.json — the seed-scale prediction, written once before its measurement
 * (scripts/seedScalePrediction.ts); its schema (zod, strict), declared against the Prediction the
 * analysis makes so the compiler keeps the two in step. JSON writes an infinite catch-up as null.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { CHECKPOINT_TYPES } from '../lib/checkpointType.js';
import type { Predicted } from '../lib/confidence.js';
import { parseVersionedFile } from '../lib/versionedFile.js';
import type { Prediction, RecoveryPrediction } from '../analysis/predict.js';

const SEED_SCALE_SCHEMA = 'ckpt-lab/seed-scale-prediction@1';

const predicted: z.ZodType<Predicted> = z.strictObject({ value: z.number(), low: z.number().optional(), high: z.number().optional() });
const never = z
  .number()
  .nullable()
  .transform((v) => v ?? Infinity);

const recoverySchema: z.ZodType<RecoveryPrediction> = z.strictObject({
  detectionMs: predicted.optional(),
  restartMs: predicted.optional(),
  restoreMs: predicted.optional(),
  catchUpMs: never,
  recoveryMs: z.strictObject({ value: never, low: z.number().optional(), high: z.number().optional() }),
});

const predictionSchema: z.ZodType<Prediction> = z.strictObject({
  stateMode: z.string(),
  bidders: z.number().int().positive(),
  checkpointType: z.enum(CHECKPOINT_TYPES).optional(),
  intervalMs: z.number().positive(),
  inputRate: z.number().optional(),
  cpuSecondsPerCheckpoint: predicted.optional(),
  capacityLossPct: z
    .strictObject({ value: z.number(), low: z.number().optional(), high: z.number().optional(), from: z.enum(['CPU price', 'measured losses']) })
    .optional(),
  p99IncreaseMs: predicted.optional(),
  checkpointDurationMs: predicted.optional(),
  checkpointedBytes: predicted.optional(),
  recovery: recoverySchema.optional(),
  measuredIntervalsMs: z.array(z.number()).readonly(),
  measuredBidders: z.array(z.number()).readonly(),
  extrapolation: z.array(z.string()).readonly(),
});

const seedScaleFileSchema = z.strictObject({
  schema: z.literal(SEED_SCALE_SCHEMA),
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  commit: z.string(),
  sweep: z.strictObject({ dir: z.string(), sweepId: z.string(), configHash: z.string() }),
  request: z.strictObject({ stateMode: z.string(), bidders: z.number(), rateEventsPerSec: z.number(), intervalsMs: z.array(z.number()) }),
  goals: z.strictObject({ relative: z.number(), points: z.number() }),
  predictions: z.array(predictionSchema),
});

export type SeedScaleFile = z.output<typeof seedScaleFileSchema>;

export function readSeedScaleFile(path: string): SeedScaleFile {
  return parseVersionedFile(
    { what: 'a seed-scale prediction', schema: seedScaleFileSchema, version: 1, upgrades: {} },
    JSON.parse(readFileSync(path, 'utf8')),
    path,
  );
}
