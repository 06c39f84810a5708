/** Medians and 95 % confidence intervals over repeats (Student t-interval around the mean). */
import jstat from 'jstat';
import { mean, median } from './stats.js';

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

/** A difference of two means with its 95 % Welch interval (unequal variances, Welch–Satterthwaite degrees of freedom). */
export interface Difference {
  readonly difference: number;
  readonly ciLow?: number;
  readonly ciHigh?: number;
  readonly degreesOfFreedom?: number;
}

/** mean(a) − mean(b) and its Welch t-interval: the interval carries both samples' variance (n ≥ 2 each). */
export function welchDifference(a: readonly number[], b: readonly number[]): Difference | undefined {
  const ma = mean(a);
  const mb = mean(b);
  if (ma === undefined || mb === undefined) return undefined;
  const difference = ma - mb;
  if (a.length < 2 || b.length < 2) return { difference };
  const va = a.reduce((s, x) => s + (x - ma) ** 2, 0) / (a.length - 1) / a.length;
  const vb = b.reduce((s, x) => s + (x - mb) ** 2, 0) / (b.length - 1) / b.length;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, ciLow: difference, ciHigh: difference };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = tQuantile975(df) * se;
  return { difference, ciLow: difference - half, ciHigh: difference + half, degreesOfFreedom: df };
}

/**
 * One quantity measured several times with unequal precision (e.g. the price of one checkpoint at
 * several intervals): the means weighted by the inverse square of their 95 % half-widths, and the pooled
 * half-width 1 / √(Σ 1/half²). Without any interval: the median of the means, with none.
 */
export function pooledEstimate(estimates: readonly Estimate[]): Estimate | undefined {
  const weighted = estimates.flatMap((e) =>
    e.mean !== undefined && e.ciLow !== undefined && e.ciHigh !== undefined && e.ciHigh > e.ciLow
      ? [{ m: e.mean, w: 1 / ((e.ciHigh - e.ciLow) / 2) ** 2 }]
      : [],
  );
  const n = estimates.reduce((s, e) => s + e.n, 0);
  if (weighted.length === 0) {
    const m = median(estimates.flatMap((e) => (e.mean !== undefined ? [e.mean] : [])));
    return m === undefined ? undefined : { n, median: m, mean: m };
  }
  const w = weighted.reduce((s, x) => s + x.w, 0);
  const m = weighted.reduce((s, x) => s + x.m * x.w, 0) / w;
  const half = 1 / Math.sqrt(w);
  return { n, median: m, mean: m, ciLow: m - half, ciHigh: m + half };
}

/** A value predicted for one new measurement, with its 95 % prediction interval where the data give one. */
export interface Predicted {
  readonly value: number;
  readonly low?: number;
  readonly high?: number;
}

/**
 * One more measurement of a quantity measured `values` times (pure): their mean, and the 95 % prediction
 * interval mean ± t(k−1)·sd·√(1 + 1/k) — wider than the mean's confidence interval by the new one's own
 * spread. No interval from fewer than two values.
 */
export function predictOneMore(values: readonly number[]): Predicted | undefined {
  const k = values.length;
  const m = mean(values);
  if (m === undefined) return undefined;
  if (k < 2) return { value: m };
  const sd = Math.sqrt(values.reduce((s, x) => s + (x - m) ** 2, 0) / (k - 1));
  const half = tQuantile975(k - 1) * sd * Math.sqrt(1 + 1 / k);
  return { value: m, low: m - half, high: m + half };
}
