/** The checkpoint directory's write bandwidth on its own: a sequential write with fsync (METHOD.md's disk bound). */
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';

export interface WriteBandwidth {
  readonly directory: string;
  readonly bytes: number;
  readonly ms: number;
  readonly writeBytesPerSec: number;
}

/** Writes `bytes` of random data in 8 MiB chunks to a scratch file in `dir`, fsyncs, and removes it. */
export function measureWriteBandwidth(dir: string, bytes = 256 * 2 ** 20): WriteBandwidth {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `.ckpt-lab-bandwidth-${process.pid}`);
  const chunk = randomFillSync(Buffer.alloc(8 * 2 ** 20));
  const started = process.hrtime.bigint();
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(path, { force: true });
  return { directory: dir, bytes, ms, writeBytesPerSec: (bytes * 1000) / ms };
}
