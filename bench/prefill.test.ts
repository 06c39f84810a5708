import { describe, expect, it } from 'vitest';
import { keyDifferences, prefillDirName, prefillKey } from './prefill.js';
import { nominalStateBytes } from '../workload/stateSize.js';

describe('the prefilled state cache key', () => {
  it('is (bidders, state mode, seed, max parallelism), defaults filled in from the parameter table', () => {
    const k = prefillKey({ bidders: 20_000, stateMode: 'hybrid', rate: 999, checkpointIntervalMs: 5_000 });
    expect(k).toEqual({ bidders: 20_000, stateMode: 'hybrid', seed: 42, maxParallelism: 128 });
    // Rate and interval do not change the state: every cell of a sweep shares one savepoint.
    expect(prefillDirName(prefillKey({ bidders: 20_000, stateMode: 'hybrid', rate: 1 }))).toBe(prefillDirName(k));
    expect(prefillDirName(k)).toBe('prefill-hybrid-20000b-seed42-mp128');
  });

  it('names every parameter that differs, so a mismatched cache is refused with the reason', () => {
    const k = prefillKey({ bidders: 20_000, stateMode: 'hybrid' });
    expect(keyDifferences(k, k)).toEqual([]);
    expect(keyDifferences(k, { ...k, bidders: 10_000, seed: 7 })).toEqual(['bidders 10000 ≠ 20000', 'seed 7 ≠ 42']);
  });

  it('sizes the nominal state as bidders × the mode’s mean bytes', () => {
    expect(nominalStateBytes({ bidders: 1_000, stateMode: 'realistic' })).toBe(1_024_000);
    expect(nominalStateBytes({ bidders: 10, stateMode: 'hybrid' })).toBeCloseTo(10 * (0.8 * 1024 + 0.2 * 51_200), 6);
    expect(nominalStateBytes({ bidders: 3_000_000, stateMode: 'bigstate' })).toBeCloseTo(3_000_000 * 110 * 1024, 0);
  });
});
