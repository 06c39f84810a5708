import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../lib/results.js';
import { REPO_ROOT } from '../lib/repoRoot.js';
import { deriveIntervalStack } from '../infra/pulumi/stackFiles.js';
import { pulumiCellRunner, type StackDriver } from './pulumiCells.js';
import { globToRegExp, planStackCells, readSweepStacks, settingsFromStacks } from './sweepStacks.js';
import { runSweep } from './runSweep.js';
import { parseSweepSettings } from './sweepArgs.js';
import { syntheticRunRecord } from './syntheticRun.fixture.js';

const DEV = readFileSync(join(REPO_ROOT, 'Pulumi.dev.yaml'), 'utf8');

/** A project folder with interval stacks derived from the dev stack, as `ckpt-lab stacks init` writes them. */
function stackDir(intervals: Record<string, number>, edit: (name: string, text: string) => string = (_n, t) => t): string {
  const dir = mkdtempSync(join(tmpdir(), 'stacks-'));
  writeFileSync(join(dir, 'Pulumi.yaml'), 'name: ckpt-lab\nruntime: nodejs\n');
  writeFileSync(join(dir, 'Pulumi.dev.yaml'), DEV);
  for (const [stack, intervalMs] of Object.entries(intervals))
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), edit(stack, deriveIntervalStack(DEV, 'dev', intervalMs).text));
  return dir;
}

/** Records what the sweep asks of Pulumi; `up` leaves a run.json where the stack's bench would. */
function fakeDriver(workDir: string) {
  const calls: string[] = [];
  const driver: StackDriver = {
    workDir,
    async up(stack, benchRun) {
      calls.push(`up ${stack} ${benchRun}`);
      const interval = readSweepStacks(workDir, stack)[0]!.intervalMs;
      const resultsPath = writeJsonAtomic(join(workDir, 'bench-results', stack), 'run.json', syntheticRunRecord(interval, calls.length));
      return { resultsPath, throughputEventsPerSec: 5000 };
    },
    async destroy(stack) {
      calls.push(`destroy ${stack}`);
    },
  };
  return { driver, calls };
}

