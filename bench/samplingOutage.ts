/**
 * REST reads that fail during the steady window (pure): a failed read is a gap in the series, kept
 * in run.json; only a sustained outage — no successful read for `limitMs` — ends the run.
 */

/** One failed read: when, and what it said. */
export interface SampleGap {
  readonly atMs: number;
  readonly error: string;
}

/** How long reads may fail in a row before the run gives up: longer than a JobManager GC pause or a slow REST answer. */
export const SAMPLING_OUTAGE_LIMIT_MS = 30_000;

export class SamplingOutage {
  readonly gaps: SampleGap[] = [];
  private failingSinceMs?: number;

  constructor(private readonly limitMs = SAMPLING_OUTAGE_LIMIT_MS) {}

  /** A read succeeded: any outage is over. */
  succeeded(): void {
    this.failingSinceMs = undefined;
  }

  /** A read failed at `nowMs`: 'retry', or 'sustained' once reads have failed for the limit. */
  failed(error: unknown, nowMs: number): 'retry' | 'sustained' {
    this.gaps.push({ atMs: nowMs, error: error instanceof Error ? error.message : String(error) });
    this.failingSinceMs ??= nowMs;
    return nowMs - this.failingSinceMs >= this.limitMs ? 'sustained' : 'retry';
  }

  /** Since when reads have failed without a success, if they do. */
  get sinceMs(): number | undefined {
    return this.failingSinceMs;
  }
}
