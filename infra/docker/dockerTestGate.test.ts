import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipWithoutDocker } from './dockerTestGate.testkit.js';
import { readSkips, skippedLine } from '../../scripts/skippedTestsReporter.js';

describe('Docker-dependent tests', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'skips-')), 'skips.jsonl');

  it('run where nothing is missing, and fail where something is, naming what and how to skip', () => {
    const f = file();
    expect(skipWithoutDocker('a.int.test.ts', undefined, {}, f)).toBe(false);
    expect(() => skipWithoutDocker('a.int.test.ts', 'no Docker engine answers at unix:///var/run/docker.sock', {}, f)).toThrow(
      'a.int.test.ts cannot run here: no Docker engine answers at unix:///var/run/docker.sock. Start dockerd as root',
    );
    expect(() => skipWithoutDocker('a.int.test.ts', 'no sshd', { CKPT_LAB_SKIP_DOCKER: '0' }, f)).toThrow('CKPT_LAB_SKIP_DOCKER=1');
    expect(readSkips(f)).toEqual([]);
  });

  it('are skipped with CKPT_LAB_SKIP_DOCKER=1, and the run’s last line names each with its reason', () => {
    const f = file();
    expect(skipWithoutDocker('a.int.test.ts', 'no Docker engine', { CKPT_LAB_SKIP_DOCKER: '1' }, f)).toBe(true);
    expect(skipWithoutDocker('b.int.test.ts', 'no sshd', { CKPT_LAB_SKIP_DOCKER: '1' }, f)).toBe(true);
    expect(readFileSync(f, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    expect(skippedLine(readSkips(f))).toBe('SKIPPED (CKPT_LAB_SKIP_DOCKER=1) 2 test file(s): a.int.test.ts — no Docker engine; b.int.test.ts — no sshd');
    expect(skippedLine([])).toBeUndefined();
  });
});
