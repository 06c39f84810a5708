import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../results.js';
import { planCells } from './plan.js';
import { runSweep, type CellRunner } from './runSweep.js';
import { parseSweepSettings } from './sweepArgs.js';
import type { SweepDocument } from './sweepDocument.js';
import { syntheticRunRecord } from './syntheticRun.fixture.js';

/** A runner that writes made-up run.json files and fails the cells it is told to. */
function fakeRunner(failing: Set<string> = new Set()): CellRunner & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    async run(cell, ctx) {
      ran.push(cell.id);
      if (failing.has(cell.id)) throw new Error(`cell ${cell.id} broke`);
      return { runJson: writeJsonAtomic(join(ctx.runsDir, cell.id), 'run.json', syntheticRunRecord(cell.intervalMs, cell.repeat)) };
    },
  };
}

describe('runSweep', () => {
  const settings = parseSweepSettings({ intervals: '2s,10s', repeat: '2', failures: '1' });
  const cells = planCells(settings.intervalsMs, settings.repeat);

  it('writes sweep.json with every cell, the analysis and the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const lines: string[] = [];
    const out = await runSweep(settings, cells, fakeRunner(), { dir, log: (l) => lines.push(l) });
    const doc = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    expect(doc.schema).toBe('ckpt-lab/sweep@1');
    expect(doc.cells.map((c) => c.status)).toEqual(Array(6).fill('complete'));
    expect(doc.aggregates!.baseline!.runs).toBe(2);
    expect(doc.aggregates!.intervals.map((a) => a.intervalMs)).toEqual([2_000, 10_000]);
    expect(doc.recommendation!.candidates).toHaveLength(2);
    expect(out.failedCells).toEqual([]);
    const env = JSON.parse(readFileSync(join(dir, 'environment.json'), 'utf8'));
    expect(env.configHash).toBe(doc.configHash);
    expect(env.versions.flink).toBe('1.18.1');
    expect(lines.some((l) => /^\[sweep 3\/6\] interval 10s, repeat 1 — elapsed .*, ETA \d+m\d\ds$/.test(l))).toBe(true);
  });

  it('resumes: a re-run with the same --out runs only the cells not finished', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const first = fakeRunner(new Set(['10s-r2']));
    const out1 = await runSweep(settings, cells, first, { dir, log: () => {} });
    expect(first.ran).toHaveLength(6);
    expect(out1.failedCells.map((c) => c.id)).toEqual(['10s-r2']);
    const second = fakeRunner();
    const out2 = await runSweep(settings, cells, second, { dir, log: () => {} });
    expect(second.ran).toEqual(['10s-r2']);
    expect(out2.doc.cells.every((c) => c.status === 'complete')).toBe(true);
  });

  it('refuses to resume a sweep made with other settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    await runSweep(settings, cells, fakeRunner(), { dir, log: () => {} });
    const other = parseSweepSettings({ intervals: '2s,30s', repeat: '2', failures: '1' });
    const runner = fakeRunner();
    await expect(runSweep(other, planCells(other.intervalsMs, 2), runner, { dir, log: () => {} })).rejects.toThrow(/holds a sweep with other settings/);
    expect(runner.ran).toEqual([]);
  });
});
