import { describe, expect, it } from 'vitest';
import { sourceAtFailure } from './runFailure.js';

describe('the source at a failure', () => {
  it('takes the last lag and the last change of position before the failure, never a restarted source’s', () => {
    // REST refreshes each second: the position changes every ~5 readings. The failure is at 10,000 ms;
    // the readings after it show the restarted source (resumed lower, lag growing).
    const readings = [
      { atMs: 9_000, position: 90_000, lagMs: 20 },
      { atMs: 9_200, position: 90_000, lagMs: 25 },
      { atMs: 9_400, position: 93_000, lagMs: 30 },
      { atMs: 9_600, position: 93_000, lagMs: 35 },
      { atMs: 9_800, position: 93_000, lagMs: 40 },
      { atMs: 10_200, position: 80_000, lagMs: 3_500 },
      { atMs: 10_400, position: 80_000, lagMs: 3_700 },
    ];
    expect(sourceAtFailure(readings, 10_000)).toEqual({ position: { position: 93_000, atMs: 9_400 }, lagMs: 40 });
    // Nothing read before the failure: nothing observed.
    expect(sourceAtFailure(readings.slice(5), 10_000)).toEqual({ position: undefined, lagMs: undefined });
  });
});
