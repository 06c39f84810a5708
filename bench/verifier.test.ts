import { describe, expect, it } from 'vitest';
import { parseVerification, verifierFailureCause } from './verifier.js';

describe('the verifier’s output', () => {
  it('reads its JSON line', () => {
    const v = parseVerification('log line\n{"savepoint":"/x","bidders":3,"counterSum":5,"stateBytes":{"min":1,"median":2,"max":3},"sourcePosition":5,"ok":true}\n');
    expect(v.ok).toBe(true);
    expect(v.bidders).toBe(3);
  });

  it('names the real cause of a failure', () => {
    expect(verifierFailureCause('Terminating due to java.lang.OutOfMemoryError: Java heap space\n', 3)).toBe('it ran out of memory (Java heap space)');
    expect(verifierFailureCause('Exception in thread "main" java.io.FileNotFoundException: /sp/_metadata (No such file or directory)\n\tat x', 1)).toContain(
      'a file is missing: Exception in thread "main" java.io.FileNotFoundException: /sp/_metadata',
    );
    expect(verifierFailureCause('java.lang.IllegalStateException: boom\n\tat a\nCaused by: java.io.IOException: disk full\n', 1)).toBe('java.io.IOException: disk full');
    expect(verifierFailureCause('', 239)).toBe('it exited with code 239 and printed no exception (killed, likely out of memory)');
  });
});
