/** The one poll-until-deadline loop: ask, wait, ask again; on timeout, say what was awaited, for how long, and what was last seen. */
import { sleep } from './sleep.js';

export class PollTimeout extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly lastSeen?: string,
  ) {
    super(`Waited ${formatWait(waitedMs)} for ${what}${lastSeen ? `; last seen: ${lastSeen}` : ''}.`);
    this.name = 'PollTimeout';
  }
}

/** Seconds under 2 minutes, else minutes: "45 s", "5 min". */
const formatWait = (ms: number): string => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

export interface PollOptions {
  /** Epoch ms after which the wait fails. */
  readonly deadlineMs: number;
  /** What is awaited, in words that finish "Waited 2 min for …": "the job to run with all tasks". */
  readonly what: string;
  readonly everyMs?: number;
  /** Aborting ends the wait at once with a PollTimeout. */
  readonly signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns a value (not undefined), then returns that value. The probe may call
 * `seen` to say what it found, for the timeout's message; an error it throws ends the wait.
 */
export async function pollUntil<T>(options: PollOptions, probe: (seen: (state: string) => void) => Promise<T | undefined> | T | undefined): Promise<T> {
  const startedAtMs = Date.now();
  let lastSeen: string | undefined;
  const seen = (state: string) => {
    lastSeen = state;
  };
  for (;;) {
    const value = await probe(seen);
    if (value !== undefined) return value;
    if (options.signal?.aborted) throw new PollTimeout(`${options.what} (interrupted)`, Date.now() - startedAtMs, lastSeen);
    if (Date.now() >= options.deadlineMs) throw new PollTimeout(options.what, Date.now() - startedAtMs, lastSeen);
    await sleep(Math.min(options.everyMs ?? 500, Math.max(0, options.deadlineMs - Date.now())), options.signal);
  }
}
