/** Durations as users write them: `500ms`, `5s`, `2m`, `1h`, and `off` for "no checkpointing". */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration string that does not parse; the message says what is allowed. */
export class DurationError extends Error {
  constructor(field: string, value: string, allowed: string) {
    super(`Invalid ${field}: '${value}'. Allowed: ${allowed}.`);
    this.name = 'DurationError';
  }
}

const FORMAT = 'a number with a unit ms, s, m or h, e.g. 500ms, 5s, 2m';

/** Milliseconds in `text` (e.g. `1.5s` → 1500). */
export function parseDurationMs(field: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(text);
  if (!match) throw new DurationError(field, text, FORMAT);
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (!Number.isFinite(ms) || !Number.isInteger(Math.round(ms))) throw new DurationError(field, text, FORMAT);
  return Math.round(ms);
}

/** Flink's smallest checkpoint interval. */
export const MIN_CHECKPOINT_INTERVAL_MS = 10;

/** A checkpoint interval: `off` → 0 (checkpointing off), else at least 10 ms. */
export function parseCheckpointInterval(text: string): number {
  const allowed = `off, or ${FORMAT}, of at least ${MIN_CHECKPOINT_INTERVAL_MS}ms`;
  if (text.trim() === 'off') return 0;
  let ms: number;
  try {
    ms = parseDurationMs('--interval', text);
  } catch {
    throw new DurationError('--interval', text, allowed);
  }
  if (ms < MIN_CHECKPOINT_INTERVAL_MS) throw new DurationError('--interval', text, allowed);
  return ms;
}

/** The shortest readable form: 500ms, 5s, 2m, off. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return 'off';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** A figure in milliseconds where the digits matter (latency, checkpoint spacing): `1,234 ms`. */
export const formatMilliseconds = (ms: number): string => `${Math.round(ms).toLocaleString('en-US')} ms`;

/** A measured time for people: `850 ms`, `26.8 s`, `4.5 min`. */
export function formatElapsedMs(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1_000) return `${Math.round(v)} ms`;
  if (v < 100_000) return `${(v / 1_000).toFixed(1)} s`;
  return `${(v / 60_000).toFixed(1)} min`;
}
