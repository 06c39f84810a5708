/** `ckpt-lab predict` on a committed sweep (docs/measurements/quick-realistic-2026-12-02): in process, and twice through the real CLI. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { predictCommand } from './predictCommand.js';
import { UsageError } from './runArgs.js';

const SWEEP = join(REPO_ROOT, 'docs/measurements/quick-realistic-2026-12-02');
const cli = (...args: string[]) => {
  const started = Date.now();
  const r = spawnSync('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), 'predict', SWEEP, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { ...r, ms: Date.now() - started };
};

describe('ckpt-lab predict', () => {
  it('answers with the loss the sweep recorded at its own intervals, at the pooled price', () => {
    // sweep.json recorded the loss at the pooled price as 25.76 % at 5 s and 4.294 % at 30 s (T_eff 30,000.1 ms).
    const p5 = predictCommand(SWEEP, { interval: '5s' }).prediction;
    expect(p5).toMatchObject({ stateMode: 'realistic', bidders: 200_000, checkpointType: 'full', extrapolation: [] });
    expect(p5.capacityLossPct!.from).toBe('CPU price');
    expect(p5.capacityLossPct!.value).toBeCloseTo(25.76, 2);
    expect(predictCommand(SWEEP, { interval: '30s' }).prediction.capacityLossPct!.value).toBeCloseTo(4.294, 2);
  });

  it('prints the figures with their intervals, and flags an interval outside the measured range', () => {
    const { text } = predictCommand(SWEEP, { interval: '2m' });
    expect(text).toMatch(/^predicted at 2m: realistic, 200,000 bidders, full checkpoints/);
    expect(text).toMatch(/capacity loss +\d+\.\d % \[/);
    expect(text).toContain('EXTRAPOLATED: 2m is 4.0 × the longest interval measured (30s)');
  });

  it('refuses what the sweep did not measure, and bad input, naming why', () => {
    for (const [flags, message] of [
      [{ interval: '15s', 'state-mode': 'hybrid' }, "Invalid --state-mode: 'hybrid': the sweep did not measure it. Allowed: realistic."],
      [{ interval: '15s', 'checkpoint-type': 'incremental' }, 'the sweep measured full checkpoints only. Allowed: full.'],
      [{ interval: '15s', bidders: '3000000' }, 'one state size for realistic, 200,000 bidders'],
      [{ interval: 'off' }, "Invalid --interval: 'off'."],
      [{}, 'ckpt-lab predict needs --interval'],
      [{ interval: '15s', rate: 'fast' }, "Invalid --rate: 'fast'. Allowed: a number above 0."],
    ] as const) {
      expect(() => predictCommand(SWEEP, flags)).toThrow(UsageError);
      expect(() => predictCommand(SWEEP, flags)).toThrow(message);
    }
  });

  it('on the command line: one JSON document on stdout, or exit 2 with the reason on stderr and nothing on stdout', () => {
    const ok = cli('--interval', '15s', '--json');
    expect(ok.status, ok.stderr).toBe(0);
    process.stderr.write(`[predict] answered in ${ok.ms} ms (node and tsx start-up included)\n`);
    expect(JSON.parse(ok.stdout)).toMatchObject({ intervalMs: 15_000, stateMode: 'realistic' });
    const refused = cli('--interval', '15s', '--state-mode', 'hybrid');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Allowed: realistic.');
    expect(refused.stdout).toBe('');
  }, 30_000);
});
