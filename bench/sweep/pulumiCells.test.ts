import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../results.js';
import { globToRegExp, planStackCells, pulumiCellRunner, readSweepStacks, type StackDriver } from './pulumiCells.js';
import { runSweep } from './runSweep.js';
import { parseSweepSettings } from './sweepArgs.js';
import { syntheticRunRecord } from './syntheticRun.fixture.js';

function stackDir(intervals: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stacks-'));
  writeFileSync(join(dir, 'Pulumi.yaml'), 'name: ckpt-lab\nruntime: nodejs\n');
  writeFileSync(join(dir, 'Pulumi.dev.yaml'), 'config:\n  ckpt-lab:checkpoint:\n    interval: 5s\n');
  for (const [stack, interval] of Object.entries(intervals)) {
    writeFileSync(join(dir, `Pulumi.${stack}.yaml`), `config:\n  ckpt-lab:checkpoint:\n    interval: ${interval}\n    mode: EXACTLY_ONCE\n`);
  }
  return dir;
}

/** Records what the sweep asks of Pulumi; `up` leaves a run.json where the stack's bench would. */
function fakeDriver(workDir: string) {
  const calls: string[] = [];
  const driver: StackDriver = {
    workDir,
    async up(stack, config) {
      calls.push(`up ${stack} ${JSON.stringify(config)}`);
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
    const dir = stackDir({ 'ckpt-10s': '10s', 'ckpt-2s': '2s', 'ckpt-off': 'off' });
    expect(readSweepStacks(dir, 'ckpt-*')).toEqual([
      { name: 'ckpt-off', intervalMs: 0 },
      { name: 'ckpt-2s', intervalMs: 2_000 },
      { name: 'ckpt-10s', intervalMs: 10_000 },
    ]);
    expect(globToRegExp('ckpt-?s').test('ckpt-5s')).toBe(true);
    expect(() => readSweepStacks(dir, 'prod-*')).toThrow(/Invalid --stacks: 'prod-\*' matches no Pulumi.<stack>.yaml/);
  });

  it('refuses two stacks with one interval', () => {
    const dir = stackDir({ 'ckpt-a': '10s', 'ckpt-b': '10000ms' });
    expect(() => readSweepStacks(dir, 'ckpt-*')).toThrow(/matches ckpt-a and ckpt-b, both with interval 10s/);
  });

  it('runs up → outputs → destroy per cell through the Automation API driver', async () => {
    const dir = stackDir({ 'ckpt-10s': '10s', 'ckpt-2s': '2s', 'ckpt-off': 'off' });
    const { driver, calls } = fakeDriver(dir);
    const stacks = readSweepStacks(dir, 'ckpt-*');
    const settings = parseSweepSettings({ target: 'pulumi', stacks: 'ckpt-*', repeat: '1' });
    const out = await runSweep(settings, planStackCells(stacks, 1), pulumiCellRunner(driver, stacks, { destroyAfter: true, sweepId: 'sw1' }), {
      dir: join(dir, 'results', 'sw1'),
      log: () => {},
    });
    expect(calls).toEqual([
      'up ckpt-off {"ckpt-lab:benchRun":"sw1/off-r1"}',
      'destroy ckpt-off',
      'up ckpt-2s {"ckpt-lab:benchRun":"sw1/2s-r1"}',
      'destroy ckpt-2s',
      'up ckpt-10s {"ckpt-lab:benchRun":"sw1/10s-r1"}',
      'destroy ckpt-10s',
    ]);
    expect(out.doc.cells.map((c) => c.stack)).toEqual(['ckpt-off', 'ckpt-2s', 'ckpt-10s']);
    expect(existsSync(join(dir, 'results', 'sw1', out.doc.cells[1]!.runJson!))).toBe(true);
    expect(out.doc.aggregates!.intervals.map((a) => a.intervalMs)).toEqual([2_000, 10_000]);
    expect(JSON.parse(readFileSync(join(dir, 'results', 'sw1', 'sweep.json'), 'utf8')).target).toBe('pulumi');
  });

  it('fails a cell whose stack has no resultsPath output, and still destroys it', async () => {
    const dir = stackDir({ 'ckpt-5s': '5s' });
    const calls: string[] = [];
    const driver: StackDriver = { workDir: dir, up: async () => ({}), destroy: async (s) => void calls.push(`destroy ${s}`) };
    const stacks = readSweepStacks(dir, 'ckpt-*');
    const runner = pulumiCellRunner(driver, stacks, { destroyAfter: true, sweepId: 'x' });
    await expect(runner.run(planStackCells(stacks, 1)[0]!, { runsDir: join(dir, 'runs'), log: () => {} })).rejects.toThrow(/no readable resultsPath output/);
    expect(calls).toEqual(['destroy ckpt-5s']);
  });
});
