/**
 * The calibration advise takes from a sweep, read from a committed real sweep and checked against that sweep's
 * per-interval medians as its report prints them (docs/measurements/repeat-and-validate-2026-12-03/sweep,
 * `npx tsx scripts/sweepTable.ts` and run.json: detection 429 / 477 / 1,047 ms and restart 4,676 / 4,219 / 3,673 ms at
 * 1 s / 5 s / 30 s; drain rate after the restore 23,517 / 31,779 / 36,475 events/s against Flink's busy-time capacity
 * 18,697 / 35,945 / 53,850 in the same cells: ratios 1.258, 0.884, 0.677).
 */
import { describe, expect, it } from 'vitest';
import { readCalibration } from './calibration.js';
import { AdviceRefused } from './chooseJob.js';

const SWEEP = 'docs/measurements/repeat-and-validate-2026-12-03/sweep';

describe('advise --calibration <sweep>', () => {
  it('takes the medians over the intervals, and the drain ratio over μ by busy time, the μ advise itself sees', () => {
    const c = readCalibration(SWEEP);
    expect(c.source).toBe(`the sweep ${SWEEP} (realistic, 200,000 bidders)`);
    expect(c.detectionMs).toBeCloseTo(477, -1);
    expect(c.restartMs).toBeCloseTo(4_219, -1);
    // Over the probe's capacity (the sweep's own ρ) it would be 0.68: 31,779 / 46,449 … 36,475 / 50,622.
    expect(c.drainRatio).toBeCloseTo(0.884, 2);
  });

  it('refuses a folder without a sweep.json, naming what is allowed', () => {
    expect(() => readCalibration('docs/measurements')).toThrow(AdviceRefused);
    expect(() => readCalibration('docs/measurements')).toThrow(
      "--calibration docs/measurements: no sweep.json there. Allowed: a sweep's folder or its sweep.json.",
    );
  });
});
