/** Where failures go in a run: validated and placed before anything starts (pure). */

export type FailureKind = 'tm-kill' | 'task-failure';
export const FAILURE_KINDS: readonly FailureKind[] = ['tm-kill', 'task-failure'];

export interface FailureOptions {
  readonly kind: FailureKind;
  readonly count: number;
  /** 'random': a uniform phase per failure (recorded); a number: that phase of the cycle, 0..1. */
  readonly phase: 'random' | number;
  /** How long a killed TaskManager stays down before its supervisor starts it again. */
  readonly tmRestartDelayMs: number;
}

export interface PlannedFailure {
  /** Not before this time; then at `phase` of the next checkpoint cycle (or at once without checkpoints). */
  readonly notBeforeMs: number;
  readonly phase: number;
}

/** Time a failure needs besides the interval: detection, restart and catch-up on this machine. */
export const RECOVERY_ALLOWANCE_MS = 45_000;

/** Source lag under this, continuously for healthGateMs, lets a failure be injected (METHOD.md). */
export const HEALTHY_LAG_MS = 1_000;

/** How long the job must have been healthy before a failure: max(20 s, 2·T), so a failure never lands on a backlog. */
export function healthGateMs(intervalMs: number): number {
  return Math.max(20_000, 2 * intervalMs);
}

/** The shortest gap between failures: the health gate, up to two cycles to reach the phase, then recovery. */
export function minFailureSpacingMs(intervalMs: number, tmRestartDelayMs: number): number {
  return healthGateMs(intervalMs) + 2 * intervalMs + RECOVERY_ALLOWANCE_MS + tmRestartDelayMs;
}

/**
 * Whether the health gate holds at `nowMs`: every sample of the last `gateMs` RUNNING with source lag
 * under HEALTHY_LAG_MS, and samples reaching back to the gate's start (no gap passes for health).
 */
export function healthGateHolds(
  samples: readonly { readonly atMs: number; readonly sourceLagMs?: number; readonly jobState: string }[],
  nowMs: number,
  gateMs: number,
  sampleMs: number,
): boolean {
  const since = nowMs - gateMs;
  const span = samples.filter((s) => s.atMs >= since - sampleMs);
  if (span.length === 0 || span[0]!.atMs > since + sampleMs) return false;
  return span.every((s) => s.jobState === 'RUNNING' && s.sourceLagMs !== undefined && s.sourceLagMs < HEALTHY_LAG_MS);
}

export class FailurePlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FailurePlanError';
  }
}

/**
 * Spreads `count` failures evenly over the measured window [startMs + warmupMs, + durationMs).
 * @throws FailurePlanError when they do not fit, saying how long the run must be
 */
export function planFailures(
  options: FailureOptions,
  window: { readonly startMs: number; readonly warmupMs: number; readonly durationMs: number; readonly intervalMs: number },
  random: () => number = Math.random,
): PlannedFailure[] {
  if (!Number.isInteger(options.count) || options.count < 1) {
    throw new FailurePlanError(`Invalid --failures: '${options.count}'. Allowed: an integer of at least 1.`);
  }
  if (typeof options.phase === 'number' && !(options.phase >= 0 && options.phase <= 1)) {
    throw new FailurePlanError(`Invalid --failure-phase: '${options.phase}'. Allowed: random, or a number from 0 to 1.`);
  }
  const spacing = window.durationMs / options.count;
  const needed = minFailureSpacingMs(window.intervalMs, options.tmRestartDelayMs);
  if (spacing < needed) {
    throw new FailurePlanError(
      `${options.count} failures do not fit in --duration ${window.durationMs / 1000}s: each needs ${needed / 1000}s ` +
        `(${healthGateMs(window.intervalMs) / 1000}s of health gate, two checkpoint intervals to reach its phase, ${RECOVERY_ALLOWANCE_MS / 1000}s to recover${options.tmRestartDelayMs ? ', the TaskManager restart delay' : ''}). ` +
        `Allowed: --duration of at least ${(needed * options.count) / 1000}s, or fewer failures.`,
    );
  }
  return Array.from({ length: options.count }, (_, k) => ({
    notBeforeMs: window.startMs + window.warmupMs + Math.round(k * spacing),
    phase: options.phase === 'random' ? Math.round(random() * 1000) / 1000 : options.phase,
  }));
}

/** The moment a phase-aimed failure fires: the first cycle start at or after `notBeforeMs`, plus the phase. */
export function aimInCycle(lastTriggerMs: number, intervalMs: number, notBeforeMs: number, phase: number, nowMs: number): number {
  const earliest = Math.max(notBeforeMs, nowMs);
  const cycles = Math.max(0, Math.ceil((earliest - lastTriggerMs) / intervalMs));
  let at = lastTriggerMs + cycles * intervalMs + phase * intervalMs;
  while (at < nowMs) at += intervalMs;
  return Math.round(at);
}
