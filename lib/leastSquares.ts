/** The one straight-line least-squares fit (pure): the probe's slope, the lag's slope, the model's a + c/T. */
import { tQuantile975, type Predicted } from './confidence.js';

export interface LineFit {
  readonly intercept: number;
  readonly slope: number;
  readonly n: number;
  /** Share of the variance of y explained; undefined when y does not vary. */
  readonly r2?: number;
}

/** y ≈ intercept + slope · x over the pairs; undefined with fewer than two distinct x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit | undefined {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return undefined;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]! / n;
    my += ys[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - (intercept + slope * xs[i]!)) ** 2;
  return { intercept, slope, n, r2: syy > 0 ? 1 - sse / syy : undefined };
}

/**
 * The line's value at x0 for one new observation, with its 95 % prediction interval (pure):
 * ŷ ± t(n−2)·s·√(1 + 1/n + (x0 − x̄)²/Sxx), s the residuals' standard error. Two points fit exactly and
 * leave no degree of freedom: then no interval.
 */
export function predictOnLine(xs: readonly number[], ys: readonly number[], x0: number): Predicted | undefined {
  const fit = fitLine(xs, ys);
  if (!fit) return undefined;
  const n = fit.n;
  const value = fit.intercept + fit.slope * x0;
  if (n < 3) return { value };
  const mx = xs.slice(0, n).reduce((s, x) => s + x, 0) / n;
  const sxx = xs.slice(0, n).reduce((s, x) => s + (x - mx) ** 2, 0);
  const sse = xs.slice(0, n).reduce((s, x, i) => s + (ys[i]! - (fit.intercept + fit.slope * x)) ** 2, 0);
  const half = tQuantile975(n - 2) * Math.sqrt(sse / (n - 2)) * Math.sqrt(1 + 1 / n + (x0 - mx) ** 2 / sxx);
  return { value, low: value - half, high: value + half };
}

/**
 * The least-squares line's value at x0 as a weighted sum of the ys (pure): ŷ(x0) = Σ wᵢ·yᵢ with
 * wᵢ = 1/n + (x0 − x̄)(xᵢ − x̄)/Sxx. The weights carry each y's own uncertainty to ŷ (Σ (wᵢ·hᵢ)²), and
 * grow past the measured range — an extrapolation is as uncertain as its weights say. Undefined with
 * fewer than two distinct x.
 */
export function lineWeightsAt(xs: readonly number[], x0: number): number[] | undefined {
  const n = xs.length;
  if (n < 2) return undefined;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return undefined;
  return xs.map((x) => 1 / n + ((x0 - mx) * (x - mx)) / sxx);
}

/** y ≈ a·u + b·v through the origin (two regressors, no intercept). */
export interface TwoRegressorFit {
  readonly a: number;
  readonly b: number;
  readonly n: number;
}

/**
 * Least squares for y ≈ a·u + b·v (pure): the 2×2 normal equations. Undefined with fewer than two
 * points, or when u and v are proportional (the two parts cannot be told apart).
 */
export function fitTwoRegressors(us: readonly number[], vs: readonly number[], ys: readonly number[]): TwoRegressorFit | undefined {
  const n = Math.min(us.length, vs.length, ys.length);
  if (n < 2) return undefined;
  let suu = 0;
  let svv = 0;
  let suv = 0;
  let suy = 0;
  let svy = 0;
  for (let i = 0; i < n; i++) {
    suu += us[i]! ** 2;
    svv += vs[i]! ** 2;
    suv += us[i]! * vs[i]!;
    suy += us[i]! * ys[i]!;
    svy += vs[i]! * ys[i]!;
  }
  const det = suu * svv - suv * suv;
  // Relative to the scale of the sums: u and v nearly proportional leave the fit undetermined.
  if (!(Math.abs(det) > 1e-9 * suu * svv)) return undefined;
  return { a: (suy * svv - svy * suv) / det, b: (svy * suu - suy * suv) / det, n };
}
