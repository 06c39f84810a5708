/** When an interval ran as labelled (METHOD.md): the one rule the bench and the analysis both apply. */

/** Checkpoints this much further apart than asked mean the job never ran at the interval. */
export const SATURATION_RATIO = 1.1;

/**
 * Saturated: checkpoints ran more than 1.1 × T apart, any failed or was declined, or the median one took
 * longer than T — Flink fires missed triggers at once, so back-to-back checkpoints can keep a mean
 * spacing near T (981 ms at 1 s, measured).
 */
export function isSaturated(c: {
  readonly intervalMs: number;
  readonly effectiveIntervalMs?: number;
  readonly checkpointsFailed: number;
  readonly medianDurationMs?: number;
}): boolean {
  return (
    c.checkpointsFailed > 0 ||
    c.effectiveIntervalMs === undefined ||
    c.effectiveIntervalMs > SATURATION_RATIO * c.intervalMs ||
    (c.medianDurationMs !== undefined && c.medianDurationMs >= c.intervalMs)
  );
}
