/** Small order statistics over samples. */

/** The q-quantile (0..1) with linear interpolation; undefined for no values. */
export function quantile(values: readonly number[], q: number): number | undefined {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number | undefined {
  return quantile(values, 0.5);
}

export function max(values: readonly number[]): number | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length === 0 ? undefined : Math.max(...xs);
}

export function mean(values: readonly number[]): number | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
}
