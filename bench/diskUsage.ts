/** How many bytes a directory tree holds on disk (a savepoint, a checkpoint). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(p) : statSync(p).size;
  }
  return total;
}
