/** `ckpt-lab predict` through the real CLI, on a committed sweep (docs/measurements/quick-realistic-2026-12-02). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';

const SWEEP = 'docs/measurements/quick-realistic-2026-12-02';
const cli = (...args: string[]) => {
  const started = Date.now();
  const r = spawnSync('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), 'predict', SWEEP, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { ...r, ms: Date.now() - started };
};

describe('ckpt-lab predict', () => {
  it('answers with the loss the sweep recorded at its own intervals, at the pooled price, as one JSON document', () => {
    // sweep.json recorded the loss at the pooled price as 25.76 % at 5 s and 4.294 % at 30 s (T_eff 30,000.1 ms).
    const at5 = cli('--interval', '5s', '--json');
    expect(at5.status, at5.stderr).toBe(0);
    process.stderr.write(`[predict] answered in ${at5.ms} ms (node start-up included)\n`);
    const p5 = JSON.parse(at5.stdout) as { capacityLossPct: { value: number; from: string }; stateMode: string; bidders: number; extrapolation: string[] };
    expect(p5).toMatchObject({ stateMode: 'realistic', bidders: 200_000, extrapolation: [] });
    expect(p5.capacityLossPct.from).toBe('CPU price');
    expect(p5.capacityLossPct.value).toBeCloseTo(25.76, 2);
    const p30 = JSON.parse(cli('--interval', '30s', '--json').stdout) as { capacityLossPct: { value: number } };
    expect(p30.capacityLossPct.value).toBeCloseTo(4.294, 2);
  });

  it('prints the figures with their intervals, and flags an interval outside the measured range', () => {
    const r = cli('--interval', '2m');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^predicted at 2m: realistic, 200,000 bidders, full checkpoints/);
    expect(r.stdout).toMatch(/capacity loss +\d+\.\d % \[/);
    expect(r.stdout).toContain('EXTRAPOLATED: 2m is 4.0 × the longest interval measured (30s)');
  });

  it('refuses what the sweep did not measure, and bad input, with exit 2 and the reason', () => {
    for (const [args, message] of [
      [['--interval', '15s', '--state-mode', 'hybrid'], "Invalid --state-mode: 'hybrid': the sweep did not measure it. Allowed: realistic."],
      [['--interval', '15s', '--checkpoint-type', 'incremental'], 'the sweep measured full checkpoints only. Allowed: full.'],
      [['--interval', '15s', '--bidders', '3000000'], 'one state size for realistic, 200,000 bidders'],
      [['--interval', 'off'], "Invalid --interval: 'off'."],
      [[], 'ckpt-lab predict needs --interval'],
      [['--interval', '15s', '--rate', 'fast'], "Invalid --rate: 'fast'. Allowed: a number above 0."],
      [['--interval', '15s', '--repeat', '2'], '--repeat is not an option of ckpt-lab predict'],
    ] as const) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  }, 30_000);
});
