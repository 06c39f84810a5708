/** Medians and 95 % confidence intervals over repeats (Student t-interval around the mean). */
import { mean, median } from '../lib/stats.js';

/** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond. */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(degreesOfFreedom: number): number {
  return degreesOfFreedom >= 1 && degreesOfFreedom <= 30 ? T_975[degreesOfFreedom - 1]! : 1.96;
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
