/**
 * advice.json (zod, strict, versioned like the lab's other result files): the job observed, the limits,
 * every input with its provenance, each candidate interval's estimates, and the recommendation. A
 * recovery that never ends (the job cannot catch up) is written as null, which JSON can hold.
 */
import * as z from 'zod';
import type { Advice } from './advice.js';
import type { JobObservation } from './jobObservation.js';
import { parseVersionedFile } from '../lib/versionedFile.js';
import { adviceInputsSchema } from './adviceInputsSchema.js';

export const ADVICE_SCHEMA = 'ckpt-lab/advice@1';
export const ADVICE_SCHEMA_VERSION = 1;

/** A number, or null where the value is infinite (a backlog that never drains). */
const maybeInfinite = z.number().nullable();
const predicted = z.strictObject({ value: maybeInfinite, low: maybeInfinite.optional(), high: maybeInfinite.optional() });
const intervalSchema = z.strictObject({
  intervalMs: z.number().positive(),
  effectiveIntervalMs: z.number().positive(),
  capacityLossPct: predicted.optional(),
  checkpointedBytes: predicted,
  checkpointDurationMs: predicted,
  detectionMs: z.number(),
  restartMs: z.number(),
  restoreMs: z.number(),
  catchUpMs: maybeInfinite,
  recoveryMs: predicted,
  replayedRecords: z.number(),
  checkpointCostSecPerHour: z.number().optional(),
  recoveryCostSecPerHour: maybeInfinite.optional(),
});

export const adviceFileSchema = z.strictObject({
  schema: z.literal(ADVICE_SCHEMA),
  schemaVersion: z.literal(ADVICE_SCHEMA_VERSION),
  createdAt: z.string(),
  job: z.strictObject({ restUrl: z.string(), id: z.string(), name: z.string(), flinkVersion: z.string().optional() }),
  observation: z.strictObject({
    startedAtMs: z.number(),
    endedAtMs: z.number(),
    reads: z.number().int(),
    checkpointsCompleted: z.number().int(),
    transcript: z.string(),
  }),
  limits: z.strictObject({ maxRecoveryMs: z.number(), maxP99Ms: z.number(), maxOverheadPct: z.number(), mtbfMs: z.number().optional() }),
  inputs: adviceInputsSchema,
  intervals: z.array(intervalSchema),
  recommendation: z.strictObject({
    recommendedMs: z.number().optional(),
    feasibleMs: z.array(z.number()),
    binding: z.string().optional(),
    rule: z.string().optional(),
    optimumMs: z.number().optional(),
    youngMs: z.number().optional(),
    dalyMs: z.number().optional(),
    reasons: z.array(z.string()),
  }),
  notJudged: z.array(z.string()),
});

export type AdviceFile = z.output<typeof adviceFileSchema>;

/** Infinity → null, everywhere in a value (JSON would write null anyway, silently). */
function finiteOrNull(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(finiteOrNull);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, finiteOrNull(v)]])));
  return value;
}

/** The document advice.json holds (checked against its own schema before it is written). */
export function adviceDocument(advice: Advice, observation: JobObservation, transcriptFile: string, reads: number, createdAt: Date): AdviceFile {
  const r = advice.recommendation;
  const doc = finiteOrNull({
    schema: ADVICE_SCHEMA,
    schemaVersion: ADVICE_SCHEMA_VERSION,
    createdAt: createdAt.toISOString(),
    job: { restUrl: observation.restUrl, id: observation.jobId, name: observation.jobName, flinkVersion: observation.flinkVersion },
    observation: {
      startedAtMs: observation.startedAtMs,
      endedAtMs: observation.endedAtMs,
      reads,
      checkpointsCompleted: observation.checkpoints.filter((c) => c.status === 'COMPLETED').length,
      transcript: transcriptFile,
    },
    limits: r.limits,
    inputs: advice.inputs,
    intervals: advice.intervals,
    recommendation: {
      recommendedMs: r.recommendedMs,
      feasibleMs: r.feasibleMs,
      binding: r.binding,
      rule: r.rule,
      optimumMs: r.optimumMs,
      youngMs: r.youngMs,
      dalyMs: r.dalyMs,
      reasons: r.reasons,
    },
    notJudged: advice.notJudged,
  });
  return parseAdviceFile(doc, 'advice.json');
}

export const parseAdviceFile = (json: unknown, file: string): AdviceFile =>
  parseVersionedFile({ what: 'an advice.json', schema: adviceFileSchema, version: ADVICE_SCHEMA_VERSION, upgrades: {} }, json, file);
