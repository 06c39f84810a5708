/** The user's limits for the advisor, parsed from flags before anything is read or run (pure). */
import { DurationError, parseDurationMs } from '../lib/duration.js';

export interface Limits {
  readonly maxRecoveryMs: number;
  readonly maxP99Ms: number;
  /** Capacity lost to checkpointing, % of the baseline's capacity (the capacity probe). */
  readonly maxOverheadPct: number;
  /** Mean time between failures, for the optimum T* (and Young's and Daly's classic forms). */
  readonly mtbfMs?: number;
}

export const DEFAULT_LIMITS: Limits = { maxRecoveryMs: 60_000, maxP99Ms: 500, maxOverheadPct: 5 };

export class LimitError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LimitError';
  }
}

function duration(flag: string, text: string): number {
  try {
    const ms = parseDurationMs(flag, text);
    if (ms <= 0) throw new DurationError(flag, text, 'more than 0');
    return ms;
  } catch (e) {
    throw new LimitError(`Invalid ${flag}: '${text}'. Allowed: a duration above 0 with a unit ms, s, m or h, e.g. 60s, 500ms, 24h.`, { cause: e });
  }
}

function percent(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const v = m ? Number(m[1]) : NaN;
  if (!(v > 0 && v <= 100)) throw new LimitError(`Invalid ${flag}: '${text}'. Allowed: a percentage above 0 and at most 100, e.g. 5%.`);
  return v;
}

/** --max-recovery, --max-p99, --max-overhead, --mtbf; unset ones take DEFAULT_LIMITS. */
export function parseLimits(flags: Readonly<Record<string, string | boolean | undefined>>): Limits {
  const text = (k: string) => (typeof flags[k] === 'string' ? flags[k] : undefined);
  const rec = text('max-recovery');
  const p99 = text('max-p99');
  const ovh = text('max-overhead');
  const mtbf = text('mtbf');
  return {
    maxRecoveryMs: rec === undefined ? DEFAULT_LIMITS.maxRecoveryMs : duration('--max-recovery', rec),
    maxP99Ms: p99 === undefined ? DEFAULT_LIMITS.maxP99Ms : duration('--max-p99', p99),
    maxOverheadPct: ovh === undefined ? DEFAULT_LIMITS.maxOverheadPct : percent('--max-overhead', ovh),
    mtbfMs: mtbf === undefined ? undefined : duration('--mtbf', mtbf),
  };
}
