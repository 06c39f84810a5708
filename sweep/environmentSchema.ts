/**
 * environment.json's schema (zod, strict): what a sweep ran on — versions, the host, the settings it
 * recorded and their hash, the checkpoint storage's measured bandwidth. `schemaVersion` numbers the
 * format; an older file is upgraded one named step at a time, a newer one refused.
 */
import * as z from 'zod';
import { parseVersionedFile } from '../lib/versionedFile.js';
import { preparationSchema, recordedSettingsSchema } from './sweepSchema.js';

/** 1: no schemaVersion (written before 2026-12-02); 2: with it. */
export const ENVIRONMENT_SCHEMA_VERSION = 2;

export const environmentSchema = z.strictObject({
  schemaVersion: z.literal(ENVIRONMENT_SCHEMA_VERSION),
  versions: z.strictObject({
    /** What the clusters' REST APIs reported (or "not yet known"). */
    flink: z.string(),
    java: z.string().optional(),
    node: z.string(),
    project: z.string(),
    gitCommit: z.string().optional(),
  }),
  host: z.strictObject({
    hostname: z.string(),
    kernel: z.string(),
    cpus: z.number().int().positive(),
    cpuModel: z.string().optional(),
    memoryBytes: z.number().positive(),
    diskTotalBytes: z.number().nonnegative().optional(),
    diskFreeBytes: z.number().nonnegative().optional(),
  }),
  config: recordedSettingsSchema,
  configHash: z.string(),
  checkpointStorage: preparationSchema.shape.storage,
});

export type EnvironmentManifest = z.output<typeof environmentSchema>;

/** Version 1 → 2: the same fields (the earliest files lack the disk's sizes, which are optional); the version is written down. */
export const upgradeEnvironmentV1toV2 = (doc: Record<string, unknown>): Record<string, unknown> => ({ ...doc, schemaVersion: 2 });

/** An environment.json's content, upgraded to this version and checked; the error names the file, the path and the problem. */
export const parseEnvironmentFile = (json: unknown, file: string): EnvironmentManifest =>
  parseVersionedFile(
    { what: 'an environment.json', schema: environmentSchema, version: ENVIRONMENT_SCHEMA_VERSION, upgrades: { 1: upgradeEnvironmentV1toV2 } },
    json,
    file,
  );
