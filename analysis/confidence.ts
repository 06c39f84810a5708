/** Medians and 95 % confidence intervals over repeats (Student t-interval around the mean). */
import jstat from 'jstat';
import { mean, median } from '../lib/stats.js';

/** The two-sided 95 % quantile of Student's t: exact for every degree of freedom (no jump to 1.96 past 30). */
export function tQuantile975(degreesOfFreedom: number): number {
  return jstat.jStat.studentt.inv(0.975, degreesOfFreedom);
}

/** What the repeats of one figure say: the median, and the 95 % t-interval of the mean (n ≥ 2). */
export interface Estimate {
  readonly n: number;
  readonly median?: number;
  readonly mean?: number;
  readonly ciLow?: number;
  readonly ciHigh?: number;
}

export function estimate(values: readonly (number | undefined)[]): Estimate {
  const xs = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const n = xs.length;
  const m = mean(xs);
  if (n < 2 || m === undefined) return { n, median: median(xs), mean: m };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { n, median: median(xs), mean: m, ciLow: m - half, ciHigh: m + half };
}
