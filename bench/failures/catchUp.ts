/**
 * When to stop waiting for a catch-up (pure). A job whose spare capacity is small drains its backlog
 * slowly or not at all; that is a result to record — *not caught up*, with the drain rate and a
 * projected catch-up time — not an error. See METHOD.md.
 */
import { fitLine } from '../../lib/leastSquares.js';

/** The source lag at one poll, after the restarted source first reported. */
export interface LagPoint {
  readonly atMs: number;
  readonly lagMs: number;
}

export interface CatchUpPolicy {
  /** Not caught up when the lag has not fallen over this long. */
  readonly stallWindowMs: number;
  /**
   * The slowest drain waited for, as a share of the input rate: the catch-up limit is the time the
   * largest backlog seen takes at that drain (lag ÷ share), so it scales with the backlog.
   */
  readonly minDrainShare: number;
  /** The catch-up limit is never shorter than this. */
  readonly minLimitMs: number;
}

export const DEFAULT_CATCH_UP_POLICY: CatchUpPolicy = { stallWindowMs: 30_000, minDrainShare: 0.05, minLimitMs: 120_000 };

/** The lag has "fallen" from its peak once it is under this share of it (a poll's noise is not a fall). */
const FALLEN_SHARE = 0.98;

/** Why the bench stopped waiting. */
export type NotCaughtUpReason = 'stalled' | 'too-slow' | 'limit';

export interface NotCaughtUp {
  readonly reason: NotCaughtUpReason;
  /** When the bench stopped waiting, and the source lag then. */
  readonly stoppedAtMs: number;
  readonly lagAtStopMs: number;
  /** μ − λ while catching up: the events/s the backlog shrank by (≤ 0: it did not shrink). */
  readonly drainEventsPerSec?: number;
  /** Running again → caught up, had the drain gone on; undefined when it does not drain. */
  readonly projectedCatchUpMs?: number;
  readonly catchUpLimitMs: number;
}

/** The catch-up limit for a backlog of `maxLagMs` of input: at least policy.minLimitMs. */
export function catchUpLimitMs(maxLagMs: number, policy: CatchUpPolicy): number {
  return Math.max(policy.minLimitMs, Math.round(maxLagMs / policy.minDrainShare));
}

/** Least-squares slope of lag over time (ms of lag per ms); undefined for fewer than 2 distinct times. */
export function lagSlope(points: readonly LagPoint[]): number | undefined {
  return fitLine(
    points.map((p) => p.atMs),
    points.map((p) => p.lagMs),
  )?.slope;
}

/** The lag around a moment: the median of the points within ±halfMs, to ride out one noisy poll. */
function lagNear(points: readonly LagPoint[], atMs: number, halfMs: number): number | undefined {
  const near = points
    .filter((p) => Math.abs(p.atMs - atMs) <= halfMs)
    .map((p) => p.lagMs)
    .sort((a, b) => a - b);
  return near.length === 0 ? undefined : near[Math.floor(near.length / 2)];
}

/** The point of highest lag (the latest of equals): where the restore stopped piling up backlog. */
function peakOf(points: readonly LagPoint[]): LagPoint {
  return points.reduce((best, p) => (p.lagMs >= best.lagMs ? p : best), points[0]!);
}

/**
 * The drain and its projection from the points since the lag's peak (before it the restore still
 * piles up backlog): the lag falls by (μ − λ)/λ ms per ms, so μ − λ = −slope·λ.
 */
export function drainSincePeak(
  points: readonly LagPoint[],
  runningAgainAtMs: number,
  rate: number,
): Pick<NotCaughtUp, 'drainEventsPerSec' | 'projectedCatchUpMs'> {
  if (points.length === 0) return {};
  const peak = peakOf(points);
  const falling = points.filter((p) => p.atMs >= peak.atMs);
  const slope = lagSlope(falling.length >= 3 ? falling : points);
  if (slope === undefined) return {};
  const last = points[points.length - 1]!;
  return {
    drainEventsPerSec: Math.round(-slope * rate),
    projectedCatchUpMs: slope < 0 ? Math.round(last.atMs - runningAgainAtMs + last.lagMs / -slope) : undefined,
  };
}

/**
 * Whether to stop waiting: `undefined` to go on, else why and what was measured. Judged from the
 * lag's peak: before it the restore still piles up backlog, and a rising lag is no stall.
 * - stalled: a whole window after its peak the lag has not fallen from it, or it has only risen for two windows;
 * - too-slow: a window of falling lag projects a catch-up beyond the limit;
 * - limit: the limit has passed.
 */
export function judgeCatchUp(
  points: readonly LagPoint[],
  runningAgainAtMs: number,
  nowMs: number,
  rate: number,
  policy: CatchUpPolicy,
): NotCaughtUp | undefined {
  if (points.length === 0) return undefined;
  const last = points[points.length - 1]!;
  const peak = peakOf(points);
  const limitMs = catchUpLimitMs(peak.lagMs, policy);
  const drain = drainSincePeak(points, runningAgainAtMs, rate);
  const verdict = (reason: NotCaughtUpReason): NotCaughtUp => ({ reason, stoppedAtMs: nowMs, lagAtStopMs: last.lagMs, ...drain, catchUpLimitMs: limitMs });
  const smoothMs = Math.min(2_500, policy.stallWindowMs / 10);
  // When the lag first came near its peak: a flat lag keeps its peak, and stalls from then.
  const nearPeakSince = points.find((p) => p.lagMs >= FALLEN_SHARE * peak.lagMs)!.atMs;
  const now = lagNear(points, last.atMs, smoothMs);
  if (last.atMs - nearPeakSince >= policy.stallWindowMs && now !== undefined && now >= FALLEN_SHARE * peak.lagMs) return verdict('stalled');
  // A lag that has only risen for two windows (its peak is now) never turned: input above what the job can do.
  if (last.atMs - points[0]!.atMs >= 2 * policy.stallWindowMs && last.atMs - peak.atMs <= smoothMs) return verdict('stalled');
  if (last.atMs - peak.atMs >= policy.stallWindowMs) {
    const projected = drain.projectedCatchUpMs;
    if (projected !== undefined && projected > limitMs) return verdict('too-slow');
  }
  if (nowMs - runningAgainAtMs > limitMs) return verdict('limit');
  return undefined;
}