describe('the Pulumi sweep target', () => {
  it('matches stacks by glob and reads each one’s interval', () => {
    const dir = stackDir({ 'ckpt-10s': 10_000, 'ckpt-2s': 2_000, 'ckpt-off': 0 });
    expect(readSweepStacks(dir, 'ckpt-*').map((s) => [s.name, s.intervalMs, s.failures])).toEqual([
      ['ckpt-off', 0, 0],
      ['ckpt-2s', 2_000, 1],
      ['ckpt-10s', 10_000, 1],
    ]);
    expect(globToRegExp('ckpt-?s').test('ckpt-5s')).toBe(true);
    expect(() => readSweepStacks(dir, 'prod-*')).toThrow(/Invalid --stacks: 'prod-\*' matches no Pulumi.<stack>.yaml/);
  });

  it('refuses two stacks with one interval', () => {
    const dir = stackDir({ 'ckpt-a': 10_000, 'ckpt-b': 10_000 });
    expect(() => readSweepStacks(dir, 'ckpt-*')).toThrow(/matches ckpt-a and ckpt-b, both with interval 10s/);
  });

  it('runs up → outputs → destroy per cell through the Automation API driver', async () => {
    // The 10s stack warms up for 33 s: what sweep.json records is each stack's own window.
    const dir = stackDir({ 'ckpt-10s': 10_000, 'ckpt-2s': 2_000, 'ckpt-off': 0 }, (n, t) => (n === 'ckpt-10s' ? t.replace('warmup: 20s', 'warmup: 33s') : t));
    const { driver, calls } = fakeDriver(dir);
    const stacks = readSweepStacks(dir, 'ckpt-*');
    // The profile says 1s … 30s and a hybrid workload; the stacks say 2s and 10s, the dev stack's workload.
    const settings = settingsFromStacks(parseSweepSettings({ target: 'pulumi', stacks: 'ckpt-*', repeat: '1' }), stacks);
    const out = await runSweep(settings, planStackCells(stacks, 1), pulumiCellRunner(driver, stacks, { destroyAfter: true, sweepId: 'sw1' }), {
      dir: join(dir, 'results', 'sw1'),
      log: () => {},
    });
    expect(calls).toEqual([
      'up ckpt-off sw1/off-r1',
      'destroy ckpt-off',
      'up ckpt-2s sw1/2s-r1',
      'destroy ckpt-2s',
      'up ckpt-10s sw1/10s-r1',
      'destroy ckpt-10s',
    ]);
    const recorded = JSON.parse(readFileSync(join(dir, 'results', 'sw1', 'sweep.json'), 'utf8')).settings;
    expect(recorded).toMatchObject({
      intervalsMs: [2_000, 10_000],
      failures: 1,
      failureKind: 'tm-kill',
      workload: { rate: 2000, bidders: 20_000, stateMode: 'realistic' },
    });
    expect(recorded.warmupMs).toEqual({ off: 20_000, '2s': 20_000, '10s': 33_000 });
    expect(recorded.durationMs.off).toBe(60_000);
    expect(recorded.sampleMs).toBe(2_000);
    expect(out.doc.cells.map((c) => c.stack)).toEqual(['ckpt-off', 'ckpt-2s', 'ckpt-10s']);
    expect(existsSync(join(dir, 'results', 'sw1', out.doc.cells[1]!.runJson!))).toBe(true);
    expect(out.doc.aggregates!.intervals.map((a) => a.intervalMs)).toEqual([2_000, 10_000]);
    expect(JSON.parse(readFileSync(join(dir, 'results', 'sw1', 'sweep.json'), 'utf8')).target).toBe('pulumi');
  });

  it('fails a cell whose stack has no resultsPath output, and still destroys it', async () => {
    const dir = stackDir({ 'ckpt-5s': 5_000 });
    const calls: string[] = [];
    const driver: StackDriver = { workDir: dir, up: async () => ({}), destroy: async (s) => void calls.push(`destroy ${s}`) };
    const stacks = readSweepStacks(dir, 'ckpt-*');
    const runner = pulumiCellRunner(driver, stacks, { destroyAfter: true, sweepId: 'x' });
    await expect(runner.run(planStackCells(stacks, 1)[0]!, { runsDir: join(dir, 'runs'), log: () => {} })).rejects.toThrow(/no readable resultsPath output/);
    expect(calls).toEqual(['destroy ckpt-5s']);
  });

  it('refuses a baseline stack that injects failures, and stacks that differ in failures or workload', () => {
    const settings = parseSweepSettings({ target: 'pulumi', stacks: 'ckpt-*' });
    const failingBaseline = stackDir({ 'ckpt-off': 0, 'ckpt-5s': 5_000 }, (n, t) => (n === 'ckpt-off' ? t.replace('failure: none', 'failure: tm-kill') : t));
    expect(() => settingsFromStacks(settings, readSweepStacks(failingBaseline, 'ckpt-*'))).toThrow(
      'Pulumi.ckpt-off.yaml: the baseline (interval off) injects 1 tm-kill; without checkpoints a failure replays from the start. Allowed: bench.failure none',
    );
    const differing = stackDir({ 'ckpt-5s': 5_000, 'ckpt-10s': 10_000 }, (n, t) => (n === 'ckpt-10s' ? t.replace('failures: 1', 'failures: 2') : t));
    expect(() => settingsFromStacks(settings, readSweepStacks(differing, 'ckpt-*'))).toThrow(
      'The stacks inject different failures (ckpt-5s: 1 tm-kill, ckpt-10s: 2 tm-kill)',
    );
    const otherRate = stackDir({ 'ckpt-5s': 5_000, 'ckpt-10s': 10_000 }, (n, t) => (n === 'ckpt-10s' ? t.replace('rate: 2000', 'rate: 3000') : t));
    expect(() => settingsFromStacks(settings, readSweepStacks(otherRate, 'ckpt-*'))).toThrow(/The stacks run different workloads/);
  });

  it('refuses a stack whose config is invalid, naming its file', () => {
    const bad = stackDir({ 'ckpt-5s': 5_000 }, (_n, t) => t.replace('minPause: 0ms', 'minpause: 0ms'));
    expect(() => readSweepStacks(bad, 'ckpt-*')).toThrow('Pulumi.ckpt-5s.yaml: Invalid ckpt-lab:checkpoint.minpause');
  });
});
