import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { checkOptionsFor, commandHelp } from './commandOptions.js';

const cli = (...args: string[]) => spawnSync('node', [join(REPO_ROOT, 'bin/ckpt-lab.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

describe('options per command', () => {
  it('refuses an option of another command, naming the command it belongs to', () => {
    expect(() => checkOptionsFor('sweep', { interval: '5s' })).toThrow(
      '--interval is not an option of ckpt-lab sweep; it belongs to ckpt-lab run, ckpt-lab predict.',
    );
    expect(() => checkOptionsFor('sweep', { duration: '10s' })).toThrow('--duration is not an option of ckpt-lab sweep; it belongs to ckpt-lab run.');
    expect(() => checkOptionsFor('run', { repeat: '3' })).toThrow('--repeat is not an option of ckpt-lab run; it belongs to ckpt-lab sweep, ckpt-lab study.');
    expect(() => checkOptionsFor('recommend', { bidders: '10' })).toThrow(/--bidders is not an option of ckpt-lab recommend/);
  });

  it('accepts what each command takes: the workload flags for run and sweep, --profile for experiment, limits for recommend', () => {
    expect(() => checkOptionsFor('run', { interval: '5s', bidders: '10', 'min-pause': '0', json: true })).not.toThrow();
    expect(() => checkOptionsFor('sweep', { intervals: '1s,5s', bidders: '10', 'max-overhead': '5%', 'order-seed': '1' })).not.toThrow();
    expect(() => checkOptionsFor('experiment', { profile: 'standard', out: 'x' })).not.toThrow();
    expect(() => checkOptionsFor('recommend', { 'max-recovery': '60s', mtbf: '24h' })).not.toThrow();
    expect(() => checkOptionsFor('prefill', { bidders: '10', 'state-mode': 'hybrid', rest: 'http://x:8081' })).not.toThrow();
    expect(() => checkOptionsFor('predict', { interval: '15s', 'checkpoint-type': 'full', bidders: '10', rate: '5000', json: true })).not.toThrow();
    expect(() => checkOptionsFor('predict', { repeat: '3' })).toThrow(/--repeat is not an option of ckpt-lab predict/);
    expect(() => checkOptionsFor('run', { 'checkpoint-type': 'full' })).toThrow(
      '--checkpoint-type is not an option of ckpt-lab run; it belongs to ckpt-lab predict, ckpt-lab sweep, ckpt-lab study.',
    );
  });

  it('lists exactly a command’s options in its --help, with defaults and units', () => {
    const run = commandHelp('run');
    expect(run).toMatch(/--warmup <duration> +left out after the job starts; default 30s/);
    expect(run).toMatch(/--interval <5s\|500ms\|2m\|off> +checkpoint interval; default 5s/);
    expect(run).toMatch(/--state-mode <bigstate\|realistic\|hybrid>/);
    expect(run).not.toContain('--repeat');
    const sweep = commandHelp('sweep');
    expect(sweep).toMatch(/--max-overhead <N%> +capacity-loss limit; default 5%/);
    expect(sweep).toMatch(/--max-recovery <duration> +recovery limit; default 1m/);
    expect(sweep).not.toContain('--interval ');
    expect(sweep).not.toContain('--duration');
    expect(sweep).toMatch(/--warmup <duration> +.*a sweep: every cell's instead of the profile's/);
  });

  it('answers on the command line: exit 2 and the message before anything starts, and per-command help', () => {
    const wrong = cli('sweep', '--interval', '5s', '--out', '/nonexistent/never');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--interval is not an option of ckpt-lab sweep; it belongs to ckpt-lab run, ckpt-lab predict.');
    const help = cli('experiment', '--help');
    expect(help.status).toBe(0);
    expect(help.stderr).toContain('ckpt-lab experiment options:');
    expect(help.stderr).toMatch(/--profile <quick\|standard\|seed\|study>/);
  }, 30_000);
});
