import { describe, expect, it } from 'vitest';
import { abbaOrder, observationCost } from './adviseCpuCost.js';

describe('the observation cost benchmark', () => {
  it('orders windows ABBA BAAB: as many on-windows as off-windows before and after the middle', () => {
    expect(abbaOrder(2)).toEqual([false, true, true, false, true, false, false, true]);
    expect(abbaOrder(1)).toEqual([false, true, true, false]);
  });

  it('takes the cluster’s CPU-s/s with advise minus without, as a share of without, with advise’s own process apart', () => {
    // Off: 60 and 72 CPU-s over 60 s (1.0, 1.2 CPU-s/s); on: 1.1 and 1.3 → +0.1 CPU-s/s, 0.1 / 1.1 = 9.09 %.
    const cost = observationCost([
      { advise: false, wallMs: 60_000, clusterCpuMs: 60_000 },
      { advise: true, wallMs: 60_000, clusterCpuMs: 66_000, adviseCpuMs: 600 },
      { advise: true, wallMs: 60_000, clusterCpuMs: 78_000, adviseCpuMs: 1_200 },
      { advise: false, wallMs: 60_000, clusterCpuMs: 72_000 },
    ])!;
    expect(cost.offCpuPerSec).toEqual([1, 1.2]);
    expect(cost.addedCpuPerSec.difference).toBeCloseTo(0.1, 12);
    // Welch by hand: each mean's variance 0.02 / 2 = 0.01, se √0.02 = 0.1414, df 2, t = 4.3027 → ± 0.6085.
    expect(cost.addedCpuPerSec.degreesOfFreedom).toBeCloseTo(2, 9);
    expect(cost.addedCpuPerSec.ciLow).toBeCloseTo(0.1 - 0.6085, 3);
    expect(cost.addedCpuPerSec.ciHigh).toBeCloseTo(0.1 + 0.6085, 3);
    expect(cost.addedPct.value).toBeCloseTo(9.0909, 3);
    expect(cost.addedPct.high).toBeCloseTo((100 * 0.7085) / 1.1, 1);
    // advise itself: 1.8 CPU-s in 120 s.
    expect(cost.adviseOwnCpuPerSec).toBeCloseTo(0.015, 12);
  });

  it('has no answer without both kinds of window', () => {
    expect(observationCost([{ advise: true, wallMs: 60_000, clusterCpuMs: 60_000 }])).toBeUndefined();
  });
});
