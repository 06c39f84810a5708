import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureWriteBandwidth } from './diskBandwidth.js';

describe('the checkpoint directory write bandwidth', () => {
  it('times a synced sequential write of the requested size and leaves nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bw-'));
    const bw = measureWriteBandwidth(dir, 16 * 2 ** 20);
    expect(bw.bytes).toBe(16 * 2 ** 20);
    expect(bw.ms).toBeGreaterThan(0);
    expect(bw.writeBytesPerSec).toBeCloseTo((bw.bytes * 1000) / bw.ms, 6);
    expect(readdirSync(dir)).toEqual([]);
  });
});
