/**
 * run.json's schema (zod): strict at the top and in `config` — a misspelt key is refused — with the
 * version numbered and an older file upgraded one named step at a time. The series (samples,
 * checkpoints, CPU, gaps) and the summary are checked by bench/run/runSeriesSchema.ts.
 */
import * as z from 'zod';
import { parseVersionedFile } from '../../lib/versionedFile.js';
import { checkpointRecordSchema, cpuSampleSchema, sampleGapSchema, sampleSchema, summarySchema } from './runSeriesSchema.js';

/**
 * Full or incremental RocksDB checkpoints, as the job ran them: its own --incremental when given, else the
 * cluster's state.backend.incremental where the run knows it (a local cluster), else unknown.
 */
export function checkpointTypeOf(
  jobIncremental: boolean | undefined,
  cluster: Readonly<Record<string, unknown>> | undefined,
): { readonly type: 'full' | 'incremental'; readonly from: 'job' | 'cluster default' } | undefined {
  if (jobIncremental !== undefined) return { type: jobIncremental ? 'incremental' : 'full', from: 'job' };
  const clusterIncremental = (cluster?.config as { incremental?: unknown } | undefined)?.incremental;
  return typeof clusterIncremental === 'boolean' ? { type: clusterIncremental ? 'incremental' : 'full', from: 'cluster default' } : undefined;
}

/** 1: no schemaVersion (written before 2026-12-02; see upgradeRunV1toV2); 2: with it. */
export const RUN_SCHEMA_VERSION = 2;

const record = z.record(z.string(), z.unknown());

export const runConfigSchema = z.strictObject({
  /** Absent in runs recorded before the two kinds of cell: such a run measured both. */
  cell: z.enum(['cost', 'recovery']).optional(),
  restUrl: z.string(),
  checkpointIntervalMs: z.number().nonnegative(),
  warmupMs: z.number().nonnegative(),
  durationMs: z.number().nonnegative(),
  sampleMs: z.number().positive(),
  end: z.enum(['savepoint', 'cancel']),
  /** The failures asked for, their plan and the recovery limits (bench/run/runOptions.ts). */
  failures: record.optional(),
  workload: record,
  initialState: z.enum(['prefilled', 'empty']),
  probeMs: z.number().nonnegative(),
  autoRate: record.optional(),
  jobArgs: z.array(z.string()),
  /** Full or incremental, and whether the job or the cluster's default said so. */
  checkpointType: z.strictObject({ type: z.enum(['full', 'incremental']), from: z.enum(['job', 'cluster default']) }).optional(),
  cluster: record.optional(),
});

export const runFileSchema = z.strictObject({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  runId: z.string().optional(),
  status: z.enum(['running', 'complete', 'failed', 'interrupted']),
  error: z.string().optional(),
  startedAt: z.string(),
  config: runConfigSchema,
  versions: z.strictObject({ flink: z.string().optional(), node: z.string(), project: z.string() }),
  environment: record,
  jobId: z.string().optional(),
  samples: z.array(sampleSchema),
  sampleGaps: z.array(sampleGapSchema).optional(),
  checkpoints: z.array(checkpointRecordSchema),
  cpu: z.strictObject({ source: z.string(), samples: z.array(cpuSampleSchema) }).optional(),
  notInjected: z.string().optional(),
  summary: summarySchema,
});

export type RunFileFields = z.output<typeof runFileSchema>;

/**
 * Version 1 → 2. Runs before 2026-12-01 do not say whether their checkpoints were full or incremental:
 * that is derived as the writer does now (the job's --incremental, else the cluster's default).
 */
export function upgradeRunV1toV2(doc: Record<string, unknown>): Record<string, unknown> {
  const config = (doc.config ?? {}) as Record<string, unknown>;
  const workload = (config.workload ?? {}) as Record<string, unknown>;
  const incremental = typeof workload.incremental === 'boolean' ? workload.incremental : undefined;
  const checkpointType = config.checkpointType ?? checkpointTypeOf(incremental, config.cluster as Record<string, unknown> | undefined);
  return { ...doc, schemaVersion: 2, config: { ...config, ...(checkpointType === undefined ? {} : { checkpointType }) } };
}

/** A run.json's content, upgraded to this version and checked; the error names the file, the path and the problem. */
export const parseRunFile = (json: unknown, file: string): RunFileFields =>
  parseVersionedFile({ what: 'a run.json', schema: runFileSchema, version: RUN_SCHEMA_VERSION, upgrades: { 1: upgradeRunV1toV2 } }, json, file);
