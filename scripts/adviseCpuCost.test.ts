import { describe, expect, it } from 'vitest';
import { abbaOrder, isServingThread, observationCost, threadGroup, threadGroupCosts } from './adviseCpuCost.js';

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

  it('groups a JVM’s threads by role and name without their counter, and tells the REST, metric and RPC ones', () => {
    expect(threadGroup('jobmanager', 'flink-rest-serv')).toBe('jobmanager flink-rest-serv');
    expect(threadGroup('taskmanager', 'GC Thread#3')).toBe('taskmanager GC Thread');
    expect(threadGroup('taskmanager', 'flink-metrics-12')).toBe('taskmanager flink-metrics');
    expect(threadGroup('taskmanager', 'rocksdb:low')).toBe('taskmanager rocksdb:low');
    expect(
      ['jobmanager flink-rest-serv', 'taskmanager flink-metrics', 'jobmanager flink-pekko.rem', 'taskmanager rocksdb:low', 'taskmanager C2 CompilerThre'].map(
        isServingThread,
      ),
    ).toEqual([true, true, true, false, false]);
  });

  it('takes each thread group’s CPU with advise minus without, largest change first, and the serving threads’ together', () => {
    // 60 s windows. REST threads: off 0.6 and 1.2 s (0.01, 0.02 CPU-s/s), on 3.0 and 3.6 s (0.05, 0.06): +0.04.
    // RocksDB: off 30 and 36 s (0.5, 0.6), on 27 and 39 s (0.45, 0.65): +0. Metric threads: off 0, 0.6 s (0, 0.01); on 1.2, 1.8 s (0.02, 0.03): +0.02.
    const w = (advise: boolean, rest: number, rocks: number, metrics: number) => ({
      advise,
      wallMs: 60_000,
      clusterCpuMs: rest + rocks + metrics,
      byThreadGroupMs: { 'jobmanager flink-rest-serv': rest, 'taskmanager rocksdb:low': rocks, 'taskmanager flink-metrics': metrics },
    });
    const costs = threadGroupCosts([w(false, 600, 30_000, 0), w(true, 3_000, 27_000, 1_200), w(true, 3_600, 39_000, 1_800), w(false, 1_200, 36_000, 600)]);
    expect(costs.groups.map((g) => g.group)).toEqual(['jobmanager flink-rest-serv', 'taskmanager flink-metrics', 'taskmanager rocksdb:low']);
    expect(costs.groups[0]!.added.difference).toBeCloseTo(0.04, 12);
    expect(costs.groups[1]!.added.difference).toBeCloseTo(0.02, 12);
    expect(costs.groups[2]!.added.difference).toBeCloseTo(0, 12);
    // Serving: off 0.01 + 0 and 0.02 + 0.01 (0.01, 0.03), on 0.05 + 0.02 and 0.06 + 0.03 (0.07, 0.09): +0.06;
    // each mean's variance 0.0002 / 2, se √0.0002 = 0.01414, df 2, t 4.3027 → ± 0.06085.
    expect(costs.serving!.difference).toBeCloseTo(0.06, 12);
    expect(costs.serving!.ciLow).toBeCloseTo(0.06 - 0.06085, 4);
  });
});
