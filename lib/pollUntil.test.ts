import { describe, expect, it } from 'vitest';
import { pollUntil, PollTimeout } from './pollUntil.js';

describe('pollUntil', () => {
  it('returns the first value the probe gives, after asking as often as it took', async () => {
    let calls = 0;
    const value = await pollUntil({ deadlineMs: Date.now() + 5_000, what: 'the third call', everyMs: 1 }, () => (++calls === 3 ? 'ready' : undefined));
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('fails at the deadline naming what it waited for, how long, and what it last saw', async () => {
    let calls = 0;
    const error = await pollUntil({ deadlineMs: Date.now() + 60, what: 'the job to run with all tasks', everyMs: 10 }, (seen) => {
      seen(`state CREATED (call ${++calls})`);
      return undefined;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PollTimeout);
    expect((error as Error).message).toMatch(/^Waited 0 s for the job to run with all tasks; last seen: state CREATED \(call \d+\)\.$/);
    expect(calls).toBeGreaterThan(1);
    expect((error as PollTimeout).waitedMs).toBeGreaterThanOrEqual(60);
  });

  it('says minutes for long waits', () => {
    expect(new PollTimeout('a savepoint', 300_000).message).toBe('Waited 5 min for a savepoint.');
    expect(new PollTimeout('a TaskManager', 45_400, 'have 1 of 2').message).toBe('Waited 45 s for a TaskManager; last seen: have 1 of 2.');
  });

  it('ends at once when aborted, and passes on an error the probe throws', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    const error = await pollUntil({ deadlineMs: Date.now() + 60_000, what: 'nothing', everyMs: 30_000, signal: abort.signal }, () => undefined).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(/^Waited 0 s for nothing \(interrupted\)\.$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(
      pollUntil({ deadlineMs: Date.now() + 1_000, what: 'x' }, () => {
        throw new Error('the job failed');
      }),
    ).rejects.toThrow('the job failed');
  });
});
