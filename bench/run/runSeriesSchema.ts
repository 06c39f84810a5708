/**
 * The series and the summary of run.json (zod, strict: a misspelt key is refused, naming its path).
 * Each schema is declared against the interface the bench writes from (bench/samples.ts, bench/summary.ts,
 * bench/cpu/cpuMeter.ts), so the compiler keeps the two in step: a field the interface requires and the
 * schema lacks, or a type the interface does not allow, fails `tsc`.
 */
import * as z from 'zod';
import type { CpuSample } from '../cpu/cpuMeter.js';
import type { JobStatus } from '../rest/types.js';
import type { CheckpointRecord, Sample } from '../samples.js';
import type { SampleGap } from '../samplingOutage.js';
import type { RunSummary } from '../summary.js';

const JOB_STATES = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'RESTARTING',
  'SUSPENDED',
  'RECONCILING',
] as const satisfies readonly JobStatus[];

/** A figure that may be missing: JSON writes a number that was not measured (NaN, undefined) as null or leaves it out. */
const figure = z
  .number()
  .nullish()
  .transform((v) => v ?? undefined);
const perStage = z.record(z.string(), figure);

export const sampleSchema: z.ZodType<Sample> = z.strictObject({
  atMs: z.number(),
  jobState: z.enum(JOB_STATES),
  sourcePosition: figure,
  sourceLagMs: figure,
  sourceBacklogRecords: figure,
  latencyMs: z.strictObject({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }).optional(),
  windowEmissionDelayMsP99: figure,
  busyRatio: z.record(z.string(), z.number()),
  backpressureRatio: z.record(z.string(), z.number()),
  checkpointCounts: z.strictObject({ completed: z.number(), failed: z.number(), inProgress: z.number(), restored: z.number() }).optional(),
  taskManagers: z.array(z.strictObject({ id: z.string(), cpuLoad: figure, heapUsedBytes: figure })),
});

export const checkpointRecordSchema: z.ZodType<CheckpointRecord> = z.strictObject({
  id: z.number(),
  status: z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']),
  triggerMs: z.number(),
  durationMs: z.number(),
  stateSizeBytes: z.number(),
  checkpointedSizeBytes: z.number(),
  syncMs: figure,
  asyncMs: figure,
  alignmentMs: figure,
});

export const cpuSampleSchema: z.ZodType<CpuSample> = z.strictObject({
  atMs: z.number(),
  clusterCpuMs: z.number(),
  clusterWriteBytes: figure,
  hostBusyMs: figure,
  hostStealMs: figure,
});

export const sampleGapSchema: z.ZodType<SampleGap> = z.strictObject({ atMs: z.number(), error: z.string() });

const distribution = z.strictObject({ median: figure, max: figure });
const record = z.record(z.string(), z.unknown());

/**
 * The summary: its steady-state figures strictly; the parts other modules own and check by their own
 * types (the probe, the CPU price, recovery, verification, the prefilled state) as objects.
 */
export const summarySchema: z.ZodType<RunSummary & Record<string, unknown>> = z.strictObject({
  window: z.strictObject({ startMs: z.number(), endMs: z.number(), samples: z.number() }),
  throughputEventsPerSec: z.strictObject({ median: figure, overall: figure, targetRate: z.number(), spreadPct: figure }),
  sourceLagMs: distribution,
  latencyMs: z.strictObject({ p50: figure, p95: figure, p99: figure, max: figure }),
  latencySamples: z.strictObject({ counted: z.number(), leftOut: z.number() }),
  windowEmissionDelayMsP99: figure,
  checkpoints: z.strictObject({
    completed: z.number(),
    failed: z.number(),
    durationMs: distribution,
    stateSizeBytes: distribution,
    checkpointedSizeBytes: distribution,
    syncMs: distribution,
    asyncMs: distribution,
    alignmentMs: distribution,
  }),
  busyRatio: perStage,
  backpressureRatio: perStage,
  taskManagers: z.strictObject({ cpuLoad: distribution, heapUsedBytes: distribution }),
  capacityEventsPerSec: figure,
  probe: record.optional(),
  cost: record.optional(),
  stateAtStart: record.optional(),
  recovery: record.optional(),
  verification: record.optional(),
});
