/**
 * What advise's estimates rest on, as advice.json's `inputs` holds them (zod, strict): each figure
 * labelled by where it comes from. The TypeScript types are inferred from it, so the file and the
 * code read one definition.
 */
import * as z from 'zod';

export const provenanceSchema = z.enum(['observed', 'configured', 'calibrated', 'assumed']);

export const labelledSchema = z.strictObject({
  value: z.number(),
  low: z.number().optional(),
  high: z.number().optional(),
  provenance: provenanceSchema,
  /** How the value was had, in a person's words. */
  how: z.string(),
});

export const adviceInputsSchema = z.strictObject({
  currentIntervalMs: z.number(),
  effectiveIntervalMs: z.number(),
  checkpointType: z.enum(['full', 'incremental']),
  /** λ: records per second out of the sources. */
  inputRate: labelledSchema,
  /** μ at the current interval: λ ÷ the busiest subtask's busy share (Flink's true processing rate). */
  capacity: labelledSchema,
  /** C_cpu, c_e and P = μ·c_e + C/T_eff (CPU-seconds per second the job can use), when the price was observable. */
  cpuSecondsPerCheckpoint: labelledSchema.optional(),
  cpuSecondsPerEvent: labelledSchema.optional(),
  cpuCapacity: labelledSchema.optional(),
  /** Why the price could not be observed. */
  priceUnobservable: z.string().optional(),
  stateBytes: labelledSchema,
  checkpointedBytes: labelledSchema,
  checkpointDurationMs: labelledSchema,
  detectionMs: labelledSchema,
  restartMs: labelledSchema,
  restoreBytesPerSec: labelledSchema,
  /** ρ: the share of μ a restored job drains its backlog at (cold caches). */
  drainRatio: labelledSchema,
});

/** observed on the job, configured (the JobManager's configuration), calibrated (a sweep of this lab) or assumed (a stated default). */
export type Provenance = z.output<typeof provenanceSchema>;
export type Labelled = Readonly<z.output<typeof labelledSchema>>;
export type AdviceInputs = Readonly<z.output<typeof adviceInputsSchema>>;
