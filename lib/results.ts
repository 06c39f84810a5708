/** Where a run's results go, written atomically so an interrupted run keeps what it had. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A sortable, readable run id: 2026-11-27T02-31-05Z-5s. */
export function runId(startedAtMs: number, label: string): string {
  return `${new Date(startedAtMs)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}-${label}`;
}

/** Writes `data` as JSON to `dir/name` via a temporary file and a rename. */
export function writeJsonAtomic(dir: string, name: string, data: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  renameSync(tmp, path);
  return path;
}
