import { describe, expect, it } from 'vitest';
import { parseVerification, verifierFailureCause, verifierTimeoutMs } from './verifier.js';

describe('the verifier’s output', () => {
  it('reads its JSON line', () => {
    const v = parseVerification(
      'log line\n{"savepoint":"/x","bidders":3,"counterSum":5,"stateBytes":{"min":1,"median":2,"max":3},"sourcePosition":5,"ok":true}\n',
    );
    expect(v.ok).toBe(true);
    expect(v.bidders).toBe(3);
  });

  it('names the real cause of a failure', () => {
    expect(verifierFailureCause('Terminating due to java.lang.OutOfMemoryError: Java heap space\n', 3)).toBe('it ran out of memory (Java heap space)');
    expect(verifierFailureCause('Exception in thread "main" java.io.FileNotFoundException: /sp/_metadata (No such file or directory)\n\tat x', 1)).toContain(
      'a file is missing: Exception in thread "main" java.io.FileNotFoundException: /sp/_metadata',
    );
    expect(verifierFailureCause('java.lang.IllegalStateException: boom\n\tat a\nCaused by: java.io.IOException: disk full\n', 1)).toBe(
      'java.io.IOException: disk full',
    );
    expect(verifierFailureCause('', 239)).toBe('it exited with code 239 and printed no exception (killed, likely out of memory)');
  });
});

describe('the verifier time limit', () => {
  it('grows with the savepoint beyond ten minutes, with room over the measured 130 s per GB', () => {
    expect(verifierTimeoutMs(100e6)).toBe(600_000);
    expect(verifierTimeoutMs(10e9)).toBe(3_000_000);
    expect(verifierTimeoutMs(3.17e9)).toBeGreaterThan(2 * 411_000);
  });
});
