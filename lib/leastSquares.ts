/** The one straight-line least-squares fit (pure): the probe's slope, the lag's slope, the model's a + c/T. */

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
