/** An interval's aggregate typed in by hand, priced in CPU-seconds (±0.1), for the predict and size-model tests. */
import type { Estimate } from '../lib/confidence.js';
import { FIGURES, type FigureName, type IntervalAggregate } from './aggregate.js';

const none = Object.fromEntries(FIGURES.map((f) => [f, { n: 0 }])) as Record<FigureName, Estimate>;

export const pricedInterval = (intervalMs: number, price: number, durationMs: number, bytes: number): IntervalAggregate => ({
  intervalMs,
  runs: 1,
  failures: 0,
  notCaughtUp: 0,
  inputRate: 5_000,
  figures: { ...none, checkpointDurationMs: { n: 1, median: durationMs }, checkpointedBytes: { n: 1, median: bytes } },
  overhead: {
    capacityLossPct: { n: 20 },
    probeCapacityLossPct: { n: 1 },
    throughputLossPct: { n: 1 },
    p99IncreaseMs: { n: 1 },
    price: { cpuSecondsPerCheckpoint: { n: 20, mean: price, ciLow: price - 0.1, ciHigh: price + 0.1 } },
  },
});
