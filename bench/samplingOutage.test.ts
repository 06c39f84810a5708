import { describe, expect, it } from 'vitest';
import { SamplingOutage } from './samplingOutage.js';

describe('SamplingOutage', () => {
  it('retries single failed reads and keeps each as a gap', () => {
    const o = new SamplingOutage(30_000);
    expect(o.failed(new Error('ECONNRESET'), 1_000)).toBe('retry');
    o.succeeded();
    expect(o.failed(new Error('timeout of 10000ms exceeded'), 50_000)).toBe('retry');
    o.succeeded();
    expect(o.gaps).toEqual([
      { atMs: 1_000, error: 'ECONNRESET' },
      { atMs: 50_000, error: 'timeout of 10000ms exceeded' },
    ]);
  });

  it('gives up only when reads have failed for the whole limit without a success', () => {
    const o = new SamplingOutage(30_000);
    expect(o.failed('503', 10_000)).toBe('retry');
    expect(o.failed('503', 25_000)).toBe('retry');
    expect(o.sinceMs).toBe(10_000);
    expect(o.failed('503', 40_000)).toBe('sustained');
    // A success in between starts the count again.
    const p = new SamplingOutage(30_000);
    p.failed('503', 10_000);
    p.succeeded();
    expect(p.failed('503', 39_000)).toBe('retry');
  });
});
