/**
 * Reading a versioned JSON result file (run.json, sweep.json, environment.json): refuse what is no
 * object or a newer (or unknown) version, upgrade an older one through one named function per step,
 * then check it with its zod schema. Every error names the file, the path and the problem.
 */
import type * as z from 'zod';

export type Upgrade = (doc: Record<string, unknown>) => Record<string, unknown>;

export interface VersionedFormat<S extends z.ZodType> {
  /** "a run.json" — for the message on a value that is no object. */
  readonly what: string;
  readonly schema: S;
  /** The version this program writes; a file without schemaVersion is version 1. */
  readonly version: number;
  /** upgrades[v] takes a version-v document to v + 1. */
  readonly upgrades: Readonly<Record<number, Upgrade>>;
}

/** "cells[3].status" from ['cells', 3, 'status']. */
export const pathText = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('') || '(the document)';

export function parseVersionedFile<S extends z.ZodType>(format: VersionedFormat<S>, json: unknown, file: string): z.output<S> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${file} is not ${format.what}: not a JSON object.`);
  let doc = json as Record<string, unknown>;
  const version = doc.schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > format.version) {
    throw new Error(
      `${file} has schemaVersion ${JSON.stringify(version)}; this ckpt-lab reads versions 1 to ${format.version} (a newer one needs a newer ckpt-lab).`,
    );
  }
  for (let v = version; v < format.version; v++) {
    const step = format.upgrades[v];
    if (!step) throw new Error(`${file}: no upgrade from schemaVersion ${v} to ${v + 1}.`);
    doc = step(doc);
  }
  const parsed = format.schema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknownKey = issue.code === 'unrecognized_keys';
    const where = pathText(unknownKey ? [...issue.path, issue.keys[0]!] : issue.path);
    throw new Error(`${file}: ${where}: ${unknownKey ? 'not a key of this schema' : issue.message}.`);
  }
  return parsed.data;
}
